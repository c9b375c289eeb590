/** CVD: session vs rolling, the aggressor sign, and the least-squares slope in base units per second. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cvd } from '../../../../src/actors/symbol/metrics/cvd.js';

test('session accumulates every trade; rolling only the window', () => {
  const c = new Cvd(2_000);
  c.onTrade(0, +3); // buy aggressor 3
  c.onTrade(1_000, -1); // sell aggressor (m=true) 1
  c.onTrade(2_500, -4);
  const f = c.figures(3_000);
  assert.equal(f.session, -2);
  // window (1000, 3000]: only the −4
  assert.equal(f.rolling, -4);
  assert.equal(f.windowMs, 2_000);
});

test('slope: CVD rising 2 per second over the window → 2', () => {
  const c = new Cvd(10_000);
  for (let s = 1; s <= 5; s++) c.onTrade(s * 1_000, 2);
  // points (1,2) (2,4) (3,6) (4,8) (5,10): slope 2 per second
  const f = c.figures(5_000);
  assert.ok(Math.abs(f.slope - 2) < 1e-12, String(f.slope));
});

test('slope by hand on an uneven series', () => {
  const c = new Cvd(10_000);
  c.onTrade(0, 1); // (0 s, 1)
  c.onTrade(1_000, 2); // (1 s, 3)
  c.onTrade(3_000, -3); // (3 s, 0)
  // mean x = 4/3, mean y = 4/3; Sxy = Σ(dx·dy) = (−4/3)(−1/3) + (−1/3)(5/3) + (5/3)(−4/3) = 4/9 − 5/9 − 20/9 = −21/9
  // Sxx = 16/9 + 1/9 + 25/9 = 42/9 → slope = −0.5
  const f = c.figures(3_000);
  assert.ok(Math.abs(f.slope + 0.5) < 1e-12, String(f.slope));
});

test('fewer than two points or one instant: slope 0', () => {
  const c = new Cvd(10_000);
  assert.equal(c.figures(0).slope, 0);
  c.onTrade(5, 1);
  c.onTrade(5, 1);
  assert.equal(c.figures(6).slope, 0);
});

test('round-trips through its data', () => {
  const c = new Cvd(10_000);
  c.onTrade(0, 1);
  c.onTrade(1_000, -2);
  const copy = new Cvd(10_000, structuredClone(c.toData()));
  assert.deepEqual(copy.figures(2_000), c.figures(2_000));
});
