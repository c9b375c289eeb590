/**
 * `node dist/scripts/market-calibration.js [--seeds N] [--minutes M]`: measures the recorded tapes and the
 * synthetic market with the same code and prints the calibration table (sim vs real, a band per statistic)
 * and the strategies' signal rates per symbol-hour on both. Method and latest figures: docs/market-calibration.md.
 */
import { parseArgs } from 'node:util';
import { calibrationRows, formatRows } from './market-calibration/calibration-table.js';
import { recordedDataDir } from './market-calibration/data-dir.js';
import type { RunStats } from './market-calibration/market-stats.js';
import { ALT_TAPES, MAJOR_TAPES, measureTapeSet } from './market-calibration/recorded-runs.js';
import {
  addCounts,
  NO_SIGNALS,
  recordedSignals,
  type SignalCount,
  STRATEGIES,
  simSignals,
} from './market-calibration/signal-rates.js';
import { measureSim } from './market-calibration/sim-runs.js';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '10' }, minutes: { type: 'string', default: '6' } },
});
const seeds = Number(values.seeds);
const minutes = Number(values.minutes);
const dir = recordedDataDir();
if (!dir) {
  process.stderr.write('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data\n');
  process.exit(2);
}
const real: RunStats[] = [];
for (const set of MAJOR_TAPES) real.push(...(await measureTapeSet(dir, set)).values());
const sim: RunStats[] = [];
for (let seed = 1; seed <= seeds; seed++)
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) sim.push(measureSim(symbol, seed, minutes));
process.stdout.write(
  `## Majors: ${real.length} recorded runs vs ${sim.length} sim runs (seeds 1–${seeds}, ${minutes} min)\n\n`,
);
process.stdout.write(`${formatRows(calibrationRows(real, sim))}\n`);

// Long-tail contracts: the 2021 cryptofeed files (30–120 s, @depth@100ms) against the sim's derived specs of the
// same names. Too short to band: printed for scale (what a symbol added live looks like), not asserted.
const ALT_ROWS = new Set([
  'taker orders / s',
  'taker order size, USDT',
  'depth per level, USDT',
  'depth at the touch, USDT',
  'top-10 OBI',
]);
const altReal: RunStats[] = [];
const altNames: string[] = [];
for (const set of ALT_TAPES) {
  for (const [symbol, stats] of await measureTapeSet(dir, set)) {
    altReal.push(stats);
    altNames.push(symbol);
  }
}
const altSim: RunStats[] = [];
for (const symbol of altNames) for (let seed = 1; seed <= 3; seed++) altSim.push(measureSim(symbol, seed, 2, 1));
const altTable = formatRows(calibrationRows(altReal, altSim).filter((r) => ALT_ROWS.has(r.name)));
process.stdout.write(
  `\n## Long-tail contracts (reference, not banded): ${altNames.join(', ')}; sim seeds 1–3, 2 min each\n\n${altTable}\n`,
);

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
let realSignals: SignalCount = NO_SIGNALS;
for (const set of MAJOR_TAPES) realSignals = addCounts(realSignals, await recordedSignals(dir, set));
let replayStyle: SignalCount = NO_SIGNALS;
let live: SignalCount = NO_SIGNALS;
for (let seed = 1; seed <= seeds; seed++) {
  for (const symbol of SYMBOLS) {
    replayStyle = addCounts(replayStyle, simSignals(symbol, seed, minutes, true));
    live = addCounts(live, simSignals(symbol, seed, minutes, false));
  }
}
const rate = (c: SignalCount, k: string): string =>
  `${((c.signals[k] ?? 0) / c.hours).toFixed(1)} (${c.signals[k]} in ${c.hours.toFixed(2)} h)`;
process.stdout.write(
  `\n## Signals per symbol-hour, default parameters (sim: ${SYMBOLS.join(', ')}, seeds 1–${seeds}, ${minutes} min each)\n\n`,
);
process.stdout.write(
  '| strategy | real tapes (replay) | sim, replay-style | sim, live start-up |\n|---|---:|---:|---:|\n',
);
for (const k of STRATEGIES)
  process.stdout.write(`| ${k} | ${rate(realSignals, k)} | ${rate(replayStyle, k)} | ${rate(live, k)} |\n`);
