/**
 * The write-ahead execution log (docs/contract.md, safety invariant 4 and logs and tapes): every order attempt is appended and fsynced to
 * `executions.jsonl` before its request leaves, then its outcome. At start the file is read back, so a
 * decision attempted by an earlier run — whatever its outcome — is never sent again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { JsonlLog, jsonlLogPath } from '../../runtime/log/jsonl-log.js';
import type { FillReport } from '../../schema/order-messages.js';

export interface JournalRecord {
  ts: number;
  kind: 'attempt' | 'outcome' | 'cancel' | 'cancel-all' | 'reconcile' | 'refused' | 'duplicate' | 'fill';
  clientOrderId?: string;
  decisionId?: string;
  symbol?: string;
  [key: string]: unknown;
}

export class ExecutionJournal {
  private readonly log: JsonlLog;
  /** clientOrderId → last record about it (attempts of this and every earlier run). */
  readonly known = new Map<string, JournalRecord>();
  private readonly audit: boolean;

  constructor(dataDir: string, opts: { audit?: boolean } = {}) {
    this.readBack(jsonlLogPath(dataDir, 'executions'));
    this.log = JsonlLog.open(dataDir, 'executions');
    this.audit = opts.audit ?? process.env.TAPELINE_QUIET !== '1';
  }

  /** Was this order attempted before (by this run or an earlier one)? */
  attempted(clientOrderId: string): boolean {
    return this.known.get(clientOrderId) !== undefined;
  }

  /** Durable before it returns (JsonlLog fsyncs `executions`); throws if the disk refuses, so nothing leaves. */
  write(record: JournalRecord): void {
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
  };
}
