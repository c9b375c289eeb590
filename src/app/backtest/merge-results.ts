/**
 * Per-symbol results → the run's records, in an order that does not depend on how symbols were split over
 * workers: by time, then symbol, then the order the symbol produced them (the sorts are stable). The account's
 * equity is the starting balance plus every symbol's latest sample at each sample time.
 */
import type { EquityPoint, FillRecord, FundingRecord, OrderRecord, SignalRecord } from './report/records.js';
import type { SnapshotHash, SymbolBacktestResult } from './symbol-recorder.js';

export interface BacktestRecords {
  from: number;
  to: number;
  balance: number;
  frames: number;
  symbols: string[];
  orders: OrderRecord[];
  fills: FillRecord[];
  signals: SignalRecord[];
  funding: FundingRecord[];
  prices: Record<string, Array<[number, number]>>;
  equity: EquityPoint[];
  hashes: SnapshotHash[];
  /** Last mid per symbol (open positions are marked at it). */
  lastMid: Record<string, number>;
  excludedMs: Record<string, number>;
  warnings: Record<string, number>;
}

function bySymbolThenTime<T extends { ts: number; symbol: string }>(a: T, b: T): number {
  return a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
}

export function mergeResults(
  results: SymbolBacktestResult[],
  balance: number,
  frames: number,
  pipelineWarnings: Record<string, number>,
): BacktestRecords {
  const sorted = [...results].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const warnings: Record<string, number> = { ...pipelineWarnings };
  const lastMid: Record<string, number> = {};
  const excludedMs: Record<string, number> = {};
  for (const r of sorted) {
    for (const [code, n] of Object.entries(r.warnings)) warnings[code] = (warnings[code] ?? 0) + n;
    lastMid[r.symbol] = r.lastMid;
    excludedMs[r.symbol] = r.excludedMs;
  }
  const seen = sorted.filter((r) => r.firstTs !== 0);
  return {
    from: seen.length ? Math.min(...seen.map((r) => r.firstTs)) : 0,
    to: seen.length ? Math.max(...seen.map((r) => r.lastTs)) : 0,
    balance,
    frames,
    symbols: sorted.map((r) => r.symbol),
    orders: sorted.flatMap((r) => r.orders).sort(bySymbolThenTime),
    fills: sorted.flatMap((r) => r.fills).sort(bySymbolThenTime),
    signals: sorted.flatMap((r) => r.signals).sort(bySymbolThenTime),
    funding: sorted.flatMap((r) => r.funding).sort(bySymbolThenTime),
    prices: Object.fromEntries(sorted.map((r) => [r.symbol, r.prices])),
    equity: accountEquity(sorted, balance),
    hashes: sorted.flatMap((r) => r.hashes).sort((a, b) => bySymbolThenTime(a, b) || a.seq - b.seq),
    lastMid,
    excludedMs,
    warnings: Object.fromEntries(Object.entries(warnings).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

function accountEquity(results: SymbolBacktestResult[], balance: number): EquityPoint[] {
  const times = [...new Set(results.flatMap((r) => r.equity.map((e) => e.ts)))].sort((a, b) => a - b);
  const cursor = results.map(() => -1);
  const out: EquityPoint[] = [];
  for (const ts of times) {
    let realized = 0;
    let unrealized = 0;
    let fees = 0;
    let funding = 0;
    const positions: Record<string, number> = {};
    results.forEach((r, i) => {
      while (cursor[i]! + 1 < r.equity.length && r.equity[cursor[i]! + 1]!.ts <= ts) cursor[i]!++;
      const e = r.equity[cursor[i]!];
      if (!e) return;
      realized += e.realized;
      unrealized += e.unrealized;
      fees += e.fees;
      funding += e.funding;
      if (e.position !== 0) positions[r.symbol] = e.position;
    });
    out.push({
      type: 'equity',
      ts,
      equity: balance + realized + unrealized - fees + funding,
      realized,
      unrealized,
      fees,
      funding,
      positions,
    });
  }
  return out;
}
