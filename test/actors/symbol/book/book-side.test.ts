/** BookSide: sorted insert/remove on both sides, best first access, top-N and within-limit sums, growth. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BookSide } from '../../../../src/actors/symbol/book/book-side.js';
import { StateHasher } from '../../../../src/actors/symbol/state-hash.js';

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

/** Everything a reader can see of a side: levels, size, best, sums, and its stateHash words. */
function view(side: BookSide): unknown {
  const h = new StateHasher();
  side.hashInto(h);
  const best = side.size > 0 ? [side.priceAt(0), side.qtyAt(0), side.priceAt(side.size - 1)] : [];
  return [side.toFlat(), side.size, best, side.topQty(3), side.topQty(50), side.qtyWithin(150), h.digest()];
}

test('removals leave tombstones (swept, revived, filled by inserts) that no reader can tell from a shift', () => {
  // Prices from a small grid so removals, revivals and re-inserts hit the same places; up to 3 000 changes sweep.
  const change = fc.record({
    price: fc.integer({ min: 0, max: 300 }),
    qty: fc.oneof(
      fc.constant(0),
      fc.constant(0),
      fc.integer({ min: 1, max: 1_000 }).map((x) => x / 100),
    ),
  });
  fc.assert(
    fc.property(fc.boolean(), fc.array(change, { maxLength: 3_000 }), (isBid, changes) => {
      const side = new BookSide(isBid, 4);
      const ref = new Map<number, number>();
      for (const c of changes) {
        side.set(c.price, c.qty);
        if (c.qty === 0) ref.delete(c.price);
        else ref.set(c.price, c.qty);
      }
      // The reference: a side loaded from scratch with the same levels (no removal ever happened to it).
      const fresh = new BookSide(isBid);
      fresh.load([...ref].sort((a, b) => a[0] - b[0]));
      assert.deepStrictEqual(view(side), view(fresh));
    }),
    { numRuns: 200 },
  );
});
