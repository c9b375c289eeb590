/**
 * `tapeline backtest --compare-live DATA_DIR`: a `run --record` session's own orders (its write-ahead
 * executions.jsonl) set against the backtest of its tapes, per decision: what the live run sent, what became
 * of it and what filled (the journal's `fill` records), what the backtest sent and filled, which side has an
 * order or a fill the other lacks, and the fill time and price differences. Pure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord } from '../../actors/execution/execution-journal.js';
import { TapelineError } from '../../schema/errors.js';
import type { BacktestRecords } from './merge-results.js';

export interface LiveOrder {
  ts: number;
  side: string;
  price: number;
  qty: number;
  /** accepted, rejected, unknown, refused (execution's gate), or sent (no outcome recorded). */
  outcome: string;
  cancelled: boolean;
  filledQty: number;
  fills: number;
  /** Receive time of the first fill, null when none. */
  firstFillTs: number | null;
  avgFillPrice: number | null;
  fees: number;
}

export interface BacktestOrder {
  ts: number;
  side: string;
  price: number;
  qty: number;
  /** Last status the backtest saw. */
  status: string;
  filledQty: number;
  fills: number;
  /** Time of the first fill, null when none. */
  firstFillTs: number | null;
  avgFillPrice: number | null;
  fees: number;
}

export interface ComparisonRow {
  type: 'compare';
  decisionId: string;
  symbol: string;
  /** both: each side sent an order; live-only: the backtest missed it; backtest-only: an extra order. */
  match: 'both' | 'live-only' | 'backtest-only';
  live: LiveOrder | null;
  backtest: BacktestOrder | null;
  /** backtest price − live price (null unless both). */
  priceDiff: number | null;
  /** both filled; missed: live filled, the backtest did not; extra: the backtest filled, live did not; none. */
  fillMatch: 'both' | 'missed' | 'extra' | 'none';
  /** backtest first fill time − live first fill time, ms (null unless both filled). */
  fillTimeDiffMs: number | null;
  /** backtest average fill price − live average fill price (null unless both filled). */
  fillPriceDiff: number | null;
}

export interface ComparisonTotals {
  decisions: number;
  both: number;
  liveOnly: number;
  backtestOnly: number;
  samePrice: number;
  liveFills: number;
  backtestFills: number;
  /** Decisions filled on both sides, live only (missed by the backtest), backtest only (extra). */
  bothFilled: number;
  missedFills: number;
  extraFills: number;
  liveFilledQty: number;
  backtestFilledQty: number;
  liveFees: number;
  backtestFees: number;
}

/** A recorded session: its tapes (`tapes/*.ndjson`) and its journal (`logs/executions.jsonl`). */
export function recordedSession(dataDir: string): { tapes: string[]; journal: JournalRecord[] } {
  const tapesDir = join(dataDir, 'tapes');
  const journalPath = join(dataDir, 'logs', 'executions.jsonl');
  if (!existsSync(tapesDir) || !existsSync(journalPath)) {
    throw new TapelineError(
      'TL_BACKTEST_NO_SESSION',
      `--compare-live ${dataDir} needs tapes/*.ndjson and logs/executions.jsonl: the data dir of a tapeline run --record session`,
    );
  }
  const tapes = readdirSync(tapesDir)
    .filter((f) => f.endsWith('.ndjson') || f.endsWith('.ndjson.gz'))
    .sort()
    .map((f) => join(tapesDir, f));
  if (tapes.length === 0)
    throw new TapelineError('TL_BACKTEST_NO_SESSION', `--compare-live ${dataDir}: tapes/ holds no .ndjson tape`);
  const journal: JournalRecord[] = [];
  for (const line of readFileSync(journalPath, 'utf8').split('\n')) {
    if (line.length === 0) continue;
    try {
      journal.push(JSON.parse(line) as JournalRecord);
    } catch {
      // Only a torn last line (a crash mid-write) can fail to parse; execution-journal.ts skips it the same way.
    }
  }
  return { tapes, journal };
}

function liveOrders(journal: readonly JournalRecord[]): Map<string, { symbol: string; order: LiveOrder }> {
  const out = new Map<string, { symbol: string; order: LiveOrder }>();
  const byClient = new Map<string, LiveOrder>();
  for (const r of journal) {
    if (!r.decisionId || !r.clientOrderId) continue;
    if (r.kind === 'attempt' || r.kind === 'refused') {
      const order: LiveOrder = {
        ts: r.ts,
        side: String(r.side ?? ''),
        price: Number(r.price ?? 0),
        qty: Number(r.quantity ?? 0),
        outcome: r.kind === 'refused' ? 'refused' : 'sent',
        cancelled: false,
        filledQty: 0,
        fills: 0,
        firstFillTs: null,
        avgFillPrice: null,
        fees: 0,
      };
      out.set(r.decisionId, { symbol: String(r.symbol ?? ''), order });
      byClient.set(r.clientOrderId, order);
    } else if (r.kind === 'outcome') {
      const o = byClient.get(r.clientOrderId);
      if (o) o.outcome = String(r.outcome ?? 'sent');
    } else if (r.kind === 'cancel') {
      const o = byClient.get(r.clientOrderId);
      if (o) o.cancelled = true;
    } else if (r.kind === 'fill') {
      const o = byClient.get(r.clientOrderId);
      if (o) addFill(o, r.ts, Number(r.price ?? 0), Number(r.qty ?? 0), Number(r.fee ?? 0));
    }
  }
  return out;
}

function backtestOrders(records: BacktestRecords): Map<string, { symbol: string; order: BacktestOrder }> {
  const out = new Map<string, { symbol: string; order: BacktestOrder }>();
  for (const o of records.orders) {
    let e = out.get(o.decisionId);
    if (!e) {
      e = {
        symbol: o.symbol,
        order: {
          ts: o.ts,
          side: o.side,
          price: o.price,
          qty: o.qty,
          status: o.status,
          filledQty: 0,
          fills: 0,
          firstFillTs: null,
          avgFillPrice: null,
          fees: 0,
        },
      };
      out.set(o.decisionId, e);
    }
    if (o.status !== 'CANCEL_SENT') e.order.status = o.status;
  }
  for (const f of records.fills) {
    const e = out.get(f.decisionId);
    if (e) addFill(e.order, f.ts, f.price, f.qty, f.fee);
  }
  return out;
}

/** Adds one fill: count, quantity, fees, first time and the quantity-weighted average price. */
function addFill(
  o: { fills: number; filledQty: number; firstFillTs: number | null; avgFillPrice: number | null; fees: number },
  ts: number,
  price: number,
  qty: number,
  fee: number,
): void {
  const notional = (o.avgFillPrice ?? 0) * o.filledQty + price * qty;
  o.fills++;
  o.filledQty += qty;
  o.fees += fee;
  o.firstFillTs ??= ts;
  o.avgFillPrice = o.filledQty > 0 ? notional / o.filledQty : null;
}

export function compareLive(
  journal: readonly JournalRecord[],
  records: BacktestRecords,
): { rows: ComparisonRow[]; totals: ComparisonTotals } {
  const live = liveOrders(journal);
  const back = backtestOrders(records);
  const ids = [...new Set([...live.keys(), ...back.keys()])].sort();
  const rows: ComparisonRow[] = ids.map((decisionId) => {
    const l = live.get(decisionId);
    const b = back.get(decisionId);
    const match = l && b ? 'both' : l ? 'live-only' : 'backtest-only';
    const lf = l !== undefined && l.order.fills > 0;
    const bf = b !== undefined && b.order.fills > 0;
    return {
      type: 'compare',
      decisionId,
      symbol: (l ?? b)!.symbol,
      match,
      live: l?.order ?? null,
      backtest: b?.order ?? null,
      priceDiff: l && b ? b.order.price - l.order.price : null,
      fillMatch: lf && bf ? 'both' : lf ? 'missed' : bf ? 'extra' : 'none',
      fillTimeDiffMs: lf && bf ? (b.order.firstFillTs as number) - (l.order.firstFillTs as number) : null,
      fillPriceDiff: lf && bf ? (b.order.avgFillPrice as number) - (l.order.avgFillPrice as number) : null,
    };
  });
  const count = (pred: (r: ComparisonRow) => boolean): number => rows.filter(pred).length;
  const sum = (pick: (r: ComparisonRow) => number): number => rows.reduce((a, r) => a + pick(r), 0);
  const totals: ComparisonTotals = {
    decisions: rows.length,
    both: count((r) => r.match === 'both'),
    liveOnly: count((r) => r.match === 'live-only'),
    backtestOnly: count((r) => r.match === 'backtest-only'),
    samePrice: count((r) => r.priceDiff === 0),
    liveFills: sum((r) => r.live?.fills ?? 0),
    backtestFills: records.fills.length,
    bothFilled: count((r) => r.fillMatch === 'both'),
    missedFills: count((r) => r.fillMatch === 'missed'),
    extraFills: count((r) => r.fillMatch === 'extra'),
    liveFilledQty: sum((r) => r.live?.filledQty ?? 0),
    backtestFilledQty: sum((r) => r.backtest?.filledQty ?? 0),
    liveFees: sum((r) => r.live?.fees ?? 0),
    backtestFees: sum((r) => r.backtest?.fees ?? 0),
  };
  return { rows, totals };
}
