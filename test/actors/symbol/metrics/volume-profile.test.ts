/** Volume profile: buckets, POC, the 70 % value area walk, the rolling window; hand-computed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoBucket, round8, roundToTick } from '../../../../src/actors/symbol/metrics/price-grid.js';
import { VolumeProfile } from '../../../../src/actors/symbol/metrics/volume-profile.js';

test('POC and value area: from the POC, the larger neighbour first, until 70 %', () => {
  const p = new VolumeProfile(1, 60_000);
  // 99: 0.5, 100: 1, 101: 5, 102: 3, 103: 2 (total 11.5, 70 % = 8.05)
  for (const [px, q] of [
    [99, 0.5],
    [100, 1],
    [101, 5],
    [102, 3],
    [103, 2],
  ] as const)
    p.onTrade(1_000, px, q);
  const f = p.figures(2_000);
  // POC 101 (5); up 102 (3) vs down 100 (1): 102 → 8 < 8.05; up 103 (2) vs 100 (1): 103 → 10 ≥ 8.05
  assert.deepEqual(f.session, { volume: 11.5, poc: 101, valueAreaHigh: 103, valueAreaLow: 101 });
  assert.deepEqual(f.window, f.session);
  assert.equal(f.bucket, 1);
});

test('prints go to the nearest bucket; prices out are exact decimals', () => {
  const p = new VolumeProfile(0.1, 60_000);
  p.onTrade(1, 65_000.1, 1);
  p.onTrade(2, 65_000.12, 2); // nearest 65 000.1
  p.onTrade(3, 65_000.3, 1);
  const f = p.figures(10);
  assert.deepEqual([f.session.poc, f.session.volume], [65_000.1, 4]);
  assert.equal(f.session.valueAreaHigh, 65_000.1, '3 of 4 = 75 % at the POC alone');
});

test('the rolling window drops old prints back to exactly zero; the session keeps them', () => {
  const p = new VolumeProfile(1, 10_000);
  p.onTrade(1_000, 100, 0.1);
  p.onTrade(1_000, 100, 0.2);
  p.onTrade(5_000, 105, 0.05);
  const f = p.figures(11_000); // (1 000, 11 000]: only 105 left
  assert.deepEqual(f.window, { volume: 0.05, poc: 105, valueAreaHigh: 105, valueAreaLow: 105 });
  assert.ok(Math.abs(f.session.volume - 0.35) < 1e-12);
  assert.equal(f.session.poc, 100);
  const back = new VolumeProfile(1, 10_000, structuredClone(p.toData()));
  assert.deepEqual(back.figures(11_000), f);
  assert.equal(p.figures(20_000).window.poc, null);
});

test('auto bucket from the first print, fixed for the session; rounding helpers', () => {
  assert.deepEqual([autoBucket(65_000), autoBucket(3_000), autoBucket(0.5)], [1, 0.1, 0.00001]);
  const p = new VolumeProfile(0, 60_000);
  p.onTrade(1, 3_012.34, 1);
  p.onTrade(2, 65_000, 1); // does not change the bucket
  assert.equal(p.figures(3).bucket, 0.1);
  assert.equal(p.figures(3).session.poc, 3_012.3);
  assert.deepEqual(
    [round8(0.1 + 0.2), roundToTick(0.10000000000582077, 0.1), roundToTick(0.37, 0.25)],
    [0.3, 0.1, 0.25],
  );
});
