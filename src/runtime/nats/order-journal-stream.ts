/**
 * `OrderJournalStream`: the cluster's write-ahead order journal, a replicated (R3) JetStream stream instead of
 * the single host's executions.jsonl. An attempt is stored (acked by a quorum) before its request leaves; each
 * record's message id is `kind:clientOrderId`, so a publish retried after a lost ack is deduplicated by the
 * server and a record exists at most once. A new leader reads the stream back (`readAll`) before it sends
 * anything: the same rule as the file journal — an order attempted by anyone, whatever its outcome, is never sent again.
 */
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { TapelineError } from '../../schema/errors.js';
import type { JournalRecord } from '../../schema/journal-record.js';
import { DEDUP_WINDOW_MS, JOURNAL_STREAM, JOURNAL_SUBJECT_PREFIX } from './durable-names.js';

/** The file journal's records, `fill` included (a position change risk rebuilds exposure from). */
export type ClusterJournalRecord = JournalRecord;

export interface JournalStreamOptions {
  replicas?: number;
  /** How long one append keeps retrying through a failover before it fails (default 30 s). */
  appendDeadlineMs?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Creates the stream when missing (idempotent); R3 on a 3-node cluster. */
export async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  subjects: string[],
  replicas: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add({
        name,
        subjects,
        num_replicas: replicas,
        duplicate_window: DEDUP_WINDOW_MS * 1e6,
        ...extra,
      });
    } catch (error) {
      // Two nodes starting together both found it missing: the other one's add won, which is as good.
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    }
  }
}

export class OrderJournalStream {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly deadlineMs: number,
  ) {}

  static async open(nc: NatsConnection, options: JournalStreamOptions = {}): Promise<OrderJournalStream> {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, JOURNAL_STREAM, [`${JOURNAL_SUBJECT_PREFIX}.>`], options.replicas ?? 3);
    return new OrderJournalStream(jetstream(nc), jsm, options.appendDeadlineMs ?? 30_000);
  }

  /**
   * Stores `record` with a quorum ack, retrying through a failover (the message id makes a retry harmless).
   * Returns whether the server already had it before this call. Throws `TL_CLUSTER_JOURNAL_UNAVAILABLE` past the deadline:
   * the caller must not send the order.
   */
  async append(record: ClusterJournalRecord): Promise<{ seq: number; duplicate: boolean }> {
    const id = record.clientOrderId ?? record.decisionId;
    // A fill is one trade of an order (an order may fill in several): its trade id makes it unique.
    const trade = record.kind === 'fill' && record.tradeId != null ? `:${String(record.tradeId)}` : '';
    const msgID = id === undefined ? undefined : `${record.kind}:${id}${trade}`;
    const data = encoder.encode(JSON.stringify(record));
    return await withRetry(`journal ${record.kind} ${id ?? ''}`, this.deadlineMs, async (attempt) => {
      const ack = await this.js.publish(`${JOURNAL_SUBJECT_PREFIX}.${record.kind}`, data, {
        ...(msgID ? { msgID } : {}),
        timeout: 2_000,
      });
      // A duplicate on a retry is our own first try whose ack was lost; only a first-try duplicate is news.
      return { seq: ack.seq, duplicate: ack.duplicate && attempt === 0 };
    });
  }

  /** Every record stored so far, in order (an ordered consumer from the first message to the last). */
  async readAll(): Promise<ClusterJournalRecord[]> {
    return await readStreamJson<ClusterJournalRecord>(this.js, this.jsm, JOURNAL_STREAM, this.deadlineMs);
  }
}

/** Reads a whole stream as JSON bodies, up to the last sequence it had when the read began. */
export async function readStreamJson<T>(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: string,
  deadlineMs: number,
): Promise<T[]> {
  const last = await withRetry(`stream ${stream} info`, deadlineMs, async () => {
    return (await jsm.streams.info(stream)).state.last_seq;
  });
  const out: T[] = [];
  if (last === 0) return out;
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push(JSON.parse(decoder.decode(m.data)) as T);
    if (m.seq >= last) break;
  }
  await messages.close();
  return out;
}

/** Retries `op` on any failure (timeouts and no-responders during a failover) until `deadlineMs`. */
export async function withRetry<T>(what: string, deadlineMs: number, op: (attempt: number) => Promise<T>): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
    }
  }
  throw new TapelineError(
    'TL_CLUSTER_JOURNAL_UNAVAILABLE',
    `${what}: JetStream did not confirm within ${deadlineMs} ms (${String(last)}); nothing was sent. Check that a majority of the NATS servers run`,
    { cause: last },
  );
}
