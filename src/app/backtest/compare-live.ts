/**
 * `tapeline backtest --compare-live DATA_DIR`: a `run --record` session's own orders (its write-ahead
 * executions.jsonl) set against the backtest of its tapes, per decision: what the live run sent and what
 * became of it, what the backtest sent and filled, and which side has an order the other lacks. The live
 * journal holds attempts and outcomes, not fills, so fills are compared from the backtest side only. Pure.
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
}

export interface ComparisonTotals {
  decisions: number;
  both: number;
  liveOnly: number;
  backtestOnly: number;
  samePrice: number;
  backtestFills: number;
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
      };
      out.set(r.decisionId, { symbol: String(r.symbol ?? ''), order });
      byClient.set(r.clientOrderId, order);
    } else if (r.kind === 'outcome') {
      const o = byClient.get(r.clientOrderId);
      if (o) o.outcome = String(r.outcome ?? 'sent');
    } else if (r.kind === 'cancel') {
      const o = byClient.get(r.clientOrderId);
      if (o) o.cancelled = true;
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
        },
      };
      out.set(o.decisionId, e);
    }
    if (o.status !== 'CANCEL_SENT') e.order.status = o.status;
    e.order.filledQty = o.executedQty;
  }
  const filled = new Map<string, { qty: number; notional: number }>();
  for (const f of records.fills) {
    const e = out.get(f.decisionId);
    if (!e) continue;
    const acc = filled.get(f.decisionId) ?? { qty: 0, notional: 0 };
    acc.qty += f.qty;
    acc.notional += f.price * f.qty;
    filled.set(f.decisionId, acc);
    e.order.fills++;
    e.order.firstFillTs ??= f.ts;
    e.order.avgFillPrice = acc.notional / acc.qty;
  }
  return out;
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
    return {
      type: 'compare',
      decisionId,
      symbol: (l ?? b)!.symbol,
      match,
      live: l?.order ?? null,
      backtest: b?.order ?? null,
      priceDiff: l && b ? b.order.price - l.order.price : null,
    };
  });
  const totals: ComparisonTotals = {
    decisions: rows.length,
    both: rows.filter((r) => r.match === 'both').length,
    liveOnly: rows.filter((r) => r.match === 'live-only').length,
    backtestOnly: rows.filter((r) => r.match === 'backtest-only').length,
    samePrice: rows.filter((r) => r.priceDiff === 0).length,
    backtestFills: records.fills.length,
  };
  return { rows, totals };
}
