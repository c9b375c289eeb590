/**
 * What risk knows about the book of the account: positions, open orders (execution's counts plus approvals
 * not yet acknowledged, so a burst of intents cannot all slip under a limit), marks, recent order times,
 * cooldowns and the day's realized PnL. Pure state; every method takes the time it needs.
 */
import { RingQueue } from '../../runtime/ring-queue.js';
import type { RiskParams } from './risk-params.js';

const DAY_MS = 86_400_000;

/** Exposure as numbers (status, and a new risk leader's rebuild compared with its predecessor's). */
export interface ExposureView {
  positions: Record<string, number>;
  openOrders: Record<string, number>;
  realizedToday: number;
}

interface Pending {
  symbol: string;
  notional: number;
}

export class Exposure {
  /** Signed position per symbol (base asset). */
  readonly positions = new Map<string, number>();
  /** Last known mark per symbol (readiness snapshots, then fills). */
  readonly marks = new Map<string, number>();
  private readonly openOrders = new Map<string, number>();
  private readonly openNotional = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  /** Times (ms) of approved orders, oldest first, pruned to the last minute. */
  private readonly orderTimes = new RingQueue<number>();
  readonly cooldowns = new Map<string, { until: number; reason: string }>();
  private day = -1;
  private dayRealized = 0;

  mark(symbol: string): number | undefined {
    return this.marks.get(symbol);
  }

  positionNotional(symbol: string): number {
    return Math.abs((this.positions.get(symbol) ?? 0) * (this.marks.get(symbol) ?? 0));
  }

  /** Open-order notional of a symbol, acknowledged and pending. */
  orderNotional(symbol: string): number {
    let n = this.openNotional.get(symbol) ?? 0;
    for (const p of this.pending.values()) if (p.symbol === symbol) n += p.notional;
    return n;
  }

  /** Open orders across all symbols, acknowledged and pending. */
  totalOpenOrders(): number {
    let n = this.pending.size;
    for (const c of this.openOrders.values()) n += c;
    return n;
  }

  grossNotional(): number {
    const symbols = new Set([...this.positions.keys(), ...this.openNotional.keys()]);
    for (const p of this.pending.values()) symbols.add(p.symbol);
    let g = 0;
    for (const s of symbols) g += this.positionNotional(s) + this.orderNotional(s);
    return g;
  }

  ordersWithin(windowMs: number, now: number): number {
    let n = 0;
    for (let i = this.orderTimes.length - 1; i >= 0 && now - (this.orderTimes.at(i) as number) < windowMs; i--) n++;
    return n;
  }

  cooldownUntil(symbol: string): { until: number; reason: string } | undefined {
    return this.cooldowns.get(symbol);
  }

  /** Realized PnL of the UTC day of `now` (quote, commissions deducted). */
  realizedToday(now: number): number {
    return Math.floor(now / DAY_MS) === this.day ? this.dayRealized : 0;
  }

  /** An order was approved: it counts as open (pending) until execution reports on it. */
  onApproved(decisionId: string, symbol: string, notional: number, now: number, p: RiskParams): void {
    this.pending.set(decisionId, { symbol, notional });
    this.orderTimes.push(now);
    while (this.orderTimes.length > 0 && now - (this.orderTimes.peek() as number) >= 60_000) this.orderTimes.shift();
    this.cooldown(symbol, now + p.cooldownAfterOrderMs, 'after order');
  }

  /** Execution's authoritative counts for a symbol; the decision is no longer pending. */
  onOrderUpdate(decisionId: string, symbol: string, openOrders: number, openNotional: number): void {
    this.pending.delete(decisionId);
    this.openOrders.set(symbol, openOrders);
    this.openNotional.set(symbol, openNotional);
  }

  /** Execution reconciled: its view replaces ours (pending approvals it never saw stay pending). */
  onReconciled(positions: Record<string, number>, openOrders: Record<string, number>): void {
    this.positions.clear();
    for (const [s, amt] of Object.entries(positions)) this.positions.set(s, amt);
    for (const [s, n] of Object.entries(openOrders)) this.openOrders.set(s, n);
  }

  /**
   * A new risk leader's rebuild from the replicated journal (journal-replay.ts): positions and open orders
   * replace ours, and the day's realized PnL is the journal's (so the daily loss stop survives a failover).
   */
  restore(view: ExposureView, now: number): void {
    this.positions.clear();
    for (const [s, amt] of Object.entries(view.positions)) this.positions.set(s, amt);
    this.openOrders.clear();
    for (const [s, n] of Object.entries(view.openOrders)) this.openOrders.set(s, n);
    this.day = Math.floor(now / DAY_MS);
    this.dayRealized = view.realizedToday;
  }

  view(now: number): ExposureView {
    const openOrders: Record<string, number> = {};
    for (const [s, n] of this.openOrders) if (n > 0) openOrders[s] = n;
    const positions: Record<string, number> = {};
    for (const [s, amt] of this.positions) if (amt !== 0) positions[s] = amt;
    return { positions, openOrders, realizedToday: this.realizedToday(now) };
  }

  /** A fill: position, mark, the day's PnL; a losing fill starts the loss cooldown. Returns the PnL. */
  onFill(
    symbol: string,
    price: number,
    positionAmt: number,
    realized: number,
    commission: number,
    now: number,
    p: RiskParams,
  ): number {
    this.positions.set(symbol, positionAmt);
    if (!this.marks.has(symbol)) this.marks.set(symbol, price);
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayRealized = 0;
    }
    const pnl = realized - commission;
    this.dayRealized += pnl;
    if (realized < 0) this.cooldown(symbol, now + p.cooldownAfterLossMs, 'after loss');
    return pnl;
  }

  symbolsWithOpenOrders(): string[] {
    const out = new Set<string>();
    for (const [s, n] of this.openOrders) if (n > 0) out.add(s);
    for (const p of this.pending.values()) out.add(p.symbol);
    return [...out];
  }

  private cooldown(symbol: string, until: number, reason: string): void {
    const cur = this.cooldowns.get(symbol);
    if (!cur || cur.until < until) this.cooldowns.set(symbol, { until, reason });
  }
}
