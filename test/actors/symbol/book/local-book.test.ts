/**
 * LocalBook sync cases (docs/venue-binance.md, local order book) on small hand-made books: buffering before the snapshot, the
 * first-diff rule, stale diffs, `pu` gaps, bookReset, absent-level removal, and snapshot data round trip.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalBook } from '../../../../src/actors/symbol/book/local-book.js';
import { diff, snapshot } from '../events.js';

function top(book: LocalBook): [number, number, number, number] {
  return [book.bids.priceAt(0), book.bids.qtyAt(0), book.asks.priceAt(0), book.asks.qtyAt(0)];
}

const SNAP = snapshot(
  100,
  [
    [10, 1],
    [9, 2],
  ],
  [
    [11, 1],
    [12, 2],
  ],
);

test('diffs before the snapshot are buffered; stale ones dropped; the straddling one applied first', () => {
  const book = new LocalBook(100);
  book.applyDiff(diff(90, 95, 80, [[10, 5]], [])); // u < lastUpdateId: covered by the snapshot
  book.applyDiff(diff(96, 103, 95, [[10.5, 1]], [])); // U <= 100 <= u: the first to apply
  book.applyDiff(diff(104, 110, 103, [], [[10.8, 4]]));
  assert.equal(book.inSync, false);
  book.applySnapshot(SNAP);
  assert.equal(book.inSync, true);
  assert.equal(book.lastUpdateId, 110);
  assert.equal(book.staleDiffs, 1);
  assert.deepEqual(top(book), [10.5, 1, 10.8, 4]);
  assert.equal(book.gaps, 0);
});

test('a first diff past lastUpdateId (U > lastUpdateId) is a gap, unless its pu is lastUpdateId', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  book.applyDiff(diff(101, 105, 100, [], [])); // pu proves continuity
  assert.equal(book.inSync, true);
  assert.equal(book.gaps, 0);
  const book2 = new LocalBook(100);
  book2.applySnapshot(SNAP);
  book2.applyDiff(diff(102, 105, 101, [], []));
  assert.equal(book2.inSync, false);
  assert.equal(book2.gaps, 1);
});

test('pu continuity: a missing diff marks the book out of sync until the next snapshot', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  book.applyDiff(diff(99, 104, 98, [[10, 0]], []));
  assert.deepEqual(top(book), [9, 2, 11, 1]); // the removal applied
  book.applyDiff(diff(108, 109, 107, [[9.5, 1]], [])); // pu 107 != 104
  assert.equal(book.inSync, false);
  assert.equal(book.gaps, 1);
  assert.equal(book.syncState, 'outOfSync');
  book.applyDiff(diff(110, 112, 109, [[9.6, 1]], [])); // buffered
  book.applySnapshot(snapshot(111, [[9, 2]], [[11, 1]]));
  assert.equal(book.inSync, true);
  assert.equal(book.lastUpdateId, 112);
  assert.deepEqual(top(book), [9.6, 1, 11, 1]);
});

test('a duplicate (already applied) diff is skipped as stale, not a gap', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  const d = diff(99, 104, 98, [[10, 7]], []);
  book.applyDiff(d);
  book.applyDiff(d);
  assert.equal(book.gaps, 0);
  assert.equal(book.staleDiffs, 1);
  assert.equal(book.inSync, true);
});

test('removing an absent level is a no-op; quantities are absolute', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  book.applyDiff(
    diff(
      100,
      101,
      99,
      [
        [8.5, 0],
        [9, 4],
      ],
      [[13, 0]],
    ),
  );
  assert.deepEqual(book.bids.toFlat(), [10, 1, 9, 4]);
  assert.deepEqual(book.asks.toFlat(), [11, 1, 12, 2]);
});

test('bookReset invalidates until the next snapshot, drops older buffered diffs, counts a resync', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  book.reset();
  assert.equal(book.inSync, false);
  assert.equal(book.resyncs, 1);
  book.applyDiff(diff(200, 205, 199, [[10, 3]], []));
  book.applySnapshot(snapshot(203, [[10, 1]], [[11, 1]]));
  assert.equal(book.inSync, true);
  assert.deepEqual(top(book), [10, 3, 11, 1]);
  assert.equal(book.gaps, 0);
});

test('the pre-snapshot buffer is bounded (oldest dropped)', () => {
  const book = new LocalBook(2);
  book.applyDiff(diff(1, 2, 0, [], []));
  book.applyDiff(diff(3, 4, 2, [], []));
  book.applyDiff(diff(5, 6, 4, [[1, 1]], []));
  assert.equal(book.toData().buffered.length, 2);
  assert.equal(book.toData().bufferDropped, 1);
});

test('data round trip keeps levels, counters and the buffer', () => {
  const book = new LocalBook(100);
  book.applySnapshot(SNAP);
  book.applyDiff(diff(105, 106, 104, [], []));
  const copy = LocalBook.fromData(structuredClone(book.toData()), 100);
  assert.deepEqual(copy.toData(), book.toData());
});
