/** ATR and range: SMA of true range over closed klines, bars kept current from trades, venue klines win. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Atr } from '../../../../src/actors/symbol/metrics/atr.js';
import { kline } from '../events.js';

const M = 60_000;

function atr(period = 3, range = 4): Atr {
  return new Atr('1m', M, period, range);
}

test('null until period bars; then the mean true range with previous closes', () => {
  const a = atr();
  a.onKline(kline(0, 100, 105, 95, 100)); // TR 10 (no previous close)
  a.onKline(kline(M, 100, 102, 99, 101)); // TR max(3, |102−100|, |99−100|) = 3
  assert.equal(a.figures(2 * M).value, null);
  a.onKline(kline(2 * M, 110, 112, 108, 111)); // TR max(4, |112−101|=11, |108−101|=7) = 11
  const f = a.figures(3 * M);
  assert.equal(f.value, (10 + 3 + 11) / 3);
  assert.equal(f.high, 112);
  assert.equal(f.low, 95);
  a.onKline(kline(3 * M, 111, 111, 110, 110)); // TR max(1, 0, 1) = 1; window = bars 1..3
  assert.equal(a.figures(4 * M).value, (3 + 11 + 1) / 3);
});

test('other intervals are ignored', () => {
  const a = atr(1, 1);
  a.onKline(kline(0, 1, 2, 0, 1, true, '5m'));
  assert.equal(a.figures(M).value, null);
});

test('trades build the current bar; it closes when exchange time passes its end', () => {
  const a = atr(1, 2);
  a.onKline(kline(0, 100, 101, 99, 100));
  a.onTrade(M + 1_000, 103);
  a.onTrade(M + 2_000, 98);
  a.onTrade(M + 3_000, 100);
  let f = a.figures(M + 5_000);
  assert.equal(f.value, 2); // only bar 0 is closed
  assert.deepEqual([f.high, f.low], [103, 98]); // current bar + bar 0
  f = a.figures(2 * M);
  // bar 1 closed from trades: TR max(5, |103−100|, |98−100|) = 5
  assert.equal(f.value, 5);
});

test("the venue's closed kline replaces the trade-built bar", () => {
  const a = atr(1, 1);
  a.onTrade(1_000, 100);
  a.onTrade(2_000, 101);
  a.figures(M); // closes bar 0 from trades: 100..101
  a.onKline(kline(0, 100, 104, 97, 102)); // the venue saw more (before we started)
  const f = a.figures(M + 1);
  assert.equal(f.value, 7);
  assert.deepEqual([f.high, f.low], [104, 97]);
});

test('an open kline seeds the current bar; later trades extend it; data round-trips', () => {
  const a = atr(1, 1);
  a.onKline(kline(0, 100, 102, 99, 101, false));
  a.onTrade(30_000, 105);
  let f = a.figures(40_000);
  assert.deepEqual([f.high, f.low, f.value], [105, 99, null]);
  const copy = new Atr('1m', M, 1, 1, structuredClone(a.toData()));
  f = copy.figures(M);
  assert.deepEqual([f.value, f.high, f.low], [6, 105, 99]);
});
