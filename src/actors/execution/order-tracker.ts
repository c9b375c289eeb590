/**
 * The order state machine: PENDING (journaled, request in flight) → NEW → PARTIALLY_FILLED → FILLED, or
 * CANCELED / EXPIRED / REJECTED; UNKNOWN when a 5xx or timeout left the outcome open, resolved only by
 * reconciliation (never by resending). Driven by REST replies, user-stream events and reconciliation
 * snapshots; a terminal state never moves again. Pure: no I/O, no clock.
 */

export type TrackedStatus =
  | 'PENDING'
  | 'UNKNOWN'
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'EXPIRED'
  | 'REJECTED';

const TERMINAL = new Set<TrackedStatus>(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED']);
const VENUE_STATUS: Record<string, TrackedStatus> = {
  NEW: 'NEW',
  PARTIALLY_FILLED: 'PARTIALLY_FILLED',
  FILLED: 'FILLED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED',
  REJECTED: 'REJECTED',
};

export interface TrackedOrder {
  clientOrderId: string;
  decisionId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
  filled: number;
  avgPrice: number;
  status: TrackedStatus;
  orderId: number | null;
  timeInForce: string;
  /** Local ms the order was accepted (TTL base), 0 until then. */
  acceptedAt: number;
  ttlMs: number;
  /** A cancel for it is in flight (TTL or kill), so it is not asked twice. */
  cancelling: boolean;
  reason: string;
}

export function isTerminal(s: TrackedStatus): boolean {
  return TERMINAL.has(s);
}

export function toTrackedStatus(venueStatus: string): TrackedStatus | undefined {
  return VENUE_STATUS[venueStatus];
}

export class OrderTracker {
  readonly orders = new Map<string, TrackedOrder>();

  add(
    o: Omit<TrackedOrder, 'filled' | 'avgPrice' | 'orderId' | 'acceptedAt' | 'cancelling' | 'reason' | 'status'>,
  ): TrackedOrder {
    const t: TrackedOrder = {
      ...o,
      filled: 0,
      avgPrice: 0,
      status: 'PENDING',
      orderId: null,
      acceptedAt: 0,
      cancelling: false,
      reason: '',
    };
    this.orders.set(o.clientOrderId, t);
    return t;
  }

  get(clientOrderId: string): TrackedOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  /**
   * Moves an order to `next` with the venue's cumulative fill; returns false when nothing changed or the move
   * is not allowed (out of a terminal state, or a fill count going backwards from a late event).
   */
  transition(o: TrackedOrder, next: TrackedStatus, filled: number, avgPrice: number, reason = ''): boolean {
    if (isTerminal(o.status)) return false;
    if (filled < o.filled) return false;
    if (next === o.status && filled === o.filled) return false;
    // A late NEW after a partial fill changes nothing.
    if (next === 'NEW' && o.status === 'PARTIALLY_FILLED') return false;
    o.status = next;
    o.filled = filled;
    if (avgPrice > 0) o.avgPrice = avgPrice;
    if (reason) o.reason = reason;
    return true;
  }

  /** Orders that may be resting at the venue (counted open; UNKNOWN and PENDING included: worst case). */
  live(symbol?: string): TrackedOrder[] {
    const out: TrackedOrder[] = [];
    for (const o of this.orders.values())
      if (!isTerminal(o.status) && (symbol === undefined || o.symbol === symbol)) out.push(o);
    return out;
  }

  openCount(symbol: string): number {
    return this.live(symbol).length;
  }

  openNotional(symbol: string): number {
    let n = 0;
    for (const o of this.live(symbol)) n += (o.quantity - o.filled) * o.price;
    return n;
  }

  symbolsWithOpen(): string[] {
    return [...new Set(this.live().map((o) => o.symbol))];
  }

  hasUnknown(): boolean {
    for (const o of this.orders.values()) if (o.status === 'UNKNOWN') return true;
    return false;
  }

  /** Forget terminal orders beyond the newest `keep` (bounded memory on long runs). */
  prune(keep = 10_000): void {
    if (this.orders.size <= keep) return;
    for (const [id, o] of this.orders) {
      if (this.orders.size <= keep) break;
      if (isTerminal(o.status)) this.orders.delete(id);
    }
  }
}
