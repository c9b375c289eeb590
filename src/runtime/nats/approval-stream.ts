/**
 * The approval stream: risk leader → execution, replicated (R3), work-queue retention, one durable pull consumer.
 * An approval is the ordinary `ApprovedOrder` risk puts on the in-process ring, plus the leader's lease term.
 * A publish carries message id = decisionId, so a leader that retries after a lost ack (a NATS server died)
 * stores the approval once; execution acks an approval only after its outcome is journaled, so an approval whose
 * host died mid-way is redelivered — and the journal (order-journal-stream.ts) keeps it from being sent twice.
 */
import {
  AckPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ApprovedOrder } from '../../schema/order-messages.js';
import { APPROVAL_CONSUMER, APPROVAL_STREAM, APPROVAL_SUBJECT } from './durable-names.js';
import { ensureStream, withRetry } from './order-journal-stream.js';

/** An approved order as it crosses NATS: the ring's message and the issuing risk leader's term (fencing token). */
export type ClusterApproval = ApprovedOrder & { term: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Creates the stream and execution's durable consumer when missing. */
export async function ensureApprovalStream(nc: NatsConnection, replicas = 3): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, APPROVAL_STREAM, [APPROVAL_SUBJECT], replicas, { retention: RetentionPolicy.Workqueue });
  try {
    await jsm.consumers.info(APPROVAL_STREAM, APPROVAL_CONSUMER);
  } catch {
    try {
      await jsm.consumers.add(APPROVAL_STREAM, {
        durable_name: APPROVAL_CONSUMER,
        ack_policy: AckPolicy.Explicit,
        // Long enough for journal + venue round trip through a failover; a dead host's approval returns after it.
        ack_wait: 30_000 * 1e6,
        num_replicas: replicas,
      });
    } catch (error) {
      // Another node added it meanwhile: the same consumer.
      await jsm.consumers.info(APPROVAL_STREAM, APPROVAL_CONSUMER).catch(() => {
        throw error;
      });
    }
  }
}

export class ApprovalPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly deadlineMs = 30_000,
  ) {
    this.js = jetstream(nc);
  }

  /** Stored once whatever the retries; returns whether the server had it already. */
  async publish(a: ClusterApproval): Promise<{ duplicate: boolean }> {
    const data = encoder.encode(JSON.stringify(a));
    return await withRetry(`approval ${a.decisionId}`, this.deadlineMs, async () => {
      const ack = await this.js.publish(APPROVAL_SUBJECT, data, { msgID: a.decisionId, timeout: 2_000 });
      return { duplicate: ack.duplicate };
    });
  }
}

/** Execution's end: the approvals in order, each to be acked once its outcome is journaled. */
export async function consumeApprovals(nc: NatsConnection): Promise<ConsumerMessages> {
  const consumer = await jetstream(nc).consumers.get(APPROVAL_STREAM, APPROVAL_CONSUMER);
  // Short pulls: a pull parked on a dead server is noticed by its missed heartbeat (expires / 2) and renewed.
  return await consumer.consume({ max_messages: 64, expires: 2_000 });
}

export function decodeApproval(m: JsMsg): ClusterApproval {
  return JSON.parse(decoder.decode(m.data)) as ClusterApproval;
}
