/**
 * Symbols added live get a spec on the scale of the recorded alt contracts: tick 0.1–10 bp of the price, a step
 * worth 0.1–1 USDT at the start price (so MIN_NOTIONAL 5 is 5–50 steps), a typical order of ~300 USDT (long-tail flow), a
 * price grid the start price sits on, and the same spec for the same name every time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';

const NAMES = Array.from({ length: 500 }, (_, i) => `ALT${i}X${(i * 7919) % 1000}USDT`);

test('derived specs: realistic tick, step, minimum notional and typical order', () => {
  for (const name of NAMES) {
    const s = symbolSpec(name);
    const tickBp = (s.tickSize / s.startPrice) * 1e4;
    const stepUsdt = s.stepSize * s.startPrice;
    assert.ok(s.startPrice >= 0.01 && s.startPrice < 10_000, `${name} price ${s.startPrice}`);
    assert.ok(
      tickBp >= 0.09 && tickBp <= 11,
      `${name} tick ${s.tickSizeStr} is ${tickBp.toFixed(2)} bp of ${s.startPrice}`,
    );
    assert.ok(stepUsdt >= 0.05 && stepUsdt <= 5, `${name} step ${s.stepSizeStr} worth ${stepUsdt.toFixed(3)} USDT`);
    assert.equal(s.minNotional, 5);
    assert.ok(
      Math.abs(s.typicalUnits * stepUsdt - 300) / 300 < 0.5,
      `${name} typical order ${(s.typicalUnits * stepUsdt).toFixed(0)} USDT`,
    );
    const ticks = s.startPrice / s.tickSize;
    assert.ok(Math.abs(ticks - Math.round(ticks)) < 1e-6, `${name} start price on the tick grid`);
    assert.equal(s.priceDecimals, s.tickSizeStr.includes('.') ? (s.tickSizeStr.split('.')[1] as string).length : 0);
    assert.deepEqual(symbolSpec(name), s, 'stable per name');
  }
});

test('derived specs spread over price scales and both tick granularities', () => {
  const decades = new Set(NAMES.map((n) => Math.floor(Math.log10(symbolSpec(n).startPrice))));
  assert.ok(decades.size >= 5, `price decades: ${[...decades]}`);
  const fine = NAMES.filter((n) => {
    const s = symbolSpec(n);
    return s.tickSize / s.startPrice < 1e-4;
  }).length;
  assert.ok(fine > 100 && fine < 400, `fine ticks ${fine} of ${NAMES.length}`);
});

test('the majors keep their venue filters', () => {
  assert.equal(symbolSpec('BTCUSDT').tickSizeStr, '0.10');
  assert.equal(symbolSpec('BTCUSDT').minNotional, 100);
  assert.equal(symbolSpec('ETHUSDT').minNotional, 20);
  assert.equal(symbolSpec('SOLUSDT').stepSizeStr, '1');
});
