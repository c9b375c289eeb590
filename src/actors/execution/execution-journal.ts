/**
 * The write-ahead execution log (docs/contract.md, safety invariant 4 and logs and tapes): every order attempt is appended and fsynced to
 * `executions.jsonl` before its request leaves, then its outcome. At start the file is read back, so a
 * decision attempted by an earlier run — whatever its outcome — is never sent again. On a cluster node the journal
 * is also replicated (docs/cluster-durability.md): every record goes to the R3 journal stream, an attempt is acked
 * there before its request leaves (`writeAhead`), and the stream's records (other hosts' too) are known at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { JsonlLog, jsonlLogPath } from '../../runtime/log/jsonl-log.js';
import type { JournalRecord } from '../../schema/journal-record.js';
import type { FillReport } from '../../schema/order-messages.js';

export type { JournalRecord } from '../../schema/journal-record.js';

/** The replicated journal (runtime/nats/order-journal-stream.ts) as the journal needs it. */
export interface JournalReplica {
  /** `duplicate`: the replica held this record before (another host attempted this clientOrderId). */
  append(record: JournalRecord): Promise<{ duplicate: boolean }>;
}

export interface ExecutionJournalOptions {
  audit?: boolean;
  /** A record (other than an attempt) the replica did not take: logged; the local file still has it. */
  onReplicaError?(error: unknown): void;
}

export class ExecutionJournal {
  private readonly log: JsonlLog;
  /** clientOrderId → last record about it (attempts of this and every earlier run). */
  readonly known = new Map<string, JournalRecord>();
  private readonly audit: boolean;
  private replica: JournalReplica | undefined;
  private readonly onReplicaError: (error: unknown) => void;

  constructor(dataDir: string, opts: ExecutionJournalOptions = {}) {
    this.readBack(jsonlLogPath(dataDir, 'executions'));
    this.log = JsonlLog.open(dataDir, 'executions');
    this.audit = opts.audit ?? process.env.TAPELINE_QUIET !== '1';
    this.onReplicaError = opts.onReplicaError ?? (() => {});
  }

  /**
   * Joins the replicated journal once it is open (a cluster node opens it after start, so start stays fast): its
   * records become known; from now on every record is copied to it. The caller keeps orders gated until then.
   */
  attachReplica(replica: JournalReplica, records: readonly JournalRecord[]): void {
    for (const r of records)
      if (r.clientOrderId && !this.known.has(r.clientOrderId)) this.known.set(r.clientOrderId, r);
    this.replica = replica;
  }

  /** Was this order attempted before (by this run or an earlier one)? */
  attempted(clientOrderId: string): boolean {
    return this.known.get(clientOrderId) !== undefined;
  }

  /** Durable before it returns (JsonlLog fsyncs `executions`); throws if the disk refuses, so nothing leaves. */
  write(record: JournalRecord): void {
    this.writeLocal(record);
    this.replica?.append(record).catch(this.onReplicaError);
  }

  /**
   * The write-ahead of an attempt: on disk now; on a cluster node, the returned promise resolves once the replica
   * holds it (and rejects with TL_CLUSTER_JOURNAL_UNAVAILABLE when it cannot: the request must not leave).
   * undefined when there is no replica (the disk write is all).
   */
  writeAhead(record: JournalRecord): Promise<{ duplicate: boolean }> | undefined {
    this.writeLocal(record);
    return this.replica?.append(record);
  }

  private writeLocal(record: JournalRecord): void {
    this.log.append(record);
    if (record.clientOrderId) this.known.set(record.clientOrderId, record);
    // The one structured stdout line per attempt, for operators tailing the process.
    if (this.audit && record.kind === 'attempt')
      process.stdout.write(`${JSON.stringify({ event: 'ORDER_ATTEMPT_AUDIT', ...record })}\n`);
  }

  close(): void {
    this.log.close();
  }

  private readBack(path: string): void {
    if (!existsSync(path)) return;
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const line of lines) {
      if (line.length === 0) continue;
      let rec: JournalRecord;
      try {
        rec = JSON.parse(line) as JournalRecord;
      } catch {
        // Only the last line can be torn (one write per line, O_APPEND): a crash mid-write. Skip it.
        continue;
      }
      if (rec.clientOrderId) this.known.set(rec.clientOrderId, rec);
    }
  }
}

/** The order ended (filled, cancelled, expired, rejected): a new risk leader stops counting it as open. */
export function closedRecord(
  o: { clientOrderId: string; decisionId: string; symbol: string; status: string },
  ts: number,
): JournalRecord {
  return {
    ts,
    kind: 'closed',
    clientOrderId: o.clientOrderId,
    decisionId: o.decisionId,
    symbol: o.symbol,
    status: o.status,
  };
}

/**
 * One execution as the user stream reported it (`ts` = when we received it, `venueTime` = the venue's event
 * time): price, quantity, maker or taker, commission and the realized PnL, tied to its order and decision.
 */
export function fillRecord(f: FillReport, event: Record<string, unknown>, now: number): JournalRecord {
  const o = (event.o ?? {}) as { m?: unknown; t?: unknown };
  return {
    ts: now,
    kind: 'fill',
    clientOrderId: f.clientOrderId,
    decisionId: f.decisionId,
    symbol: f.symbol,
    side: f.side,
    price: f.price,
    qty: f.quantity,
    liquidity: o.m === true ? 'maker' : 'taker',
    fee: f.commission,
    realizedPnl: f.realizedPnl,
    tradeId: typeof o.t === 'number' ? o.t : null,
    venueTime: f.ts,
    // The position this fill left: a new risk leader rebuilds positions from it (journal-replay.ts).
    positionAmt: f.positionAmt,
  };
}
