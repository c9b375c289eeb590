/**
 * Hostile venue frames (property-based, bounded: 3000 batches in CI, 100 k in scripts/soak.ts) into the ingest
 * pipeline and the bare codecs: nothing throws out of the pipeline, every rejection is a coded TapelineError,
 * no NaN/Infinity reaches a symbol actor, and the heap stays bounded.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzVenueFrames } from './fixtures/hostile-frames.js';

test('3000 batches of hostile venue frames: no crash, clear errors, finite inputs, bounded heap', (t) => {
  const f = fuzzVenueFrames(3000, 9);
  t.diagnostic(JSON.stringify(f));
  assert.equal(f.unclear, 0, f.firstFailure);
  assert.equal(f.nonFinite, 0, f.firstFailure);
  assert.ok(f.heapDeltaMb < 200, `heap grew ${f.heapDeltaMb} MB`);
});
