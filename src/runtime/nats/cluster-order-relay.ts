/**
 * `ClusterOrderRelay`: the smallest execution loop over the approval stream, for tests and benches that need no
 * venue session: the intake's fence and dedupe (approval-intake.ts), then the journal's write-ahead (attempt
 * stored with a quorum ack before the request leaves), `place` with clientOrderId as the venue's idempotency key,
 * the outcome stored, then the ack. `tapeline run --nats` does the same through the execution actor's order
 * sender instead of `place` (src/actors/execution/execution-actor.ts).
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { errorMessage } from '../../schema/errors.js';
import { ApprovalIntake } from './approval-intake.js';
import type { ClusterApproval } from './approval-stream.js';
import { replayJournal } from './journal-replay.js';
import type { LeaderFence } from './leader-fence.js';
import type { ClusterJournalRecord, OrderJournalStream } from './order-journal-stream.js';

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
  /** The venue's idempotency key of an approval (execution's clientOrderIdFor(decisionId)). */
  clientOrderId(a: ClusterApproval): string;
  /** Sends one order to the venue with newClientOrderId = clientOrderId. */
  place(a: ClusterApproval, clientOrderId: string): Promise<PlaceResult>;
  /** Refusals and failures, for the log. */
  onIssue?(message: string): void;
}

export class ClusterOrderRelay {
  readonly counters = { sent: 0, duplicates: 0 };
  private known = new Map<string, ClusterJournalRecord>();
  private readonly intake: ApprovalIntake;

  constructor(private readonly o: ClusterOrderRelayOptions) {
    this.intake = new ApprovalIntake({
      nc: o.nc,
      fence: o.fence,
      attempted: (a) => this.known.has(o.clientOrderId(a)),
      refuse: async (a, refusal) => {
        const clientOrderId = o.clientOrderId(a);
        const record = { ts: Date.now(), kind: 'refused' as const, clientOrderId, decisionId: a.decisionId };
        await o.journal.append({ ...record, code: refusal.code });
        this.known.set(clientOrderId, record);
      },
      submit: (a) => this.submit(a),
      ...(o.onIssue ? { onIssue: o.onIssue } : {}),
    });
  }

  get intakeCounters(): ApprovalIntake['counters'] {
    return this.intake.counters;
  }

  /** Rebuilds what was attempted from the journal, then starts taking approvals. */
  async start(): Promise<void> {
    this.known = replayJournal(await this.o.journal.readAll()).known;
    this.intake.setActive(true);
  }

  async stop(): Promise<void> {
    await this.intake.stop();
  }

  private async submit(a: ClusterApproval): Promise<void> {
    const clientOrderId = this.o.clientOrderId(a);
    const ids = { clientOrderId, decisionId: a.decisionId, symbol: a.symbol };
    const attempt: ClusterJournalRecord = {
      ts: Date.now(),
      kind: 'attempt',
      ...ids,
      side: a.side,
      price: a.price,
      quantity: a.quantity,
      term: a.term,
    };
    const stored = await this.o.journal.append(attempt); // throws when JetStream is gone: nothing is sent
    this.known.set(clientOrderId, attempt);
    if (stored.duplicate) {
      this.counters.duplicates++;
      return;
    }
    let result: PlaceResult;
    try {
      result = await this.o.place(a, clientOrderId);
    } catch (error) {
      result = { status: 'UNKNOWN', detail: errorMessage(error) };
    }
    this.counters.sent++;
    const outcome: ClusterJournalRecord = { ts: Date.now(), kind: 'outcome', ...ids, ...result };
    await this.o.journal.append(outcome);
    this.known.set(clientOrderId, outcome);
  }
}
