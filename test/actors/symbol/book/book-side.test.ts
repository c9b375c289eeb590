/** BookSide: sorted insert/remove on both sides, best first access, top-N and within-limit sums, growth. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BookSide } from '../../../../src/actors/symbol/book/book-side.js';

test('bids keep the highest price best, asks the lowest', () => {
  const bids = new BookSide(true, 2);
  const asks = new BookSide(false, 2);
  for (const p of [5, 7, 6, 1, 9]) {
    bids.set(p, p * 10);
    asks.set(p, p * 10);
  }
  assert.deepEqual(bids.toFlat(), [9, 90, 7, 70, 6, 60, 5, 50, 1, 10]);
  assert.deepEqual(asks.toFlat(), [1, 10, 5, 50, 6, 60, 7, 70, 9, 90]);
  bids.set(7, 0);
  bids.set(9, 1);
  assert.deepEqual(bids.toFlat(), [9, 1, 6, 60, 5, 50, 1, 10]);
  assert.equal(bids.topQty(2), 61);
  assert.equal(bids.qtyWithin(5), 111);
  assert.equal(asks.qtyWithin(5.5), 60);
});

test('a random sequence of sets matches a Map-based reference', () => {
  const side = new BookSide(true, 4);
  const ref = new Map<number, number>();
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < 3_000; i++) {
    const price = Math.round(rnd() * 200) / 2;
    const qty = rnd() < 0.3 ? 0 : Math.round(rnd() * 100);
    side.set(price, qty);
    if (qty === 0) ref.delete(price);
    else ref.set(price, qty);
  }
  const expected = [...ref.entries()].sort((a, b) => b[0] - a[0]).flat();
  assert.deepEqual(side.toFlat(), expected);
});
