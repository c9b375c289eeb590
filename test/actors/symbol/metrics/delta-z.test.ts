/**
 * Delta Z: the last completed interval scored against the N completed intervals before it (sample std, n − 1),
 * the in-progress delta beside it unscored; empty intervals as zeros; minSamples; lookback. Expectations are
 * the textbook formulas written out on the constructed deltas, never the module's own arithmetic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeltaZ } from '../../../../src/actors/symbol/metrics/delta-z.js';

/** Textbook z of x against a sample: (x − mean) / s, s² = Σ(xi − mean)² / (n − 1). */
function textbookZ(x: number, sample: number[]): { mean: number; std: number; z: number } {
  const n = sample.length;
  const mean = sample.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, std, z: (x - mean) / std };
}

test('a constructed sequence of completed-interval deltas gives the textbook z', () => {
  const d = new DeltaZ(1_000, 5, 3);
  // Completed intervals 0..5 have deltas 2, 4, 4, 4, 5, 11 (two trades in some, to show they sum).
  const deltas = [2, 4, 4, 4, 5, 11];
  deltas.forEach((v, i) => {
    d.onTrade(i * 1_000 + 100, v - 1);
    d.onTrade(i * 1_000 + 900, 1);
  });
  d.onTrade(6_100, 3); // interval 6 is in progress
  const f = d.figures(6_500);
  // 11 scored against the five before it, by hand: mean 3.8, s² = (3.24 + 0.04·3 + 1.44) / 4 = 1.2
  assert.equal(f.delta, 11);
  assert.equal(f.samples, 5);
  assert.ok(Math.abs(f.mean - 3.8) < 1e-12);
  assert.ok(Math.abs(f.std - Math.sqrt(1.2)) < 1e-12);
  assert.ok(Math.abs((f.z as number) - 7.2 / Math.sqrt(1.2)) < 1e-12);
  const ref = textbookZ(11, [2, 4, 4, 4, 5]);
  assert.ok(Math.abs((f.z as number) - ref.z) < 1e-12);
  assert.equal(f.inProgress, 3, 'the in-progress delta is published, not scored');
});

test('z changes only when an interval completes, whatever the snapshot rate inside it', () => {
  const d = new DeltaZ(1_000, 10, 3);
  for (const [t, q] of [
    [100, 1],
    [1_100, 3],
    [2_100, 2],
    [3_500, 8],
  ] as const)
    d.onTrade(t, q);
  const zs: Array<number | null> = [];
  for (let now = 4_000; now < 4_900; now += 100) {
    d.onTrade(now + 50, 1); // interval 4 grows; the scored one (3: delta 8) does not move
    zs.push(d.figures(now + 100).z);
  }
  const ref = textbookZ(8, [1, 3, 2]);
  for (const z of zs) assert.ok(Math.abs((z as number) - ref.z) < 1e-12);
  assert.equal(d.figures(4_999).inProgress, 9);
  const next = d.figures(5_000); // interval 4 (delta 9) completes: scored against 1, 3, 2, 8
  assert.equal(next.delta, 9);
  assert.ok(Math.abs((next.z as number) - textbookZ(9, [1, 3, 2, 8]).z) < 1e-12);
  assert.equal(next.inProgress, 0);
});

test('the lookback holds the N intervals before the scored one; the oldest fall out', () => {
  const d = new DeltaZ(1_000, 3, 2);
  for (const [i, v] of [9, 1, 2, 4, 7].entries()) d.onTrade(i * 1_000 + 10, v);
  const f = d.figures(5_000); // scored 7 against 1, 2, 4 (9 is out)
  assert.equal(f.samples, 3);
  const ref = textbookZ(7, [1, 2, 4]);
  assert.ok(Math.abs(f.mean - ref.mean) < 1e-12);
  assert.ok(Math.abs((f.z as number) - ref.z) < 1e-12);
});

test('below minSamples or with zero std: z is null; no completed interval: delta null', () => {
  const d = new DeltaZ(1_000, 10, 3);
  d.onTrade(100, 1);
  assert.deepEqual([d.figures(500).delta, d.figures(500).z, d.figures(500).inProgress], [null, null, 1]);
  d.onTrade(1_100, 1);
  d.onTrade(2_100, 1);
  assert.equal(d.figures(3_000).z, null, '2 preceding samples < minSamples 3');
  d.onTrade(3_100, 5);
  const f = d.figures(4_000); // 5 against 1, 1, 1: std 0
  assert.deepEqual([f.samples, f.std, f.z], [3, 0, null]);
});

test('intervals without trades count as zero delta', () => {
  const d = new DeltaZ(1_000, 3, 2);
  d.onTrade(100, 6); // interval 0
  d.onTrade(3_100, 3); // intervals 1, 2 empty; 3 in progress
  const f = d.figures(4_000); // scored 3 against 6, 0, 0
  assert.deepEqual([f.delta, f.samples, f.mean], [3, 3, 2]);
  const g = d.figures(7_000); // scored interval 6 (empty) against intervals 3, 4, 5: 3, 0, 0
  assert.deepEqual([g.delta, g.samples, g.mean], [0, 3, 1]);
});

test('rollTo never moves past the latest trade or cut (a trade stamped earlier still lands in its interval)', () => {
  const d = new DeltaZ(1_000, 10, 2);
  d.onTrade(500, 4);
  d.rollTo(1_200); // a depth event at 1 200: the frontier is 500, interval 0 stays open
  d.onTrade(900, 2);
  const f = d.figures(1_000);
  assert.equal(f.delta, 6);
  const back = DeltaZ.fromData(1_000, 10, 2, structuredClone(d.toData()));
  assert.deepEqual(back.figures(3_000), d.figures(3_000));
});
