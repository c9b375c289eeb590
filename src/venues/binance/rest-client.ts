/**
 * `RestClient`: the one REST transport to the venue, for market data (ingest) and trading (execution) alike.
 * One undici `Pool` with keep-alive; every request passes the `WeightLimiter` first (which also holds the one
 * 429/418 Retry-After policy: nothing but cancels while it runs) and feeds its headers back; signed requests
 * are signed here from a secret kept only in a closure. Clustered, the IP's shared budget is asked too, and a
 * 429/418 is shared with every node of the IP before it is thrown (runtime/nats/rest-backoff.ts). Failures are `VenueError`s whose `kind` says what they
 * mean for an order. Successful public GETs go to `onReply` with send/receive times (ingest records them).
 */
import { Pool } from 'undici';
import type { IpBackoff, SharedWeightBudget } from '../../runtime/nats/rest-budget.js';
import { WeightLimiter } from './rate-limiter.js';
import { buildQuery, buildSignedQuery, type QueryValue, signerFor } from './signing.js';
import { VenueError } from './venue-error.js';

export interface RestClientOptions {
  /** `http://127.0.0.1:PORT` or `https://fapi.binance.com` (no trailing slash, no path). */
  baseUrl: string;
  limiter?: WeightLimiter;
  /**
   * Clustered: the IP's budget shared with the other nodes (runtime/nats/rest-budget.ts), asked after `limiter`.
   * Cancels go even when it cannot answer; anything else fails with its TL_CLUSTER_REST_BUDGET_UNAVAILABLE.
   */
  sharedBudget?: SharedWeightBudget;
  /** A reply slower than this is a timeout (ms); changeable live with `setTiming`. Default 10000. */
  timeoutMs?: number;
  /** Pool size. Default 4. */
  connections?: number;
  /** For keyed and signed requests. The secret is read once into a closure and never stored on the instance. */
  credentials?: { apiKey: string; apiSecret: string; recvWindowMs: number };
  /** Called for every 2xx reply to a public GET, before `get` resolves. */
  onReply?(reply: RestReply): void;
  now?: () => number;
}

export interface RestReply {
  /** Absolute URL as requested (public requests: the tape's `u`; signed ones: the path only). */
  url: string;
  status: number;
  /** The body exactly as received: the tape's `d`. */
  text: string;
  body: unknown;
  sentTs: number;
  recvTs: number;
  usedWeight: number | undefined;
}

export type Auth = 'public' | 'keyed' | 'signed';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestRequest {
  method: Method;
  path: string;
  params?: Record<string, QueryValue>;
  auth?: Auth;
  /** The endpoint's request weight (the venue's docs); default 1. */
  weight?: number;
  /** Venue time offset to stamp signed requests with (venue − local, ms). */
  clockOffsetMs?: number;
}

/** A 418 body's "banned until <epoch ms>" (the venue's -1003 message), or undefined. */
function banUntil(text: string): number | undefined {
  const m = /banned until (\d{12,})/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RestClient {
  readonly limiter: WeightLimiter;
  readonly baseUrl: string;
  requests = 0;
  failures = 0;
  /** 429/418s this client could not share with the IP's other nodes (NATS did not answer). */
  backoffsUnshared = 0;
  private readonly pool: Pool;
  private timeoutMs: number;
  private recvWindowMs: number;
  private readonly apiKey: string | undefined;
  private readonly sign: ((params: Record<string, QueryValue>, timestamp: number) => string) | undefined;
  private readonly now: () => number;
  private closed = false;
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.limiter = options.limiter ?? new WeightLimiter();
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.pool = new Pool(this.baseUrl, { connections: options.connections ?? 4, keepAliveTimeout: 30_000 });
    const creds = options.credentials;
    this.recvWindowMs = creds?.recvWindowMs ?? 5_000;
    this.apiKey = creds?.apiKey;
    if (creds) {
      const signer = signerFor(creds.apiSecret);
      // recvWindow is read at signing time so a live change applies to the next request.
      this.sign = (params, timestamp) => buildSignedQuery(params, signer, timestamp, this.recvWindowMs);
      options.credentials = undefined;
    }
  }

  /** Live parameter change: the next request uses the new timeout and recvWindow. */
  setTiming(timing: { timeoutMs: number; recvWindowMs: number }): void {
    this.timeoutMs = timing.timeoutMs;
    this.recvWindowMs = timing.recvWindowMs;
  }

  get timing(): { timeoutMs: number; recvWindowMs: number } {
    return { timeoutMs: this.timeoutMs, recvWindowMs: this.recvWindowMs };
  }

  /** Public GET `pathAndQuery` costing `weight` (market data); waits for the limiter's next minute when spent. */
  get(pathAndQuery: string, weight: number): Promise<RestReply> {
    return this.request({ method: 'GET', path: pathAndQuery, weight });
  }

  /** Any request; waits (only) for the limiter's next minute when the weight budget is spent. */
  async request(req: RestRequest): Promise<RestReply> {
    const auth = req.auth ?? 'public';
    if (auth !== 'public' && !this.sign) {
      throw new VenueError('TL_VENUE_REJECTED', `${req.method} ${req.path} needs API keys; this client has none`);
    }
    const weight = req.weight ?? 1;
    const cancel = req.method === 'DELETE';
    for (;;) {
      const waitMs = this.limiter.reserve(weight, cancel); // throws while a Retry-After runs
      if (waitMs === 0) {
        const shared = this.options.sharedBudget;
        if (!shared) break;
        const verdict = await this.reserveShared(shared, weight, cancel);
        if (verdict === 0) break;
        this.limiter.release(weight); // not sent this minute: the local count gives it back
        if (typeof verdict !== 'number') {
          // Another node's 429/418 on this IP: hold as if it were ours (the limiter refuses without asking again).
          this.limiter.holdUntil(verdict.until, verdict.status, verdict.node);
          throw this.limiter.blockedError();
        }
        await this.sleep(verdict);
        continue;
      }
      await this.sleep(waitMs);
    }
    return this.send(req, auth);
  }

  private async reserveShared(
    shared: SharedWeightBudget,
    weight: number,
    cancel: boolean,
  ): Promise<number | IpBackoff> {
    try {
      const verdict = await shared.reserve(weight);
      // Cancels go while a Retry-After runs, as with our own (rate-limiter.ts).
      return cancel && typeof verdict !== 'number' ? 0 : verdict;
    } catch (error) {
      // Leaving orders resting is worse than one uncounted request: a cancel goes without the shared count.
      if (cancel) return 0;
      throw error;
    }
  }

  private async shareBackoff(shared: SharedWeightBudget, status: 429 | 418): Promise<void> {
    try {
      const held = await shared.backOff(status, this.limiter.blockedUntil);
      this.limiter.holdUntil(held.until, held.status, held.node); // a later ban another node recorded
    } catch {
      // This node still holds (its limiter); the others will meet the venue's own 429. Counted for status.
      this.backoffsUnshared++;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.reject(new VenueError('TL_VENUE_UNREACHABLE', 'REST client closed while waiting for the rate limit'));
    }
    this.waits.clear();
    await this.pool.close();
  }

  private async send(req: RestRequest, auth: Auth): Promise<RestReply> {
    const { method } = req;
    const params = req.params ?? {};
    const payload =
      auth === 'signed' ? this.sign!(params, Math.round(this.now() + (req.clockOffsetMs ?? 0))) : buildQuery(params);
    const inBody = method !== 'GET' && payload.length > 0;
    const path = !inBody && payload.length > 0 ? `${req.path}?${payload}` : req.path;
    // Signed URLs carry a signature: errors and replies name the path only.
    const shown = auth === 'public' ? `${this.baseUrl}${path}` : `${this.baseUrl}${req.path}`;
    if (this.closed) throw new VenueError('TL_VENUE_UNREACHABLE', `REST client closed; ${method} ${shown} not sent`);
    const headers: Record<string, string> = {};
    if (auth !== 'public') headers['x-mbx-apikey'] = this.apiKey!;
    if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded';
    this.requests++;
    const sentTs = this.now();
    let status: number;
    let text: string;
    let resHeaders: Record<string, string | string[] | undefined>;
    try {
      const res = await this.pool.request({
        method,
        path,
        headers,
        body: inBody ? payload : null,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      this.failures++;
      throw this.transportError(method, shown, auth, err);
    }
    const recvTs = this.now();
    const usedHeader = header(resHeaders, 'x-mbx-used-weight-1m');
    const limited = status === 429 || status === 418;
    this.limiter.onResponse(
      status,
      usedHeader,
      header(resHeaders, 'retry-after'),
      limited ? banUntil(text) : undefined,
    );
    if (usedHeader !== undefined && this.options.sharedBudget) this.options.sharedBudget.observe(Number(usedHeader));
    if (limited) {
      this.failures++;
      const shared = this.options.sharedBudget;
      // Shared before it is thrown: once the caller hears of it, every node of the IP already holds.
      if (shared) await this.shareBackoff(shared, status as 429 | 418);
      throw this.limiter.blockedError();
    }
    let body: unknown;
    try {
      body = text.length === 0 && auth !== 'public' ? {} : JSON.parse(text);
    } catch (err) {
      this.failures++;
      throw new VenueError(
        'TL_VENUE_BAD_REPLY',
        `venue reply to ${method} ${shown} (HTTP ${status}) is not JSON: ${text.slice(0, 80)}`,
        { status, cause: err, ...(status >= 200 && status < 300 && auth !== 'public' ? { kind: 'unknown' } : {}) },
      );
    }
    if (status < 200 || status >= 300) {
      this.failures++;
      throw this.replyError(method, shown, auth, status, body, text);
    }
    const usedWeight = usedHeader === undefined ? undefined : Number(usedHeader);
    const reply: RestReply = { url: shown, status, text, body, sentTs, recvTs, usedWeight };
    if (auth === 'public') this.options.onReply?.(reply);
    return reply;
  }

  private transportError(method: Method, shown: string, auth: Auth, err: unknown): VenueError {
    const name = (err as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    // An order request that got no answer may have executed: the message says so, the kind says `unknown`.
    const consequence = auth === 'public' ? '' : ': outcome unknown, reconcile before sending more';
    if (timedOut) {
      return new VenueError(
        'TL_VENUE_TIMEOUT',
        `venue did not answer ${method} ${shown} within ${this.timeoutMs} ms${consequence || '; retry later, or raise the timeout if the venue is slow'}`,
        { cause: err },
      );
    }
    return new VenueError(
      'TL_VENUE_UNREACHABLE',
      `cannot reach the venue for ${method} ${shown}: ${(err as Error).message}${consequence || '; check the venue URL and the network'}`,
      { cause: err },
    );
  }

  private replyError(
    method: Method,
    shown: string,
    auth: Auth,
    status: number,
    body: unknown,
    text: string,
  ): VenueError {
    const venueCode =
      typeof (body as { code?: unknown })?.code === 'number' ? (body as { code: number }).code : undefined;
    const msg =
      typeof (body as { msg?: unknown })?.msg === 'string' ? (body as { msg: string }).msg : text.slice(0, 120);
    const where = `${method} ${shown} → HTTP ${status}${venueCode === undefined ? '' : ` ${venueCode}`} ${msg}`.trim();
    if (venueCode === -1021)
      return new VenueError('TL_VENUE_CLOCK', `${where}: resyncing the clock`, { status, venueCode });
    if (auth === 'public') {
      const hint =
        status >= 500 ? 'the venue failed; retry later' : 'the request was refused; check the symbol and parameters';
      return new VenueError('TL_VENUE_HTTP', `${where}; ${hint}`, { status, venueCode });
    }
    if (status >= 500) {
      return new VenueError('TL_VENUE_UNKNOWN', `${where}: outcome unknown, reconcile before sending more`, {
        status,
        venueCode,
      });
    }
    return new VenueError('TL_VENUE_REJECTED', where, { status, venueCode });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const w = {
        timer: setTimeout(() => {
          this.waits.delete(w);
          resolve();
        }, ms),
        reject,
      };
      this.waits.add(w);
    });
  }
}
