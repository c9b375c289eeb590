/**
 * Sim vs recorded, statistic by statistic: each row pools the symbol-runs of both sides with the same
 * reduction and states its band — a ratio band (sim / real) for rates and scales, a two-sample KS distance for
 * distribution shapes, an absolute difference for shares. Rows without recorded data say so and are not banded.
 */
import type { RunStats } from './market-stats.js';

export interface Row {
  name: string;
  method: string;
  real: number;
  sim: number;
  band: string;
  /** undefined: no recorded counterpart (reference only). */
  inside: boolean | undefined;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const all = (runs: RunStats[], pick: (r: RunStats) => number[]): number[] => runs.flatMap(pick);

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

const mean = (xs: number[]): number => (xs.length > 0 ? sum(xs) / xs.length : Number.NaN);

function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

/** Two-sample Kolmogorov–Smirnov distance: the largest gap between the empirical CDFs. */
export function ksDistance(a: number[], b: number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && (x[i] as number) <= v) i++;
    while (j < y.length && (y[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Per run, values divided by that run's median (or mean): the shape, free of each symbol's scale. */
function normalized(runs: RunStats[], pick: (r: RunStats) => number[], by: 'median' | 'mean', log = false): number[] {
  return runs.flatMap((r) => {
    const xs = pick(r);
    const m = by === 'median' ? quantile(xs, 0.5) : mean(xs);
    return xs.map((x) => (log ? Math.log10(x / m) : x / m));
  });
}

function fano(r: RunStats): number {
  const m = mean(r.countsPerSecond);
  return sd(r.countsPerSecond) ** 2 / m;
}

function ratioRow(name: string, method: string, real: number, sim: number, lo: number, hi: number): Row {
  const ratio = sim / real;
  return {
    name,
    method,
    real,
    sim,
    band: `×${lo}–${hi}`,
    inside: Number.isFinite(real) && real > 0 ? ratio >= lo && ratio <= hi : undefined,
  };
}

function ksRow(name: string, method: string, real: number[], sim: number[], max: number): Row {
  const d = real.length > 0 && sim.length > 0 ? ksDistance(real, sim) : Number.NaN;
  return {
    name,
    method,
    real: quantile(real, 0.5),
    sim: quantile(sim, 0.5),
    band: `KS ${d.toFixed(3)} ≤ ${max}`,
    inside: Number.isFinite(d) ? d <= max : undefined,
  };
}

function diffRow(name: string, method: string, real: number, sim: number, max: number): Row {
  return {
    name,
    method,
    real,
    sim,
    band: `|Δ| ≤ ${max}`,
    inside: Number.isFinite(real) ? Math.abs(sim - real) <= max : undefined,
  };
}

const perSecond = (runs: RunStats[], pick: (r: RunStats) => number): number =>
  sum(runs.map(pick)) / sum(runs.map((r) => r.seconds));

/** The full table of a group (the majors: every row banded except the two without recordings). */
export function calibrationRows(real: RunStats[], sim: RunStats[]): Row[] {
  const gaps = (r: RunStats) => r.gapsMs;
  const size = (r: RunStats) => r.notionals;
  const oi = all(sim, (r) => r.oiDrift5m);
  const realOi = all(real, (r) => r.oiDrift5m);
  const sweeps = (runs: RunStats[]) => sum(runs.map((r) => r.sweeps));
  const reverts = (runs: RunStats[]) => sum(runs.map((r) => r.sweepReverts)) / Math.max(1, sweeps(runs));
  return [
    ratioRow(
      'taker orders / s',
      'prints grouped by (time, side), per second',
      perSecond(real, (r) => r.notionals.length),
      perSecond(sim, (r) => r.notionals.length),
      0.5,
      2,
    ),
    ksRow(
      'inter-arrival shape',
      'gap / run mean gap (median shown)',
      normalized(real, gaps, 'mean'),
      normalized(sim, gaps, 'mean'),
      0.2,
    ),
    ratioRow(
      'inter-arrival tail',
      'p99 / p50 of gap / mean gap',
      tail(normalized(real, gaps, 'mean')),
      tail(normalized(sim, gaps, 'mean')),
      0.5,
      2,
    ),
    ratioRow(
      'taker order size, USDT',
      'median notional per taker order',
      quantile(all(real, size), 0.5),
      quantile(all(sim, size), 0.5),
      0.5,
      2,
    ),
    ksRow(
      'size shape (heavy tail)',
      'log10(notional / run median)',
      normalized(real, size, 'median', true),
      normalized(sim, size, 'median', true),
      0.15,
    ),
    ratioRow(
      'size tail',
      'p99 / p50 of notional / run median',
      tail(normalized(real, size, 'median')),
      tail(normalized(sim, size, 'median')),
      0.5,
      2,
    ),
    ratioRow(
      'burst clustering',
      'Fano factor of orders per 1 s (mean of runs)',
      mean(real.map(fano)),
      mean(sim.map(fano)),
      0.5,
      2,
    ),
    diffRow(
      'aggressor mix',
      'buy share of taker orders',
      sum(real.map((r) => r.buyOrders)) / all(real, size).length,
      sum(sim.map((r) => r.buyOrders)) / all(sim, size).length,
      0.1,
    ),
    ratioRow(
      'aggressor swings',
      'sd of the 10 s buy share',
      sd(all(real, (r) => r.buyShare10s)),
      sd(all(sim, (r) => r.buyShare10s)),
      0.67,
      1.5,
    ),
    ratioRow(
      'depth per level, USDT',
      'mean notional per level, top 10 (1 s samples)',
      mean(all(real, (r) => r.depthTop10)),
      mean(all(sim, (r) => r.depthTop10)),
      0.33,
      3,
    ),
    ratioRow(
      'depth at the touch, USDT',
      'level-1 notional, mean of sides',
      mean(all(real, (r) => r.depthL1)),
      mean(all(sim, (r) => r.depthL1)),
      0.33,
      3,
    ),
    ratioRow(
      'diff rate, levels / s',
      'level changes within ±10 bp of mid',
      perSecond(real, (r) => r.nearDiffs),
      perSecond(sim, (r) => r.nearDiffs),
      0.5,
      2,
    ),
    ksRow(
      'top-10 OBI',
      'OBI of the top 10 levels per 1 s',
      all(real, (r) => r.obiTop10),
      all(sim, (r) => r.obiTop10),
      0.15,
    ),
    ksRow(
      '1 s delta z',
      'z of 1 s delta vs the previous 60 s',
      all(real, (r) => r.deltaZ),
      all(sim, (r) => r.deltaZ),
      0.15,
    ),
    ratioRow(
      'sweeps / h',
      '≥3-price order through the 60 s extreme',
      perSecond(real, (r) => r.sweeps) * 3600,
      perSecond(sim, (r) => r.sweeps) * 3600,
      0.5,
      2,
    ),
    diffRow('sweep revert share', 'last trade back inside the extreme 10 s later', reverts(real), reverts(sim), 0.2),
    {
      name: 'liquidations / h',
      method: 'forceOrder events',
      real: Number.NaN,
      sim: perSecond(sim, (r) => r.liquidations) * 3600,
      band: 'no forceOrder recorded',
      inside: undefined,
    },
    {
      name: 'OI drift, % / 5 min',
      method: 'median |ΔOI| / OI over 5 min',
      real: realOi.length > 0 ? quantile(realOi, 0.5) : Number.NaN,
      sim: quantile(oi, 0.5),
      band: '0.1–0.5 (no OI recorded)',
      inside: oi.length > 0 ? quantile(oi, 0.5) >= 0.1 && quantile(oi, 0.5) <= 0.5 : undefined,
    },
  ];
}

function tail(xs: number[]): number {
  return quantile(xs, 0.99) / quantile(xs, 0.5);
}

const fmt = (x: number): string =>
  !Number.isFinite(x)
    ? 'n/a'
    : Math.abs(x) >= 1000
      ? x.toFixed(0)
      : Math.abs(x) >= 10
        ? x.toFixed(1)
        : Math.abs(x) >= 0.1
          ? x.toFixed(2)
          : x.toFixed(3);

/** A Markdown table (the docs carry the same text). */
export function formatRows(rows: Row[]): string {
  const lines = ['| statistic | method | real | sim | band | inside |', '|---|---|---:|---:|---|---|'];
  for (const r of rows) {
    const verdict = r.inside === undefined ? '—' : r.inside ? 'yes' : '**NO**';
    lines.push(`| ${r.name} | ${r.method} | ${fmt(r.real)} | ${fmt(r.sim)} | ${r.band} | ${verdict} |`);
  }
  return lines.join('\n');
}
