/**
 * The transport half of placing orders: sends the order core's requests one at a time, in approval order (the
 * core re-checks the gate at the moment of sending and builds the attempt record, fsynced to executions.jsonl
 * before the request leaves, over the WS API or REST as src/venues/binance/order-entry.ts decides). Outcomes by
 * failure kind: rejected → REJECTED with the venue's code (no retry); 429/418 → back-off per Retry-After;
 * -1021 → clock resync; 5xx/timeout/lost reply → UNKNOWN and reconciliation, never a resend on either
 * transport. Also modifies, cancels (TTL, kill) and cancel-all per symbol, plain and conditional orders alike.
 */
import type { Logger } from 'pino';
import { errorCode, errorMessage } from '../../schema/errors.js';
import type { GateBlock } from './execution-gate.js';
import type { ExecutionJournal } from './execution-journal.js';
import type { OrderCore, PlaceFailure, VenueOrderRequest } from './order-core.js';
import type { TrackedOrder } from './order-tracker.js';
import type { OrderEntry } from '../../venues/binance/order-entry.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';
import { VenueError } from '../../venues/binance/venue-error.js';

export interface SenderDeps {
  rest: SignedRest;
  entry: OrderEntry;
  /** `execution.selfTradePreventionMode`, read per order (a live change applies to the next one). */
  stpMode(): string;
  journal: ExecutionJournal;
  core: OrderCore;
  log: Logger;
  gate(symbol: string): GateBlock | undefined;
  changed(o: TrackedOrder): void;
  onUnknown(): void;
  onClockSkew(): void;
}

interface Queued {
  order: TrackedOrder;
  request: VenueOrderRequest;
  /** Called once the order's fate is durable: its attempt (or refusal) held by the journal, or dropped. */
  settled: (() => void) | undefined;
}

export class OrderSender {
  private readonly queue: Queued[] = [];
  private pumping: Promise<void> | undefined;
  readonly counters = { sent: 0, rejected: 0, unknown: 0, cancels: 0, cancelAlls: 0, modifies: 0 };

  constructor(private readonly d: SenderDeps) {}

  /** The venue's Retry-After is kept by SignedRest, whichever request met the 429/418. */
  backoffMs(): number {
    return this.d.rest.backoffRemainingMs();
  }

  /** An order the core admitted (tracked, on the grid, its wire request built): sent after those before it. */
  enqueue(order: TrackedOrder, request: VenueOrderRequest, settled?: () => void): void {
    this.queue.push({ order, request, settled });
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
      this.d.core.drop(q.order, reason);
      this.d.changed(q.order);
      q.settled?.();
    }
  }

  async idle(): Promise<void> {
    await this.pumping;
  }

  private async pump(): Promise<void> {
    for (let q = this.queue.shift(); q; q = this.queue.shift()) {
      try {
        await this.send(q);
      } finally {
        q.settled?.(); // idempotent: usually settled earlier, once the attempt was held
      }
    }
  }

  private async send({ order: o, request, settled }: Queued): Promise<void> {
    const release = this.d.core.release(o, request, this.d.gate(o.symbol), Date.now());
    // Write-ahead: on disk before the request exists; if this throws, nothing is sent. A refusal (risk approved
    // it, but a gate closed meanwhile: kill, stream drop) is journaled the same way and does not leave.
    const replicated = this.d.journal.writeAhead(release.record);
    if (release.outcome === 'refused') {
      await replicated?.catch((err: unknown) =>
        this.d.log.warn({ err: errorMessage(err) }, 'replicated journal did not take a refusal (kept on disk)'),
      );
      this.d.changed(o);
      return;
    }
    if (replicated && !(await this.replicatedOrRejected(o, replicated))) return;
    settled?.(); // the attempt is held: an approval from the cluster's stream may be acked before the venue answers
    this.counters.sent++;
    try {
      const reply = await this.d.entry.place({
        ...request,
        selfTradePreventionMode: this.d.stpMode(),
        newOrderRespType: 'ACK',
      });
      const ack = reply.body as { orderId: number; status: string };
      const placed = this.d.core.onPlaced(o, ack.orderId, ack.status, this.d.gate(o.symbol), Date.now());
      this.d.journal.write(placed.record);
      if (placed.changed) this.d.changed(o);
      if (placed.cancel) await this.cancelOrder(o, 'kill switch engaged while the order was in flight');
    } catch (err) {
      this.onFailure(o, err);
    }
  }

  /** Cluster: the attempt must be held by the replicated journal before the request leaves; else rejected here. */
  private async replicatedOrRejected(o: TrackedOrder, replicated: Promise<{ duplicate: boolean }>): Promise<boolean> {
    let reason: string;
    try {
      if (!(await replicated).duplicate) return true;
      reason = 'TL_EXEC_DUPLICATE_DECISION: another execution host attempted this clientOrderId (replicated journal)';
    } catch (err) {
      reason = `${errorCode(err, 'TL_CLUSTER_JOURNAL_UNAVAILABLE')}: ${errorMessage(err)}`;
    }
    const { record } = this.d.core.onPlaceFailed(o, { kind: 'rejected', reason }, Date.now());
    this.d.journal.write(record);
    this.counters.rejected++;
    this.d.log.error({ clientOrderId: o.clientOrderId, reason }, 'order not sent: the replicated journal refused it');
    this.d.changed(o);
    return false;
  }

  private onFailure(o: TrackedOrder, err: unknown): void {
    const e = err instanceof VenueError ? err : undefined;
    const reason = e
      ? `${e.code}${e.venueCode === undefined ? '' : ` ${e.venueCode}`}: ${e.message}`
      : errorMessage(err);
    const failure: PlaceFailure = {
      kind: !e || e.kind === 'unknown' ? 'unknown' : e.kind === 'clock' ? 'clock' : 'rejected',
      reason,
    };
    const { record, unknown } = this.d.core.onPlaceFailed(o, failure, Date.now());
    this.d.journal.write(record);
    if (unknown) {
      this.counters.unknown++;
      this.d.log.error({ clientOrderId: o.clientOrderId, reason }, 'order outcome UNKNOWN: reconciling, not resending');
      this.d.changed(o);
      this.d.onUnknown();
      return;
    }
    this.counters.rejected++;
    if (failure.kind === 'clock') this.d.onClockSkew();
    this.d.log.warn({ clientOrderId: o.clientOrderId, reason }, 'order rejected');
    this.d.changed(o);
  }

  async cancelOrder(o: TrackedOrder, why: string): Promise<void> {
    this.d.journal.write(this.d.core.cancel(o, why, Date.now()));
    this.counters.cancels++;
    try {
      await this.d.entry.cancel(o.symbol, o.clientOrderId);
    } catch (err) {
      // -2011: already gone (filled or cancelled); the user stream or the next reconciliation says which.
      this.d.core.onCancelFailed(o);
      this.d.log.warn({ clientOrderId: o.clientOrderId, err: errorMessage(err) }, `cancel failed (${why})`);
    }
  }

  /**
   * Amends a resting order's price and quantity (`PUT /fapi/v1/order` or WS `order.modify`), journaled first.
   * Rejected: the order stands as it was. No reply: reconciliation reads the venue's price and quantity back.
   */
  async modifyOrder(o: TrackedOrder, price: string, quantity: string, why: string): Promise<boolean> {
    this.d.journal.write({
      ts: Date.now(),
      kind: 'modify',
      clientOrderId: o.clientOrderId,
      decisionId: o.decisionId,
      symbol: o.symbol,
      price,
      quantity,
      why,
    });
    this.counters.modifies++;
    try {
      const { body } = await this.d.entry.modify({
        symbol: o.symbol,
        origClientOrderId: o.clientOrderId,
        side: o.side,
        quantity,
        price,
      });
      const v = body as { price?: string; origQty?: string };
      o.price = Number(v.price ?? price);
      o.quantity = Number(v.origQty ?? quantity);
      this.d.changed(o);
      return true;
    } catch (err) {
      const e = err instanceof VenueError ? err : undefined;
      this.d.log.warn({ clientOrderId: o.clientOrderId, err: errorMessage(err) }, `modify failed (${why})`);
      if (!e || e.kind === 'unknown') this.d.onUnknown();
      return false;
    }
  }

  /** Kill and cancel-all: plain orders and conditional (algo) orders of `symbol`, both requests at once. */
  async cancelAll(symbol: string, why: string): Promise<void> {
    this.d.journal.write(this.d.core.cancelAll(symbol, why, Date.now()));
    this.counters.cancelAlls++;
    const failed = (what: string) => (err: unknown) => {
      this.d.log.error(
        { symbol, err: errorMessage(err) },
        `${what} failed (${why}); the dead-man countdown is the backstop for plain orders`,
      );
      this.d.onUnknown();
    };
    await Promise.all([
      this.d.entry.cancelAll(symbol).catch(failed('cancel-all')),
      this.d.entry.cancelAllAlgo(symbol).catch(failed('conditional-order cancel-all')),
    ]);
  }
}
