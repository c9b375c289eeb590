/** OBI (top N, band around mid) and the price block, on a hand-built book. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BookSide } from '../../../../src/actors/symbol/book/book-side.js';
import { computeObi } from '../../../../src/actors/symbol/metrics/obi.js';
import { computePrice } from '../../../../src/actors/symbol/metrics/price.js';

function book(): { bids: BookSide; asks: BookSide } {
  const bids = new BookSide(true);
  const asks = new BookSide(false);
  bids.load([
    [100, 3],
    [99.9, 1],
    [99, 10],
  ]);
  asks.load([
    [100.2, 1],
    [100.3, 2],
    [101, 20],
  ]);
  return { bids, asks };
}

test('OBI over the top 2 levels and within ±20 bps of mid', () => {
  const { bids, asks } = book();
  const f = computeObi(bids, asks, 2, 20);
  // top 2: bids 3 + 1 = 4, asks 1 + 2 = 3 → 1/7
  assert.equal(f.value, 1 / 7);
  // mid 100.1, ±0.2002 → bids >= 99.8998 (4), asks <= 100.3002 (3)
  assert.equal(f.band, 1 / 7);
  const wide = computeObi(bids, asks, 10, 100);
  assert.equal(wide.value, -9 / 37); // every level: (14 − 23) / 37
  // ±1.001 → bids >= 99.099 leave out 99 (4), asks <= 101.101 take all (23) → −19/27
  assert.equal(wide.band, -19 / 27);
});

test('empty book: nulls', () => {
  const f = computeObi(new BookSide(true), new BookSide(false), 5, 10);
  assert.deepEqual(f, { levels: 5, value: null, bandBps: 10, band: null });
  assert.deepEqual(computePrice(new BookSide(true), new BookSide(false), 7), {
    last: 7,
    mid: null,
    bid: null,
    ask: null,
    spread: null,
    microprice: null,
  });
});

test('price: mid, spread and microprice from the best levels', () => {
  const { bids, asks } = book();
  const p = computePrice(bids, asks, 100.2);
  assert.equal(p.bid, 100);
  assert.equal(p.ask, 100.2);
  assert.equal(p.mid, 100.1);
  assert.ok(Math.abs((p.spread as number) - 0.2) < 1e-9);
  // (100·1 + 100.2·3) / 4 = 100.15: the heavy bid pulls the microprice toward the ask
  assert.ok(Math.abs((p.microprice as number) - 100.15) < 1e-9);
});
