/** Delta Z: interval alignment, empty intervals as zeros, population std, minSamples, lookback. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeltaZ } from '../../../../src/actors/symbol/metrics/delta-z.js';

test('z of the interval that just ended against the completed ones', () => {
  const d = new DeltaZ(1_000, 10, 3);
  d.onTrade(100, 1); // interval 0: +1
  d.onTrade(1_100, 3); // interval 1: +3
  d.onTrade(2_100, 2); // interval 2: +2
  d.onTrade(3_500, 8); // interval 3: +8 (current at the 4000 boundary)
  const f = d.figures(4_000);
  // completed 1, 3, 2: mean 2, population variance (1 + 1 + 0) / 3 → std √(2/3)
  assert.equal(f.delta, 8);
  assert.equal(f.samples, 3);
  assert.equal(f.mean, 2);
  assert.ok(Math.abs(f.std - Math.sqrt(2 / 3)) < 1e-12);
  assert.ok(Math.abs((f.z as number) - 6 / Math.sqrt(2 / 3)) < 1e-9);
});

test('below minSamples or with zero std: z is null', () => {
  const d = new DeltaZ(1_000, 10, 3);
  d.onTrade(100, 1);
  d.onTrade(1_100, 1);
  assert.equal(d.figures(2_000).z, null); // 1 sample
  d.onTrade(2_100, 1);
  d.onTrade(3_100, 5);
  const f = d.figures(4_000);
  assert.equal(f.samples, 3);
  assert.equal(f.std, 0);
  assert.equal(f.z, null);
});

test('intervals without trades count as zero delta; the lookback keeps the newest', () => {
  const d = new DeltaZ(1_000, 3, 2);
  d.onTrade(100, 6); // interval 0
  d.onTrade(3_100, 3); // intervals 1, 2 empty; 3 current
  let f = d.figures(4_000);
  assert.equal(f.samples, 3); // 6, 0, 0
  assert.equal(f.mean, 2);
  d.onTrade(10_100, 1); // interval 10: pushes 3, then 6 zeros capped at lookback
  f = d.figures(11_000);
  assert.deepEqual([f.samples, f.mean, f.delta], [3, 0, 1]);
});

test('a snapshot with no trade since still moves to the interval before now', () => {
  const d = new DeltaZ(1_000, 10, 2);
  d.onTrade(500, 4);
  const f = d.figures(3_000); // current = interval 2 (time 2999): empty; completed 4, 0
  assert.equal(f.delta, 0);
  assert.equal(f.samples, 2);
  const back = DeltaZ.fromData(1_000, 10, 2, structuredClone(d.toData()));
  assert.deepEqual(back.figures(3_000), d.figures(3_000));
});
