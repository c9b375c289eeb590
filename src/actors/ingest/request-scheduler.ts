/**
 * `RequestScheduler`: turns the pipeline's fetch requests into REST calls, at most one per path in flight,
 * retried with jittered back-off (or the venue's Retry-After) until answered or the symbol is removed. The
 * replies reach the pipeline through the REST client's `onReply` hook; the owner calls `release(path)` first,
 * so a request the pipeline makes while handling a reply (the next page, a fresher snapshot) is not dropped.
 * While the IP is told to wait (a 429/418 Retry-After, ours or another cluster node's: runtime/nats/rest-backoff.ts)
 * nothing is sent: every request is held until it ends, and the pause is logged once with its code.
 */
import { errorCode, errorMessage } from '../../schema/errors.js';
import type { RestClient } from '../../venues/binance/rest-client.js';
import type { StreamLog } from '../../venues/binance/stream-connection.js';
import { type IngestRequest, requestPath, requestWeight } from './ingest-requests.js';

const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 30_000;

export class RequestScheduler {
  sent = 0;
  failed = 0;
  /** Attempts held back because the IP was told to wait. */
  held = 0;
  /** The end of the backoff last logged (one log line per backoff, not per request). */
  private loggedPauseUntil = 0;
  private readonly inFlight = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly symbols = new Set<string>();
  private closed = false;

  constructor(
    private readonly rest: RestClient,
    private readonly depthLimit: number,
    private readonly log: StreamLog,
  ) {}

  track(symbol: string): void {
    this.symbols.add(symbol);
  }

  /** Pending retries of this symbol stop at their next turn. */
  forget(symbol: string): void {
    this.symbols.delete(symbol);
  }

  submit(req: IngestRequest): void {
    const key = requestPath(req, this.depthLimit);
    if (this.closed || this.inFlight.has(key) || !this.symbols.has(req.symbol)) return;
    this.inFlight.add(key);
    this.attempt(req, key, 0);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The reply to `path` arrived: the same request may be made again. */
  release(path: string): void {
    this.inFlight.delete(path);
  }

  pending(): number {
    return this.inFlight.size;
  }

  private attempt(req: IngestRequest, key: string, n: number): void {
    if (this.closed || !this.symbols.has(req.symbol)) {
      this.inFlight.delete(key);
      return;
    }
    const blockedMs = this.rest.limiter.blockedForMs();
    if (blockedMs > 0) {
      this.hold(req, key, n, blockedMs);
      return;
    }
    this.sent++;
    this.rest.get(key, requestWeight(req, this.depthLimit)).then(
      () => this.inFlight.delete(key),
      (err: unknown) => {
        this.failed++;
        if (this.closed) return;
        // Not released: the key stays taken until the retry is answered.
        const retryAfter = (err as { retryAfterMs?: number }).retryAfterMs ?? 0;
        const delay = Math.max(retryAfter, Math.random() * Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** n));
        this.log.warn(
          { request: key, code: errorCode(err), error: errorMessage(err), retryInMs: Math.round(delay) },
          'venue request failed; retrying',
        );
        this.later(() => this.attempt(req, key, n + 1), delay);
      },
    );
  }

  /** The IP must not send yet: retry when the backoff ends, spread a little so held requests do not burst. */
  private hold(req: IngestRequest, key: string, n: number, blockedMs: number): void {
    this.held++;
    const limiter = this.rest.limiter;
    if (limiter.blockedUntil !== this.loggedPauseUntil) {
      this.loggedPauseUntil = limiter.blockedUntil;
      this.log.warn(
        {
          code: limiter.blockedError().code,
          until: new Date(limiter.blockedUntil).toISOString(),
          byNode: limiter.blockedByNode || undefined,
          retryInMs: blockedMs,
        },
        'REST paused for this IP: the venue said wait (Retry-After); no request is sent until then',
      );
    }
    this.later(() => this.attempt(req, key, n), blockedMs + Math.random() * RETRY_BASE_MS);
  }

  private later(fn: () => void, delayMs: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, delayMs);
    this.timers.add(t);
  }
}
