/**
 * The append-only JSONL logs of docs/contract.md, logs and tapes (`metrics`, `decisions`, `executions`). Each
 * log gets the durability its content needs (docs/architecture.md, "Log durability"):
 * - `executions`: one write(2) per record plus fsync: an order attempt is on disk before its request leaves
 *   (safety invariant 4, docs/contract.md).
 * - `decisions`: one synchronous write(2) of a whole line per record on an O_APPEND descriptor: a crash (even
 *   SIGKILL) loses at most a line being written; it explains orders, and is rare.
 * - `metrics`: batched (issue 19). Every symbol actor of a thread appends to one buffer, written as one write(2)
 *   of whole lines every BATCH_MS or BATCH_BYTES, at close, and when the actor's thread fails. A SIGKILL loses up
 *   to BATCH_MS of snapshots, never a partial line among them; metrics are derived data (`tapeline replay`
 *   recomputes them from the tapes), not orders, and at 500 symbols a write per snapshot was the publish path's
 *   largest cost (bench/full-market.bench.ts).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type JsonlLogName = 'metrics' | 'decisions' | 'executions';

/** A batched log is written at least this often while records arrive. */
export const BATCH_MS = 100;
const BATCH_BYTES = 64 * 1024;

export function jsonlLogPath(dataDir: string, name: JsonlLogName): string {
  return join(dataDir, 'logs', `${name}.jsonl`);
}

/** Batched logs open in this thread, by path: the actors of a packed thread share one buffer and descriptor. */
const shared = new Map<string, JsonlLog>();

export class JsonlLog {
  readonly path: string;
  private fd: number | undefined;
  private readonly durable: boolean;
  private readonly batched: boolean;
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private users = 1;

  constructor(path: string, opts: { durable?: boolean; batched?: boolean } = {}) {
    this.path = path;
    this.durable = opts.durable ?? false;
    this.batched = opts.batched ?? false;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
    if (this.batched) {
      this.timer = setInterval(() => this.flush(), BATCH_MS);
      this.timer.unref();
    }
  }

  static open(dataDir: string, name: JsonlLogName): JsonlLog {
    if (name !== 'metrics') return new JsonlLog(jsonlLogPath(dataDir, name), { durable: name === 'executions' });
    const path = jsonlLogPath(dataDir, name);
    const open = shared.get(path);
    if (open?.fd !== undefined) {
      open.users++;
      return open;
    }
    const log = new JsonlLog(path, { batched: true });
    shared.set(path, log);
    return log;
  }

  append(record: object): void {
    this.appendJson(JSON.stringify(record));
  }

  /** `json` is one record already serialized (JSON.stringify, no newline): a caller that also sends it. */
  appendJson(json: string): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    const line = `${json}\n`;
    if (this.batched) {
      this.pending += line;
      if (this.pending.length >= BATCH_BYTES) this.flush();
      return;
    }
    writeSync(this.fd, line);
    if (this.durable) fsyncSync(this.fd);
  }

  /** Writes what is buffered (batched logs), as whole lines in one write. */
  flush(): void {
    if (this.pending === '' || this.fd === undefined) return;
    const text = this.pending;
    this.pending = '';
    writeSync(this.fd, text);
  }

  /** Ends this user's share; the descriptor closes (after a flush) when its last user closes it. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    if (--this.users > 0) return;
    clearInterval(this.timer);
    closeSync(this.fd);
    this.fd = undefined;
    if (shared.get(this.path) === this) shared.delete(this.path);
  }
}

/** Writes every batched log of this thread now: before a failing actor's thread exits, and for tests. */
export function flushJsonlLogs(): void {
  for (const log of shared.values()) log.flush();
}
