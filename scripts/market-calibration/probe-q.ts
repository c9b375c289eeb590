import { quantile } from './calibration-table.js';
import { MAJOR_TAPES, measureTapeSet } from './recorded-runs.js';
import { measureSim } from './sim-runs.js';
const real = [];
for (const set of MAJOR_TAPES) for (const [s, r] of await measureTapeSet('/work/shared/data', set)) real.push({ s, r });
const sim = [];
for (let seed = 1; seed <= 3; seed++) for (const s of ['BTCUSDT', 'ETHUSDT']) sim.push({ s: `${s}#${seed}`, r: measureSim(s, seed, 6) });
const q = (xs: number[]) => [0.05, 0.25, 0.5, 0.75, 0.95, 0.99].map((p) => quantile(xs, p).toPrecision(3)).join(' ');
for (const { s, r } of [...real, ...sim]) {
  console.log(s, 'n', r.notionals.length, 'sec', r.seconds.toFixed(0));
  console.log('  L1   ', q(r.depthL1)); console.log('  top10', q(r.depthTop10)); console.log('  obi  ', q(r.obiTop10));
  console.log('  dz   ', q(r.deltaZ)); console.log('  size ', q(r.notionals)); console.log('  gaps ', q(r.gapsMs)); console.log('  buy10', q(r.buyShare10s));
  console.log('  sweeps', r.sweeps, r.sweepReverts, 'liq', r.liquidations, 'oi', r.oiDrift5m.map((x) => x.toFixed(2)).join(','));
}
