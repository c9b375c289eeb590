/**
 * What report.html draws, prepared in Node: the summary, per symbol a price line with fill and signal markers
 * on one shared time axis (uPlot wants aligned columns, seconds on the x axis), and equity with its drawdown.
 * Long series are thinned to at most MAX_POINTS by keeping each bucket's first, lowest and highest point, so
 * a day of tape stays a small file and spikes stay visible.
 */
import type { EquityPoint, FillRecord, SignalRecord, Summary } from './records.js';

export const MAX_POINTS = 4000;

export interface ReportInput {
  summary: Summary;
  fills: readonly FillRecord[];
  signals: readonly SignalRecord[];
  equity: readonly EquityPoint[];
  /** Mid-price samples per symbol, [tape ms, price], time-ordered (the composition samples the book). */
  prices?: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** Free text shown under the title: tapes, options, versions. */
  caption?: string;
}

/** Columns for one symbol's chart: x (s), mid, buy fills, sell fills, accepted signals, refused signals. */
export type PriceColumns = [
  number[],
  Array<number | null>,
  Array<number | null>,
  Array<number | null>,
  Array<number | null>,
  Array<number | null>,
];

/** Keeps the first, lowest and highest point of each of ~max/3 buckets. */
export function thin(
  points: ReadonlyArray<readonly [number, number]>,
  max = MAX_POINTS,
): Array<readonly [number, number]> {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor(max / 3));
  const size = Math.ceil(points.length / buckets);
  const out: Array<readonly [number, number]> = [];
  for (let b = 0; b < points.length; b += size) {
    const end = Math.min(points.length, b + size);
    let lo = b;
    let hi = b;
    for (let i = b; i < end; i++) {
      if ((points[i] as readonly [number, number])[1] < (points[lo] as readonly [number, number])[1]) lo = i;
      if ((points[i] as readonly [number, number])[1] > (points[hi] as readonly [number, number])[1]) hi = i;
    }
    for (const i of [...new Set([b, lo, hi])].sort((x, y) => x - y)) out.push(points[i] as readonly [number, number]);
  }
  return out;
}

export function priceColumns(symbol: string, input: ReportInput): PriceColumns {
  const rows = new Map<number, [number | null, number | null, number | null, number | null, number | null]>();
  const row = (ts: number): [number | null, number | null, number | null, number | null, number | null] => {
    let r = rows.get(ts);
    if (r === undefined) {
      r = [null, null, null, null, null];
      rows.set(ts, r);
    }
    return r;
  };
  for (const [ts, p] of thin(input.prices?.[symbol] ?? [])) row(ts)[0] = p;
  for (const f of input.fills) if (f.symbol === symbol) row(f.ts)[f.side === 'BUY' ? 1 : 2] = f.price;
  for (const s of input.signals) if (s.symbol === symbol) row(s.ts)[s.accepted ? 3 : 4] = s.entry;
  const xs = [...rows.keys()].sort((a, b) => a - b);
  const cols: PriceColumns = [[], [], [], [], [], []];
  for (const ts of xs) {
    const r = rows.get(ts) as [number | null, number | null, number | null, number | null, number | null];
    cols[0].push(ts / 1000);
    for (let k = 0; k < 5; k++) (cols[k + 1] as Array<number | null>).push(r[k] as number | null);
  }
  return cols;
}

/** Equity and drawdown (equity − running peak, ≤ 0) columns, x in seconds. */
export function equityColumns(equity: readonly EquityPoint[]): [number[], number[], number[]] {
  const pts = thin(
    equity.map((e) => [e.ts, e.equity] as const),
    MAX_POINTS,
  );
  const xs: number[] = [];
  const eq: number[] = [];
  const dd: number[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (const [ts, e] of pts) {
    if (e > peak) peak = e;
    xs.push(ts / 1000);
    eq.push(e);
    dd.push(e - peak);
  }
  return [xs, eq, dd];
}

export function symbolsOf(input: ReportInput): string[] {
  const set = new Set<string>(Object.keys(input.prices ?? {}));
  for (const f of input.fills) set.add(f.symbol);
  for (const s of input.signals) set.add(s.symbol);
  return [...set].sort();
}
