/**
 * summary.json from a backtest's records: PnL (gross, fees, funding, net = gross − fees + funding), round
 * trips, win rate, average win and loss, drawdown, Sharpe, exposure, per strategy and per symbol, risk's
 * refusals by code and the excluded time. Money is summed exactly (src/venues/paper/fixed-decimal.ts) and
 * rounded to 8 decimals only when written. Pure: the same records give the same summary, byte for byte.
 */
import { divRound, fromNumber, mul, ONE, round, toNumber } from '../../../venues/paper/fixed-decimal.js';
import { PnlSlice } from './pnl-slice.js';
import type {
  EquityPoint,
  FillRecord,
  FundingRecord,
  OpenPositionMark,
  PnlBreakdown,
  SignalRecord,
  Summary,
} from './records.js';

export interface SummaryInput {
  fills: readonly FillRecord[];
  funding: readonly FundingRecord[];
  signals: readonly SignalRecord[];
  equity: readonly EquityPoint[];
  /** Starting balance (quote). */
  balance: number;
  /** First and last tape ms of the run. */
  from: number;
  to: number;
  /** The tape's last mid per symbol: open positions are marked there. */
  lastMid: Readonly<Record<string, number>>;
  excludedMs: Readonly<Record<string, number>>;
  warnings?: Readonly<Record<string, number>>;
}

/** Sharpe sampling: the equity curve read every minute. */
export const SHARPE_STEP_MS = 60_000;
/** Minutes in a 365-day year: the venue trades around the clock. */
const PERIODS_PER_YEAR = 525_600;
export const SHARPE_SAMPLING =
  'equity sampled every 60 s (last point at or before each minute), returns = change / starting balance, ' +
  'Sharpe = mean / sample stdev × √525600 (a 24/7 year of minutes), risk-free rate 0; 0 with fewer than 2 returns or no variance';

const money = (v: bigint): number => toNumber(round(v, 8));

function byKey<T>(m: Map<string, T>, key: string, make: () => T): T {
  let v = m.get(key);
  if (v === undefined) {
    v = make();
    m.set(key, v);
  }
  return v;
}

function sortedRecord<T>(m: Map<string, T>, f: (v: T, k: string) => unknown): Record<string, never> {
  const out: Record<string, unknown> = {};
  for (const k of [...m.keys()].sort()) out[k] = f(m.get(k) as T, k);
  return out as Record<string, never>;
}

export function summarize(input: SummaryInput): Summary {
  const warnings: Record<string, number> = { ...(input.warnings ?? {}) };
  const total = new PnlSlice();
  const perSymbol = new Map<string, PnlSlice>();
  const perStrategy = new Map<string, PnlSlice>();

  // Fills and funding in time order; a fill at the funding time is in the position that pays.
  type Step = { ts: number; fill?: FillRecord; funding?: FundingRecord };
  const steps: Step[] = [];
  for (const f of input.fills) steps.push({ ts: f.ts, fill: f });
  for (const f of input.funding) steps.push({ ts: f.ts, funding: f });
  steps.sort((a, b) => a.ts - b.ts || (a.fill ? 0 : 1) - (b.fill ? 0 : 1));
  total.clock(input.from);

  for (const s of steps) {
    if (s.fill) {
      const f = s.fill;
      total.fill(f);
      byKey(perSymbol, f.symbol, () => startAt(input.from)).fill(f);
      byKey(perStrategy, f.strategy, () => startAt(input.from)).fill(f);
      continue;
    }
    const p = s.funding as FundingRecord;
    const amount = fromNumber(p.amount);
    total.addFunding(amount, p.ts);
    byKey(perSymbol, p.symbol, () => startAt(input.from)).addFunding(amount, p.ts);
    // Each strategy pays on its own share of the position: −qty × mark × rate (8 decimals).
    const mark = fromNumber(p.markPrice);
    const rate = fromNumber(p.fundingRate);
    for (const slice of perStrategy.values()) {
      const qty = slice.position(p.symbol);
      if (qty !== 0n) slice.addFunding(round(-divRound(qty * mark * rate, ONE * ONE), 8), p.ts);
    }
  }
  for (const slice of [total, ...perSymbol.values(), ...perStrategy.values()]) slice.clock(input.to);

  const marks = new Map<string, bigint>();
  const openPositions: OpenPositionMark[] = [];
  const markNotes: string[] = [];
  for (const [strategy, slice] of [...perStrategy].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const [symbol, t] of [...slice.open].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (t.qty === 0n) continue;
      let mid = input.lastMid[symbol];
      if (mid === undefined) {
        // No book at the end: mark at the last fill's price, and say so.
        warnings.TL_BACKTEST_NO_MARK = (warnings.TL_BACKTEST_NO_MARK ?? 0) + 1;
        mid = [...input.fills].reverse().find((f) => f.symbol === symbol)?.price ?? 0;
      }
      const m = fromNumber(mid);
      marks.set(symbol, m);
      const entry = slice.entryPrice(symbol);
      openPositions.push({
        symbol,
        strategy,
        qty: toNumber(t.qty),
        entryPrice: money(entry),
        markPrice: mid,
        unrealized: money(mul(t.qty, m - entry)),
      });
    }
  }
  for (const [symbol, m] of [...marks].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    markNotes.push(`${symbol} at ${toNumber(m)}`);
  const marking =
    markNotes.length === 0
      ? 'no position open at the end of the tape'
      : `open positions are marked at the tape's last mid (${markNotes.join(', ')}); their PnL is inside grossPnl and netPnl`;

  const span = input.to - input.from;
  const breakdown = (s: PnlSlice): PnlBreakdown => {
    const gross = s.gross(marks);
    const wins = s.trips.filter((p) => p > 0n);
    const losses = s.trips.filter((p) => p <= 0n);
    const sum = (xs: bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
    return {
      grossPnl: money(gross),
      fees: money(s.fees),
      funding: money(s.funding),
      netPnl: money(gross - s.fees + s.funding),
      trades: s.trips.length,
      winRate: s.trips.length === 0 ? 0 : wins.length / s.trips.length,
      avgWin: wins.length === 0 ? 0 : money(divRound(sum(wins), BigInt(wins.length))),
      avgLoss: losses.length === 0 ? 0 : money(divRound(sum(losses), BigInt(losses.length))),
      fills: s.fills,
      makerFills: s.makerFills,
      takerFills: s.takerFills,
      volume: money(s.volume),
      exposure: span > 0 ? s.exposureMs / span : 0,
    };
  };

  const signals = { total: 0, accepted: 0, refused: 0, refusedByCode: {} as Record<string, number> };
  const codes = new Map<string, number>();
  for (const s of input.signals) {
    signals.total++;
    if (s.accepted) signals.accepted++;
    else {
      signals.refused++;
      const code = s.riskCode ?? 'unknown';
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  }
  signals.refusedByCode = sortedRecord(codes, (n) => n);

  const dd = drawdown(input.equity);
  return {
    type: 'summary',
    from: input.from,
    to: input.to,
    balance: input.balance,
    total: {
      ...breakdown(total),
      maxDrawdown: dd.abs,
      maxDrawdownPct: dd.pct,
      sharpe: sharpe(input.equity, input.balance),
      sharpeSampling: SHARPE_SAMPLING,
    },
    perStrategy: sortedRecord(perStrategy, breakdown),
    perSymbol: sortedRecord(perSymbol, breakdown),
    openPositions,
    marking,
    signals,
    excludedMs: sortedRecord(new Map(Object.entries(input.excludedMs)), (n) => n),
    warnings: sortedRecord(new Map(Object.entries(warnings)), (n) => n),
  };
}

function startAt(from: number): PnlSlice {
  const s = new PnlSlice();
  s.clock(from);
  return s;
}

/** Largest peak-to-trough fall of equity (exact on the points' decimals) and that fall over its peak. */
export function drawdown(points: readonly EquityPoint[]): { abs: number; pct: number } {
  let peak: bigint | undefined;
  let worst = 0n;
  let worstPct = 0;
  for (const p of points) {
    const e = fromNumber(p.equity);
    if (peak === undefined || e > peak) peak = e;
    const fall = peak - e;
    if (fall > worst) {
      worst = fall;
      worstPct = peak > 0n ? toNumber(fall) / toNumber(peak) : 0;
    }
  }
  return { abs: money(worst), pct: worstPct };
}

/** Annualized Sharpe ratio of minute-sampled equity changes (see SHARPE_SAMPLING). */
export function sharpe(points: readonly EquityPoint[], balance: number): number {
  if (points.length < 2 || !(balance > 0)) return 0;
  const first = points[0] as EquityPoint;
  const last = points[points.length - 1] as EquityPoint;
  const samples: number[] = [];
  let i = 0;
  for (let t = first.ts; ; t += SHARPE_STEP_MS) {
    const at = Math.min(t, last.ts);
    while (i + 1 < points.length && (points[i + 1] as EquityPoint).ts <= at) i++;
    samples.push((points[i] as EquityPoint).equity);
    if (at === last.ts) break;
  }
  const returns: number[] = [];
  for (let k = 1; k < samples.length; k++)
    returns.push(((samples[k] as number) - (samples[k - 1] as number)) / balance);
  if (returns.length < 2) return 0;
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  if (!(variance > 0)) return 0;
  return (mean / Math.sqrt(variance)) * Math.sqrt(PERIODS_PER_YEAR);
}
