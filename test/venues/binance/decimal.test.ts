/**
 * `parseDecimal`, the codecs' number reader: bit-identical to `Number()` on every decimal string (its fast
 * path must never change a price), NaN for what `Number()` would wrongly read as 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDecimal } from '../../../src/venues/binance/codec/fields.js';

test('parseDecimal equals Number() on decimal strings of every length', () => {
  const digits = (min: number, max: number) =>
    fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
  const decimal = fc.tuple(digits(1, 20), fc.option(digits(0, 20))).map(([i, f]) => (f === null ? i : `${i}.${f}`));
  fc.assert(
    fc.property(decimal, (s) => {
      assert.ok(Object.is(parseDecimal(s), Number(s)), s);
    }),
    { numRuns: 20_000 },
  );
  for (const s of [
    '0',
    '0.000',
    '61800.20',
    '0.00000001',
    '.5',
    '1.',
    '999999999999999',
    '9999999999999999',
    '1e3',
    '-2.5',
    '0.1',
    '0.3',
  ]) {
    assert.ok(Object.is(parseDecimal(s), Number(s)), s);
  }
});

test('parseDecimal rejects what is not a decimal string', () => {
  for (const v of ['', ' ', ' 1', '\\t1', '.', '1.2.3', 'abc', '1,5', undefined, null, 1.5, true, ['1']]) {
    assert.ok(Number.isNaN(parseDecimal(v)), JSON.stringify(v));
  }
});
