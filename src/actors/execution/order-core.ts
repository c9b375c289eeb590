/**
 * The pure order core of execution: admission (duplicate decision, gate, filters), rounding once to the
 * symbol's grid into the wire request, the order state machine (OrderTracker, user events), TTL expiry and
 * cancel-on-kill. It returns journal records and commands as data; the caller writes the records (first) and
 * performs the commands. No I/O, no clock (`now` comes in), no actor: the live venue session
 * (execution-engine.ts, order-sender.ts) and the backtest (src/app/backtest) drive the same code.
 */
import type { CancelAllCommand, KillSwitchEvent } from '../../schema/internal-messages.js';
import type { ApprovedOrder, SymbolFilters } from '../../schema/order-messages.js';
import { clientOrderIdFor } from './client-order-id.js';
import type { ExecutionGateCode, GateBlock } from './execution-gate.js';
import type { JournalRecord } from './execution-journal.js';
import { formatOnGrid, roundPrice, roundQuantity } from '../../schema/order-grid.js';
import { isTerminal, OrderTracker, type TrackedOrder, toTrackedStatus } from './order-tracker.js';
import { TradeDedupe } from './trade-dedupe.js';
import { applyUserEvent, type EventOutcome } from './user-events.js';

/** A LIMIT order exactly as it goes on the wire (strings on the grid), before transport-only fields. */
export interface VenueOrderRequest {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT';
  timeInForce: 'GTX' | 'GTC';
  quantity: string;
  price: string;
  newClientOrderId: string;
}

/** Why an order did not leave or did not stand: gate codes plus the core's own. */
export type OrderRefusalCode = ExecutionGateCode | 'TL_EXEC_DUPLICATE_DECISION';

export type Admission =
  /** Attempted before (this run or an earlier one): not sent again, not tracked. */
  | { outcome: 'duplicate'; code: 'TL_EXEC_DUPLICATE_DECISION'; clientOrderId: string; record: JournalRecord }
  /** Tracked and REJECTED at once: a gate was closed or the symbol has no filters. */
  | { outcome: 'refused'; code: ExecutionGateCode; order: TrackedOrder; record: JournalRecord }
  /** Tracked as PENDING; `release` it when the transport is free to send. */
  | { outcome: 'queued'; order: TrackedOrder; request: VenueOrderRequest };

export type Release =
  | { outcome: 'refused'; code: ExecutionGateCode; record: JournalRecord }
  /** Write `record` (the write-ahead attempt), then send. */
  | { outcome: 'send'; record: JournalRecord };

/** How a place request failed, classified by the transport. */
export interface PlaceFailure {
  /** rejected: the venue said no (no retry); clock: rejected for timestamp skew; unknown: 5xx/timeout/transport. */
  kind: 'rejected' | 'clock' | 'unknown';
  reason: string;
}

export class OrderCore {
  readonly tracker = new OrderTracker();
  readonly positions = new Map<string, number>();
  /** Each trade counted once across TRADE_LITE and ORDER_TRADE_UPDATE. */
  readonly trades = new TradeDedupe();
  /** Globally armed (risk said so); starts disarmed. */
  armed = false;
  private readonly killed = new Set<string>();

  /** Armed and the symbol not killed on its own: the `armed` input of the execution gate. */
  armedFor(symbol: string): boolean {
    return this.armed && !this.killed.has(symbol);
  }

  /** A kill-switch change from risk, global (symbol '') or for one symbol. */
  onKillSwitch(e: KillSwitchEvent): void {
    if (!e.symbol) this.armed = !e.engaged;
    else if (e.engaged) this.killed.add(e.symbol);
    else this.killed.delete(e.symbol);
  }

  /**
   * An approved order from risk. `attempted`: whether the journal already knows a clientOrderId. `block`: the gate as
   * the session sees it now. Price and quantity are put on the grid here, once, and formatted for the wire.
   */
  admit(
    a: ApprovedOrder,
    filters: SymbolFilters | undefined,
    block: GateBlock | undefined,
    attempted: (clientOrderId: string) => boolean,
    now: number,
  ): Admission {
    const clientOrderId = clientOrderIdFor(a.decisionId);
    const ids = { clientOrderId, decisionId: a.decisionId, symbol: a.symbol };
    if (attempted(clientOrderId))
      return {
        outcome: 'duplicate',
        code: 'TL_EXEC_DUPLICATE_DECISION',
        clientOrderId,
        record: { ts: now, kind: 'duplicate', ...ids },
      };
    const closed: GateBlock | undefined =
      block ?? (filters ? undefined : { code: 'EXEC_NO_FILTERS', detail: `no exchangeInfo filters for ${a.symbol}` });
    if (closed || !filters) {
      const gate = closed ?? { code: 'EXEC_NO_FILTERS' as const, detail: '' };
      const reason = `TL_EXEC_BLOCKED: ${gate.detail}`;
      const order = this.track(a, clientOrderId, a.price, a.quantity);
      this.tracker.transition(order, 'REJECTED', 0, 0, reason);
      return {
        outcome: 'refused',
        code: gate.code,
        order,
        record: { ts: now, kind: 'refused', ...ids, reason, code: gate.code },
      };
    }
    const price = roundPrice(a.price, filters.tickSize, a.side);
    const quantity = roundQuantity(a.quantity, filters.stepSize);
    const order = this.track(a, clientOrderId, price, quantity);
    const request: VenueOrderRequest = {
      symbol: a.symbol,
      side: a.side,
      type: 'LIMIT',
      timeInForce: a.timeInForce,
      quantity: formatOnGrid(quantity, filters.stepSize),
      price: formatOnGrid(price, filters.tickSize),
      newClientOrderId: clientOrderId,
    };
    return { outcome: 'queued', order, request };
  }

  /** The moment of sending a queued order: the gate is checked again (a kill or a stream drop since admission). */
  release(o: TrackedOrder, request: VenueOrderRequest, block: GateBlock | undefined, now: number): Release {
    const ids = { clientOrderId: o.clientOrderId, decisionId: o.decisionId, symbol: o.symbol };
    if (block) {
      this.tracker.transition(o, 'REJECTED', 0, 0, `TL_EXEC_BLOCKED: ${block.detail}`);
      return {
        outcome: 'refused',
        code: block.code,
        record: { ts: now, kind: 'refused', ...ids, reason: block.detail, code: block.code },
      };
    }
    return {
      outcome: 'send',
      record: {
        ts: now,
        kind: 'attempt',
        ...ids,
        side: o.side,
        price: request.price,
        quantity: request.quantity,
        timeInForce: o.timeInForce,
      },
    };
  }

  /**
   * The venue accepted the order. Returns the outcome record, whether the order moved, and whether it must be
   * cancelled at once: a kill that landed while the request was in flight (its cancel-all may have gone first).
   */
  onPlaced(
    o: TrackedOrder,
    orderId: number,
    venueStatus: string,
    block: GateBlock | undefined,
    now: number,
  ): { record: JournalRecord; changed: boolean; cancel: boolean } {
    if (o.orderId === null) o.orderId = orderId;
    if (o.acceptedAt === 0) o.acceptedAt = now;
    const record: JournalRecord = {
      ts: now,
      kind: 'outcome',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      outcome: 'accepted',
      orderId,
    };
    // The user stream may already have moved it further; transition() ignores a step back.
    const changed = this.tracker.transition(o, toTrackedStatus(venueStatus) ?? 'NEW', o.filled, 0);
    const cancel = block?.code === 'EXEC_KILL_SWITCH' && !isTerminal(o.status);
    return { record, changed, cancel };
  }

  /** The place request failed: REJECTED (no retry), or UNKNOWN (never resent; reconciliation resolves it). */
  onPlaceFailed(o: TrackedOrder, f: PlaceFailure, now: number): { record: JournalRecord; unknown: boolean } {
    const unknown = f.kind === 'unknown';
    const record: JournalRecord = {
      ts: now,
      kind: 'outcome',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      outcome: unknown ? 'unknown' : 'rejected',
      reason: f.reason,
    };
    this.tracker.transition(o, unknown ? 'UNKNOWN' : 'REJECTED', o.filled, 0, f.reason);
    return { record, unknown };
  }

  /** A queued order dropped before it was sent (a cancel-all overtook it). */
  drop(o: TrackedOrder, reason: string): boolean {
    return this.tracker.transition(o, 'REJECTED', 0, 0, reason);
  }

  /** Marks the order as being cancelled and returns the record to write before the cancel request. */
  cancel(o: TrackedOrder, why: string, now: number): JournalRecord {
    o.cancelling = true;
    return { ts: now, kind: 'cancel', clientOrderId: o.clientOrderId, decisionId: o.decisionId, symbol: o.symbol, why };
  }

  /** The cancel request failed (-2011: already gone, or transport): it may be asked again. */
  onCancelFailed(o: TrackedOrder): void {
    o.cancelling = false;
  }

  /** Marks every live order of `symbol` as being cancelled; the record to write before the cancel-all request. */
  cancelAll(symbol: string, why: string, now: number): JournalRecord {
    for (const o of this.tracker.live(symbol)) o.cancelling = true;
    return { ts: now, kind: 'cancel-all', symbol, why };
  }

  /**
   * The symbols a cancel-all from risk covers. Until reconciled the tracker may not know what rests at the
   * venue (a restarted engine reads the kill its predecessor's death caused before reconciling): then every
   * configured symbol, never none.
   */
  cancelAllTargets(cmd: CancelAllCommand, reconciled: boolean, configured: readonly string[]): string[] {
    if (cmd.symbol) return [cmd.symbol];
    return reconciled ? this.tracker.symbolsWithOpen() : [...configured];
  }

  /**
   * A user-stream event (the venue's or the paper venue's, same shape): the order moves, a trade is a fill
   * (once, whether TRADE_LITE or ORDER_TRADE_UPDATE told first).
   */
  onUserEvent(event: Record<string, unknown>, now: number): EventOutcome & { record?: JournalRecord } {
    const out = applyUserEvent(event, this.tracker, this.positions, this.trades);
    if (out.order && out.order.acceptedAt === 0 && out.changed) out.order.acceptedAt = now;
    if (!out.expiry || !out.order) return out;
    // The venue's expiry reason goes to the journal with the order (`er` 1: self-trade prevention).
    const { clientOrderId, decisionId, symbol } = out.order;
    const { er, code, reason } = out.expiry;
    return { ...out, record: { ts: now, kind: 'expired', clientOrderId, decisionId, symbol, er, code, reason } };
  }

  /** Resting orders whose TTL has run out at `now` and that no cancel is in flight for; the caller cancels them. */
  expired(now: number): TrackedOrder[] {
    const out: TrackedOrder[] = [];
    for (const o of this.tracker.live()) {
      if (o.ttlMs > 0 && o.acceptedAt > 0 && !o.cancelling && now - o.acceptedAt >= o.ttlMs) out.push(o);
    }
    return out;
  }

  /** The earliest time a TTL can expire (for a caller that steps time), Infinity when none is armed. */
  nextExpiry(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const o of this.tracker.live())
      if (o.ttlMs > 0 && o.acceptedAt > 0 && !o.cancelling) next = Math.min(next, o.acceptedAt + o.ttlMs);
    return next;
  }

  private track(a: ApprovedOrder, clientOrderId: string, price: number, quantity: number): TrackedOrder {
    return this.tracker.add({
      clientOrderId,
      decisionId: a.decisionId,
      symbol: a.symbol,
      side: a.side,
      price,
      quantity,
      timeInForce: a.timeInForce,
      ttlMs: a.ttlMs,
    });
  }
}
