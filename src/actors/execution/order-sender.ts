/**
 * Sends approved LIMIT orders one at a time, in approval order: gate re-checked at the moment of sending,
 * attempt fsynced to executions.jsonl, then `POST /fapi/v1/order`. Outcomes by failure kind: rejected → REJECTED
 * with the venue's code (no retry); 429/418 → back-off per Retry-After; -1021 → clock resync; 5xx/timeout →
 * UNKNOWN and reconciliation, never a resend. Also cancels (TTL, kill) and cancel-all per symbol.
 */
import type { Logger } from 'pino';
import { errorMessage } from '../../schema/errors.js';
import type { ApprovedOrder, SymbolFilters } from '../../schema/order-messages.js';
import type { ExecutionJournal } from './execution-journal.js';
import { formatOnGrid, roundPrice, roundQuantity } from '../../schema/order-grid.js';
import { isTerminal, type OrderTracker, type TrackedOrder, toTrackedStatus } from './order-tracker.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';
import { VenueError } from '../../venues/binance/venue-error.js';

export interface SenderDeps {
  rest: SignedRest;
  journal: ExecutionJournal;
  tracker: OrderTracker;
  log: Logger;
  blocked(symbol: string): string | undefined;
  changed(o: TrackedOrder): void;
  onUnknown(): void;
  onClockSkew(): void;
}

interface Queued {
  order: TrackedOrder;
  filters: SymbolFilters;
}

export class OrderSender {
  private readonly queue: Queued[] = [];
  private pumping: Promise<void> | undefined;
  readonly counters = { sent: 0, rejected: 0, unknown: 0, cancels: 0, cancelAlls: 0 };

  constructor(private readonly d: SenderDeps) {}

  /** The venue's Retry-After is kept by SignedRest, whichever request met the 429/418. */
  backoffReason(): string | undefined {
    const wait = this.d.rest.backoffRemainingMs();
    return wait > 0 ? `rate limited by the venue: backing off ${wait} ms` : undefined;
  }

  enqueue(a: ApprovedOrder, clientOrderId: string, filters: SymbolFilters): void {
    const price = roundPrice(a.price, filters.tickSize, a.side);
    const quantity = roundQuantity(a.quantity, filters.stepSize);
    const order = this.d.tracker.add({
      clientOrderId,
      decisionId: a.decisionId,
      symbol: a.symbol,
      side: a.side,
      price,
      quantity,
      timeInForce: a.timeInForce,
      ttlMs: a.ttlMs,
    });
    this.queue.push({ order, filters });
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /** Drops queued (not yet sent) orders of `symbol`, or of all symbols when it is ''. */
  dropQueued(symbol: string, reason: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i]!;
      if (symbol && q.order.symbol !== symbol) continue;
      this.queue.splice(i, 1);
      this.d.tracker.transition(q.order, 'REJECTED', 0, 0, reason);
      this.d.changed(q.order);
    }
  }

  async idle(): Promise<void> {
    await this.pumping;
  }

  private async pump(): Promise<void> {
    for (let q = this.queue.shift(); q; q = this.queue.shift()) await this.send(q);
  }

  private async send({ order: o, filters: f }: Queued): Promise<void> {
    const blocked = this.d.blocked(o.symbol);
    if (blocked) {
      // Risk approved it, but a gate closed meanwhile (kill, stream drop): it does not leave.
      this.d.journal.write({
        ts: Date.now(),
        kind: 'refused',
        clientOrderId: o.clientOrderId,
        decisionId: o.decisionId,
        symbol: o.symbol,
        reason: blocked,
      });
      this.d.tracker.transition(o, 'REJECTED', 0, 0, `TL_EXEC_BLOCKED: ${blocked}`);
      this.d.changed(o);
      return;
    }
    const params = {
      symbol: o.symbol,
      side: o.side,
      type: 'LIMIT',
      timeInForce: o.timeInForce,
      quantity: formatOnGrid(o.quantity, f.stepSize),
      price: formatOnGrid(o.price, f.tickSize),
      newClientOrderId: o.clientOrderId,
      newOrderRespType: 'ACK',
    };
    // Write-ahead (safety invariant 4, docs/contract.md): on disk before the request exists; if this throws, nothing is sent.
    this.d.journal.write({
      ts: Date.now(),
      kind: 'attempt',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      side: o.side,
      price: params.price,
      quantity: params.quantity,
      timeInForce: o.timeInForce,
    });
    this.counters.sent++;
    try {
      const ack = (await this.d.rest.signed('POST', '/fapi/v1/order', params)) as { orderId: number; status: string };
      if (o.orderId === null) o.orderId = ack.orderId;
      if (o.acceptedAt === 0) o.acceptedAt = Date.now();
      this.d.journal.write({
        ts: Date.now(),
        kind: 'outcome',
        clientOrderId: o.clientOrderId,
        decisionId: o.decisionId,
        symbol: o.symbol,
        outcome: 'accepted',
        orderId: ack.orderId,
      });
      // The user stream may already have moved it further; transition() ignores a step back.
      if (this.d.tracker.transition(o, toTrackedStatus(ack.status) ?? 'NEW', o.filled, 0)) this.d.changed(o);
      // A kill that landed while the request was in flight: its cancel-all may have reached the venue first.
      if (this.d.blocked(o.symbol)?.startsWith('kill') && !isTerminal(o.status))
        await this.cancelOrder(o, 'kill switch engaged while the order was in flight');
    } catch (err) {
      this.onFailure(o, err);
    }
  }

  private onFailure(o: TrackedOrder, err: unknown): void {
    const e = err instanceof VenueError ? err : undefined;
    const reason = e
      ? `${e.code}${e.venueCode === undefined ? '' : ` ${e.venueCode}`}: ${e.message}`
      : errorMessage(err);
    const unknown = !e || e.kind === 'unknown';
    this.d.journal.write({
      ts: Date.now(),
      kind: 'outcome',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      outcome: unknown ? 'unknown' : 'rejected',
      reason,
    });
    if (unknown) {
      this.counters.unknown++;
      this.d.tracker.transition(o, 'UNKNOWN', o.filled, 0, reason);
      this.d.log.error({ clientOrderId: o.clientOrderId, reason }, 'order outcome UNKNOWN: reconciling, not resending');
      this.d.changed(o);
      this.d.onUnknown();
      return;
    }
    this.counters.rejected++;
    if (e.kind === 'clock') this.d.onClockSkew();
    this.d.log.warn({ clientOrderId: o.clientOrderId, reason }, 'order rejected');
    this.d.tracker.transition(o, 'REJECTED', o.filled, 0, reason);
    this.d.changed(o);
  }

  async cancelOrder(o: TrackedOrder, why: string): Promise<void> {
    o.cancelling = true;
    this.d.journal.write({
      ts: Date.now(),
      kind: 'cancel',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      why,
    });
    this.counters.cancels++;
    try {
      await this.d.rest.signed('DELETE', '/fapi/v1/order', { symbol: o.symbol, origClientOrderId: o.clientOrderId });
    } catch (err) {
      // -2011: already gone (filled or cancelled); the user stream or the next reconciliation says which.
      o.cancelling = false;
      this.d.log.warn({ clientOrderId: o.clientOrderId, err: errorMessage(err) }, `cancel failed (${why})`);
    }
  }

  async cancelAll(symbol: string, why: string): Promise<void> {
    this.d.journal.write({ ts: Date.now(), kind: 'cancel-all', symbol, why });
    this.counters.cancelAlls++;
    for (const o of this.d.tracker.live(symbol)) o.cancelling = true;
    try {
      await this.d.rest.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol });
    } catch (err) {
      this.d.log.error(
        { symbol, err: errorMessage(err) },
        `cancel-all failed (${why}); the dead-man countdown is the backstop`,
      );
      this.d.onUnknown();
    }
  }
}
