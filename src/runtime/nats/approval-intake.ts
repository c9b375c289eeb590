/**
 * `ApprovalIntake`: execution's end of the approval stream, the fence and dedupe every consumer of it needs. It
 * pulls the one durable work-queue consumer only while `setActive(true)` (its node holds the risk lease), in
 * order; for each approval: the issuing leader's term must pass the fence (leader-fence.ts; an older term is
 * refused with TL_CLUSTER_STALE_LEADER and the refusal recorded), an approval already attempted (journal) is
 * acked without being handed on, anything else is handed on — and acked only once the handler says its attempt
 * (or its refusal) is held by the replicated journal. An approval whose host died before the ack comes back
 * after the consumer's ack wait, and the journal keeps it from being sent twice (docs/cluster-durability.md).
 */
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { errorMessage, type Failure } from '../../schema/errors.js';
import { type ClusterApproval, consumeApprovals, decodeApproval } from './approval-stream.js';
import type { LeaderFence } from './leader-fence.js';

export interface ApprovalIntakeOptions {
  nc: NatsConnection;
  fence: LeaderFence;
  /** The journal knows this approval already (attempted or refused by any host): acked, not handed on. */
  attempted(a: ClusterApproval): boolean;
  /** Records a stale-term refusal; resolves once it is stored. */
  refuse(a: ClusterApproval, refusal: Failure<'TL_CLUSTER_STALE_LEADER'>): Promise<void>;
  /** Hands an admitted approval on; resolves once its attempt or refusal is held by the journal. */
  submit(a: ClusterApproval): Promise<void>;
  onIssue?(message: string): void;
}

export class ApprovalIntake {
  readonly counters = { handedOn: 0, duplicates: 0, refused: 0, redelivered: 0 };
  private active = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  /** Pulling fails now (a server down, an election): said once per outage, not every retry. */
  private failing = false;

  constructor(private readonly o: ApprovalIntakeOptions) {}

  get pulling(): boolean {
    return this.active;
  }

  /** Pull while true (this node holds the risk lease); false closes the pull after the approval in hand. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    if (active) {
      const previous = this.loop;
      this.loop = (async () => {
        await previous;
        await this.run();
      })();
    } else void this.messages?.close();
  }

  async stop(): Promise<void> {
    this.setActive(false);
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.active) {
      try {
        const messages = await consumeApprovals(this.o.nc);
        this.messages = messages;
        if (!this.active) await messages.close();
        for await (const m of messages) {
          this.failing = false;
          await this.handle(m);
          if (!this.active) break;
        }
      } catch (error) {
        // The consumer's server died or the stream is electing a leader: pull again shortly.
        if (this.active && !this.failing) this.o.onIssue?.(`approval consumer: ${errorMessage(error)}; retrying`);
        this.failing = true;
        await new Promise((r) => setTimeout(r, 250));
      } finally {
        await this.messages?.close();
        this.messages = undefined;
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
      await this.o.refuse(a, refusal);
      m.ack();
      return;
    }
    if (this.o.attempted(a)) {
      // Redelivered after a host or server died between the attempt and the ack: already sent (or refused).
      this.counters.duplicates++;
      m.ack();
      return;
    }
    this.counters.handedOn++;
    await this.o.submit(a);
    m.ack();
  }
}
