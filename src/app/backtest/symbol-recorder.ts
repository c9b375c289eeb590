/**
 * What one symbol's backtest writes, built as plain records (src/app/backtest/report/records.ts) in the
 * order the composition saw things: order state changes, fills with why they filled, signals with risk's
 * verdict, sampled equity, the snapshot hash lines and counted warnings. No I/O; the run merges and writes.
 */
import type { TrackedOrder, TrackedStatus } from '../../actors/execution/order-tracker.js';
import type { StrategySignal } from '../../actors/symbol/strategy/strategy-output.js';
import type { PositionLedger } from './position-ledger.js';
import type { FillRecord, FundingRecord, OrderRecord, SignalRecord } from './report/records.js';

/** One symbol's account at a sample time; the run sums the symbols into the account's equity points. */
export interface SymbolEquitySample {
  ts: number;
  symbol: string;
  realized: number;
  unrealized: number;
  fees: number;
  funding: number;
  position: number;
}

/** A metrics snapshot's identity, as `tapeline replay` prints it. */
export interface SnapshotHash {
  ts: number;
  symbol: string;
  seq: number;
  stateHash: string;
}

export interface SymbolBacktestResult {
  symbol: string;
  orders: OrderRecord[];
  fills: FillRecord[];
  signals: SignalRecord[];
  funding: FundingRecord[];
  equity: SymbolEquitySample[];
  /** Mid samples [tape ms, price], taken with the equity samples (the report's price chart). */
  prices: Array<[number, number]>;
  hashes: SnapshotHash[];
  warnings: Record<string, number>;
  excludedMs: number;
  /** First and last tape (receive) ms this symbol saw, and its last mid. */
  firstTs: number;
  lastTs: number;
  lastMid: number;
}

const STATUS: Record<TrackedStatus, OrderRecord['status'] | undefined> = {
  PENDING: 'SENT',
  UNKNOWN: undefined,
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  REJECTED: 'REJECTED',
};

/** `SYMBOL:strategy:setupStart` → strategy. */
export function strategyOf(decisionId: string): string {
  return decisionId.split(':')[1] ?? '';
}

export class SymbolRecorder {
  readonly result: SymbolBacktestResult;
  private lastSample = Number.NEGATIVE_INFINITY;

  constructor(symbol: string) {
    this.result = {
      symbol,
      orders: [],
      fills: [],
      signals: [],
      funding: [],
      equity: [],
      prices: [],
      hashes: [],
      warnings: {},
      excludedMs: 0,
      firstTs: 0,
      lastTs: 0,
      lastMid: 0,
    };
  }

  warn(code: string): void {
    this.result.warnings[code] = (this.result.warnings[code] ?? 0) + 1;
  }

  order(o: TrackedOrder, ts: number, status: OrderRecord['status'] | undefined, code = 0, reason = o.reason): void {
    const s = status ?? STATUS[o.status];
    if (!s) return;
    this.result.orders.push({
      type: 'order',
      ts,
      symbol: o.symbol,
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      strategy: strategyOf(o.decisionId),
      side: o.side,
      price: o.price,
      qty: o.quantity,
      timeInForce: o.timeInForce as OrderRecord['timeInForce'],
      status: s,
      executedQty: o.filled,
      code,
      reason,
    });
  }

  fill(f: Omit<FillRecord, 'type' | 'strategy'>): void {
    this.result.fills.push({ type: 'fill', ...f, strategy: strategyOf(f.decisionId) });
  }

  signal(s: StrategySignal, accepted: boolean, riskCode: string | null, riskDetail: string): void {
    this.result.signals.push({
      type: 'signal',
      ts: s.ts,
      symbol: s.symbol,
      strategy: s.strategy,
      decisionId: s.decisionId,
      side: s.side,
      entry: s.entry,
      invalidation: s.invalidation,
      target: s.target,
      strength: s.strength,
      quantity: s.quantity,
      reason: s.reason,
      accepted,
      riskCode,
      riskDetail,
    });
  }

  snapshot(h: SnapshotHash, mid: number | null, ledger: PositionLedger, sampleMs: number): void {
    this.result.hashes.push(h);
    if (mid !== null && mid > 0) this.result.lastMid = mid;
    if (h.ts - this.lastSample >= sampleMs) this.sample(h.ts, ledger);
  }

  /** An equity sample now (also the closing one at the end of the tape). */
  sample(ts: number, ledger: PositionLedger): void {
    this.lastSample = ts;
    const mid = this.result.lastMid;
    if (mid > 0) this.result.prices.push([ts, mid]);
    this.result.equity.push({
      ts,
      symbol: this.result.symbol,
      realized: ledger.realized,
      unrealized: ledger.unrealized(mid),
      fees: ledger.fees,
      funding: ledger.funding,
      position: ledger.position,
    });
  }
}
