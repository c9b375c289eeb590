/** Liquidations: rolling qty and notional by side, count, largest (earliest of equals), last; hand-computed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Liquidations, liquidationFill } from '../../../../src/actors/symbol/metrics/liquidations.js';
import { forceOrder } from '../events.js';

test('empty: zeros and nulls', () => {
  const f = new Liquidations(60_000).figures(1_000);
  assert.deepEqual(
    [f.count, f.buyQty, f.largestSide, f.largestPrice, f.lastTs, f.lastSide],
    [0, 0, null, null, null, null],
  );
});

test('window sums by side, the largest notional and the latest', () => {
  const l = new Liquidations(10_000);
  l.onLiquidation(1_000, 1_000, -1, 100, 2); // sell 200 (a long closed)
  l.onLiquidation(2_000, 2_000, 1, 110, 1); // buy 110
  l.onLiquidation(3_000, 2_990, -1, 50, 4); // sell 200: ties the largest, the earlier keeps it
  const f = l.figures(10_000);
  assert.deepEqual(
    [f.count, f.buyQty, f.sellQty, f.buyNotional, f.sellNotional, f.largestNotional, f.largestSide, f.largestPrice],
    [3, 1, 6, 110, 400, 200, 'sell', 100],
  );
  assert.deepEqual([f.lastTs, f.lastSide, f.lastPrice, f.lastQty], [2_990, 'sell', 50, 4]);
  // (now − 10 000, now]: at 11 000 the first is out; the latest stays whatever the window.
  const g = l.figures(11_000);
  assert.deepEqual([g.count, g.sellQty, g.largestNotional, g.largestPrice], [2, 4, 200, 50]);
  assert.equal(l.figures(100_000).count, 0);
  assert.equal(l.figures(100_000).lastQty, 4);
  const back = new Liquidations(10_000, structuredClone(l.toData()));
  assert.deepEqual(back.figures(100_000), l.figures(100_000));
});

test('the fill a forceOrder reports: z at ap; nothing filled → the order quantity at its price', () => {
  assert.deepEqual(liquidationFill(forceOrder(1, 'sell', 64_000, 0.5)), [64_000, 0.5]);
  const unfilled = { ...forceOrder(1, 'sell', 0, 0), price: 63_000, origQty: 2, filledQty: 0 };
  assert.deepEqual(liquidationFill(unfilled), [63_000, 2]);
});
