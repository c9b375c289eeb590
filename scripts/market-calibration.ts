/**
 * `node dist/scripts/market-calibration.js [--seeds N] [--minutes M]`: measures the recorded tapes and the
 * synthetic market with the same code and prints the calibration table (sim vs real, a band per statistic)
 * and the strategies' signal rates per symbol-hour on both. Method and latest figures: docs/market-calibration.md.
 */
import { parseArgs } from 'node:util';
import { calibrationRows, formatRows } from './market-calibration/calibration-table.js';
import { MAJOR_TAPES, measureTapeSet } from './market-calibration/recorded-runs.js';
import { measureSim } from './market-calibration/sim-runs.js';
import { recordedDataDir } from './market-calibration/data-dir.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, minutes: { type: 'string', default: '6' } } });
const seeds = Number(values.seeds);
const minutes = Number(values.minutes);
const dir = recordedDataDir();
if (!dir) {
  process.stderr.write('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data\n');
  process.exit(2);
}
const real = [];
for (const set of MAJOR_TAPES) real.push(...(await measureTapeSet(dir, set)).values());
const sim = [];
for (let seed = 1; seed <= seeds; seed++) for (const symbol of ['BTCUSDT', 'ETHUSDT']) sim.push(measureSim(symbol, seed, minutes));
process.stdout.write(`## Majors: ${real.length} recorded runs vs ${sim.length} sim runs (seeds 1–${seeds}, ${minutes} min)\n\n`);
process.stdout.write(`${formatRows(calibrationRows(real, sim))}\n`);
