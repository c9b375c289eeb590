/**
 * `GET /_sim/requests` (docs/venue-sim.md, request log): every venue REST request the sim answered — arrival
 * time, method, path without the query, HTTP status — bounded to the newest 5000. Tests count requests with it,
 * e.g. that no node of an IP sends while a 429/418 Retry-After runs (test/actors/ingest/shared-rest-backoff.test.ts).
 * `/_sim/` requests are not in it.
 */
import type { RestReply, RestRequest } from './rest-types.js';

const MAX_LOG = 5_000;

export interface RequestLogEntry {
  receivedAt: number;
  method: string;
  path: string;
  status: number;
}

export class RequestLog {
  /** Every request answered since start, including those the bound dropped. */
  total = 0;
  private readonly entries: RequestLogEntry[] = [];

  record(req: RestRequest, reply: RestReply): void {
    if (req.path.startsWith('/_sim/')) return;
    this.total++;
    this.entries.push({ receivedAt: req.receivedAt, method: req.method, path: req.path, status: reply.status });
    // Trimmed in blocks, not per request: one splice per 1000 requests.
    if (this.entries.length > MAX_LOG + 1_000) this.entries.splice(0, this.entries.length - MAX_LOG);
  }

  json(): { total: number; requests: RequestLogEntry[] } {
    return { total: this.total, requests: this.entries.slice(-MAX_LOG) };
  }
}
