/** CVD by print size and mark price / funding: hand-computed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CvdBySize } from '../../../../src/actors/symbol/metrics/cvd-by-size.js';
import { MarkFunding } from '../../../../src/actors/symbol/metrics/mark-funding.js';
import { markPrice } from '../events.js';

test('large prints (notional ≥ threshold) and the rest, session and window', () => {
  const c = new CvdBySize(1_000, 10_000);
  c.onTrade(1_000, 100, 20); // 2 000 notional: large buy
  c.onTrade(2_000, 100, -5); // 500: small sell
  c.onTrade(3_000, 100, -10); // exactly 1 000: large sell
  c.onTrade(4_000, 50, 3); // small buy
  let f = c.figures(10_000);
  assert.deepEqual([f.largeSession, f.smallSession, f.largeRolling, f.smallRolling, f.largeCount], [10, -2, 10, -2, 2]);
  f = c.figures(11_500); // (1 500, 11 500]: the first is out of the window
  assert.deepEqual([f.largeSession, f.largeRolling, f.smallRolling, f.largeCount], [10, -10, -2, 1]);
  assert.deepEqual(new CvdBySize(1_000, 10_000, structuredClone(c.toData())).figures(11_500), f);
});

test('mark, index, funding and the basis of the last trade against the mark', () => {
  const m = new MarkFunding();
  assert.deepEqual(m.figures(100), {
    mark: null,
    index: null,
    fundingRate: null,
    nextFundingTime: null,
    basisBps: null,
    ts: null,
  });
  m.onMarkPrice(markPrice(5_000, 64_000, 63_990, 0.0001, 28_800_000));
  const f = m.figures(64_032); // (64 032 − 64 000) / 64 000 · 10 000 = 5 bps
  assert.deepEqual(
    [f.mark, f.index, f.fundingRate, f.nextFundingTime, f.ts],
    [64_000, 63_990, 0.0001, 28_800_000, 5_000],
  );
  assert.ok(Math.abs((f.basisBps as number) - 5) < 1e-9);
  assert.equal(m.figures(Number.NaN).basisBps, null, 'no trade yet: no basis');
  assert.deepEqual(new MarkFunding(structuredClone(m.toData())).figures(64_032), f);
});
