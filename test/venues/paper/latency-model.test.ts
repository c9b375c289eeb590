/** The latency models: a constant, and the tape's smoothed feed latency with a synced or a skewed recorder clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constantLatency, TAPE_LATENCY_ALPHA, TapeLatency } from '../../../src/venues/paper/latency-model.js';

test('constant latency; a negative one is refused', () => {
  const l = constantLatency(7, 3);
  assert.deepEqual([l.entryMs(0), l.responseMs(0)], [7, 3]);
  assert.throws(() => constantLatency(-1), RangeError);
});

test('tape latency with a synced clock: the smoothed receive − event time', () => {
  const l = new TapeLatency(9);
  assert.equal(l.entryMs(), 9, 'fallback before any frame');
  l.observeFeed(1000, 1010); // 10 ms: the minimum, excess 0
  assert.equal(l.entryMs(), 10);
  l.observeFeed(2000, 2042); // excess 32 → 0 + 32/32 = 1
  assert.equal(l.entryMs(), 10 + 32 * TAPE_LATENCY_ALPHA);
  assert.equal(l.clockSkewed, false);
});

test('tape latency with a clock behind the venue: floor + smoothed excess over the fastest frame', () => {
  const l = new TapeLatency(0, 2);
  l.observeFeed(1000, -270); // −1270
  l.observeFeed(2000, 702); // −1298: a new fastest frame; the earlier excess is re-based (28)
  assert.equal(l.clockSkewed, true);
  // Excess: 28 re-based, then (0 − 28)/32 → 27.125; floor 2.
  assert.equal(l.entryMs(), 2 + 28 - 28 * TAPE_LATENCY_ALPHA);
});
