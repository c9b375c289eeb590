/** SymbolParams validation (TL_CONFIG_INVALID naming the field) and StateHasher canonical-encoding properties. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StateHasher } from '../../../src/actors/symbol/state-hash.js';
import { DEFAULT_SYMBOL_PARAMS, resolveSymbolParams } from '../../../src/actors/symbol/symbol-params.js';

test('defaults validate; a patch merges over them', () => {
  assert.deepEqual(resolveSymbolParams(undefined), DEFAULT_SYMBOL_PARAMS);
  assert.equal(resolveSymbolParams({ obiLevels: 20 }).obiLevels, 20);
});

test('bad values: TL_CONFIG_INVALID naming the field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ obiLevels: 0 }, /strategies\.symbol\.obiLevels must be an integer from 1 to 1000 \(got 0\)/],
    [{ tradeSource: 'bookTicker' }, /strategies\.symbol\.tradeSource must be one of/],
    [{ atrInterval: '1w' }, /strategies\.symbol\.atrInterval/],
    [{ windowMs: 5 }, /strategies\.symbol\.windowMs is not a known field/],
    [{ deltaZMinSamples: 100, deltaZLookback: 50 }, /deltaZMinSamples must be <= deltaZLookback/],
    [[1], /strategies\.symbol must be an object/],
    [{ tradeQuantity: 'rpi' }, /strategies\.symbol\.tradeQuantity must be one of/],
    [{ tickSize: -0.1 }, /strategies\.symbol\.tickSize/],
    [{ profileWindowMs: 10 }, /strategies\.symbol\.profileWindowMs/],
    [{ liquidationWindowMs: 1.5e3 + 0.5 }, /strategies\.symbol\.liquidationWindowMs/],
    [{ largeTradeNotional: -1 }, /strategies\.symbol\.largeTradeNotional/],
    [{ profileBucket: 'auto' }, /strategies\.symbol\.profileBucket/],
  ];
  for (const [patch, message] of cases) {
    assert.throws(
      () => resolveSymbolParams(patch),
      (err: { code?: string; message: string }) => err.code === 'TL_CONFIG_INVALID' && message.test(err.message),
      JSON.stringify(patch),
    );
  }
});

function hashOf(feed: (h: StateHasher) => void): string {
  const h = new StateHasher();
  feed(h);
  return h.digest();
}

test('hash: 16 lowercase hex, stable, −0 equals 0, order and tags matter', () => {
  const a = hashOf((h) => h.num(1).num(2).str('x'));
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.equal(
    hashOf((h) => h.num(1).num(2).str('x')),
    a,
  );
  assert.notEqual(
    hashOf((h) => h.num(2).num(1).str('x')),
    a,
  );
  assert.equal(
    hashOf((h) => h.num(-0)),
    hashOf((h) => h.num(0)),
  );
  assert.equal(
    hashOf((h) => h.num(Number.NaN)),
    hashOf((h) => h.num(0 / 0)),
  );
  assert.notEqual(
    hashOf((h) => h.maybe(null)),
    hashOf((h) => h.maybe(0)),
  );
  assert.notEqual(
    hashOf((h) => h.str('ab').str('c')),
    hashOf((h) => h.str('a').str('bc')),
  );
});

test('hash: no collisions over 100k nearby single values, and one-bit changes spread over both halves', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(hashOf((h) => h.num(60_000 + i * 0.1)));
  assert.equal(seen.size, 100_000);
  const a = hashOf((h) => h.num(1));
  const b = hashOf((h) => h.num(1 + Number.EPSILON));
  assert.notEqual(a.slice(0, 8), b.slice(0, 8));
  assert.notEqual(a.slice(8), b.slice(8));
});
