/**
 * The calibration table (scripts/market-calibration.ts) on the shared recordings: every banded statistic of
 * the synthetic market (BTC/ETH, seeds 1–4, 6 min) is inside its band against the hftbacktest tapes. Skips
 * visibly without the recordings ($TAPELINE_RECORDED_DATA or ../shared/data).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrationRows, formatRows, ksDistance } from '../../../scripts/market-calibration/calibration-table.js';
import { recordedDataDir } from '../../../scripts/market-calibration/data-dir.js';
import type { RunStats } from '../../../scripts/market-calibration/market-stats.js';
import { MAJOR_TAPES, measureTapeSet } from '../../../scripts/market-calibration/recorded-runs.js';
import { measureSim } from '../../../scripts/market-calibration/sim-runs.js';

test('KS distance: 0 for the same sample, 1 for disjoint ones', () => {
  assert.equal(ksDistance([1, 2, 3], [1, 2, 3]), 0);
  assert.equal(ksDistance([1, 2, 3], [4, 5, 6]), 1);
  assert.ok(Math.abs(ksDistance([1, 2, 3, 4], [3, 4, 5, 6]) - 0.5) < 1e-9);
});

test('the synthetic market is inside every band of the calibration table', { timeout: 300_000 }, async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const real: RunStats[] = [];
  for (const set of MAJOR_TAPES) real.push(...(await measureTapeSet(dir, set)).values());
  assert.equal(real.length, 4, 'four recorded runs');
  const sim: RunStats[] = [];
  for (let seed = 1; seed <= 4; seed++)
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) sim.push(measureSim(symbol, seed, 6));
  const rows = calibrationRows(real, sim);
  console.log(formatRows(rows).replace(/^/gm, '# '));
  const outside = rows
    .filter((r) => r.inside === false)
    .map((r) => `${r.name}: real ${r.real}, sim ${r.sim}, ${r.band}`);
  assert.deepEqual(outside, []);
  assert.ok(rows.filter((r) => r.inside === true).length >= 15, 'at least 15 banded rows');
});
