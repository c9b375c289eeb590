/** Time & Sales: window edges, VWAP, largest print and side (earliest of equals), rate — hand-computed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeAndSales } from '../../../../src/actors/symbol/metrics/time-and-sales.js';

test('empty window: zeros and nulls', () => {
  const t = new TimeAndSales(10_000);
  assert.deepEqual(t.figures(5_000, 5_000, null, 'q', 0), {
    windowMs: 10_000,
    count: 0,
    buyVolume: 0,
    sellVolume: 0,
    vwap: null,
    largest: 0,
    largestSide: null,
    rate: 0,
    source: null,
    quantity: 'q',
    lateTrades: 0,
  });
});

test('counts, volumes, VWAP, largest and rate over the window', () => {
  const t = new TimeAndSales(10_000);
  t.onTrade(1_000, 100, 2, 1); // buy 2 @ 100
  t.onTrade(2_000, 102, 1, -1); // sell 1 @ 102
  t.onTrade(3_000, 101, 2, -1); // sell 2 @ 101 (ties the largest: the earlier buy keeps it)
  const f = t.figures(10_000, 60_000, 'aggTrade', 'q', 0);
  assert.equal(f.count, 3);
  assert.equal(f.buyVolume, 2);
  assert.equal(f.sellVolume, 3);
  // (200 + 102 + 202) / 5 = 100.8
  assert.equal(f.vwap, 100.8);
  assert.equal(f.largest, 2);
  assert.equal(f.largestSide, 'buy');
  assert.equal(f.rate, 0.3);
});

test('the window is (now − windowMs, now]: a trade exactly windowMs old is out', () => {
  const t = new TimeAndSales(10_000);
  t.onTrade(1_000, 100, 5, 1);
  t.onTrade(2_000, 100, 1, -1);
  const f = t.figures(11_000, 60_000, 'aggTrade', 'q', 0);
  assert.equal(f.count, 1);
  assert.equal(f.buyVolume, 0);
  assert.equal(f.largest, 1);
  assert.equal(f.largestSide, 'sell');
});

test('more trades than the initial ring capacity: none lost', () => {
  const t = new TimeAndSales(60_000);
  for (let i = 0; i < 5_000; i++) t.onTrade(i, 10, 1, i % 2 === 0 ? 1 : -1);
  const f = t.figures(5_000, 5_000, 'trade', 'q', 0);
  assert.equal(f.count, 5_000);
  assert.equal(f.buyVolume, 2_500);
  assert.equal(f.sellVolume, 2_500);
  const again = TimeAndSales.fromData(60_000, t.toData()).figures(5_000, 5_000, 'trade', 'q', 0);
  assert.deepEqual(again, f);
});

test('rate in the first window divides by the time covered, not the whole window', () => {
  const t = new TimeAndSales(60_000);
  t.onTrade(1_000, 100, 1, 1);
  t.onTrade(1_500, 100, 1, 1);
  t.onTrade(2_000, 100, 1, -1);
  // 3 trades, the session started 2.5 s before now: 1.2 per second (not 3 / 60 = 0.05)
  assert.equal(t.figures(3_000, 2_500, 'trade', 'q', 0).rate, 1.2);
  // once the session is older than the window, the window: 3 / 60
  assert.equal(t.figures(3_000, 90_000, 'trade', 'q', 0).rate, 0.05);
  assert.equal(t.figures(3_000, 0, 'trade', 'q', 0).rate, 0, 'no time covered yet: 0, not Infinity');
});
