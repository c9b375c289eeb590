/**
 * The append-only JSONL logs of docs/contract.md, logs and tapes (`metrics`, `decisions`, `executions`). Flush policy: every record
 * is one synchronous write(2) of a whole line on an O_APPEND descriptor, so a crash (even SIGKILL) loses at
 * most a line being written, and several threads may share a file without interleaving inside a line.
 * `executions` additionally fsyncs: an order attempt must be on disk before its request leaves (safety invariant 4, docs/contract.md).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type JsonlLogName = 'metrics' | 'decisions' | 'executions';

export function jsonlLogPath(dataDir: string, name: JsonlLogName): string {
  return join(dataDir, 'logs', `${name}.jsonl`);
}

export class JsonlLog {
  readonly path: string;
  private fd: number | undefined;
  private readonly durable: boolean;

  constructor(path: string, opts: { durable?: boolean } = {}) {
    this.path = path;
    this.durable = opts.durable ?? false;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
  }

  static open(dataDir: string, name: JsonlLogName): JsonlLog {
    return new JsonlLog(jsonlLogPath(dataDir, name), { durable: name === 'executions' });
  }

  append(record: object): void {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (this.durable) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
