/**
 * `ClusterOrderRelay`: the execution host's loop in a cluster. It takes approvals from the replicated approval
 * stream in order and, for each: checks the issuing leader's term (fencing, leader-fence.ts), checks the journal
 * (an order attempted by anyone is never sent again), stores the attempt with a quorum ack, places the order with
 * clientOrderId as the venue's idempotency key, stores the outcome, then acks the approval. A NATS server dying
 * anywhere in that sequence costs a retry or a redelivery, never a lost or doubled order (docs/cluster-durability.md).
 */
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { errorMessage } from '../../schema/errors.js';
import { type ClusterApproval, consumeApprovals, decodeApproval } from '../../runtime/nats/approval-stream.js';
import type { LeaderFence } from '../../runtime/nats/leader-fence.js';
import type { ClusterJournalRecord, OrderJournalStream } from '../../runtime/nats/order-journal-stream.js';
import { replayJournal } from './journal-replay.js';

export interface PlaceResult {
  /** The venue's order status, or UNKNOWN when no answer came (reconciled, never resent). */
  status: string;
  orderId?: number;
  detail?: string;
}

export interface ClusterOrderRelayOptions {
  nc: NatsConnection;
  journal: OrderJournalStream;
  fence: LeaderFence;
  /** Sends one order to the venue (newClientOrderId = approval.clientOrderId). */
  place(approval: ClusterApproval): Promise<PlaceResult>;
  /** Refusals and failures, for the log. */
  onIssue?(message: string): void;
}

export class ClusterOrderRelay {
  readonly counters = { sent: 0, duplicates: 0, refused: 0, redelivered: 0 };
  private known = new Map<string, ClusterJournalRecord>();
  private running = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;

  constructor(private readonly o: ClusterOrderRelayOptions) {}

  /** Rebuilds what was attempted from the journal, then starts taking approvals. */
  async start(): Promise<void> {
    this.known = replayJournal(await this.o.journal.readAll()).known;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const messages = await consumeApprovals(this.o.nc);
        this.messages = messages;
        for await (const m of messages) {
          await this.handle(m);
          if (!this.running) break;
        }
      } catch (error) {
        // The consumer's server died or the stream is electing a leader: pull again shortly.
        if (this.running) this.o.onIssue?.(`approval consumer: ${errorMessage(error)}; retrying`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    const a = decodeApproval(m);
    if (m.redelivered) this.counters.redelivered++;
    const refusal = this.o.fence.admit(a.term, a.decisionId);
    if (refusal) {
      this.counters.refused++;
      this.o.onIssue?.(`${refusal.code}: ${refusal.detail}`);
      await this.o.journal.append({ ts: Date.now(), kind: 'refused', decisionId: a.decisionId, code: refusal.code });
      m.ack();
      return;
    }
    if (this.known.has(a.clientOrderId)) {
      // Redelivered after a host or server died between the attempt and the ack: already sent (or refused).
      this.counters.duplicates++;
      m.ack();
      return;
    }
    const attempt: ClusterJournalRecord = {
      ts: Date.now(),
      kind: 'attempt',
      clientOrderId: a.clientOrderId,
      decisionId: a.decisionId,
      symbol: a.symbol,
      side: a.side,
      price: a.price,
      quantity: a.quantity,
      term: a.term,
    };
    const stored = await this.o.journal.append(attempt); // throws when JetStream is gone: nothing is sent
    this.known.set(a.clientOrderId, attempt);
    if (stored.duplicate) {
      this.counters.duplicates++;
      m.ack();
      return;
    }
    let result: PlaceResult;
    try {
      result = await this.o.place(a);
    } catch (error) {
      result = { status: 'UNKNOWN', detail: errorMessage(error) };
    }
    this.counters.sent++;
    const outcome: ClusterJournalRecord = {
      ts: Date.now(),
      kind: 'outcome',
      clientOrderId: a.clientOrderId,
      decisionId: a.decisionId,
      symbol: a.symbol,
      ...result,
    };
    await this.o.journal.append(outcome);
    this.known.set(a.clientOrderId, outcome);
    m.ack();
  }
}
