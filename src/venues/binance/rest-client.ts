/**
 * `RestClient`: venue REST over one undici `Pool` with keep-alive (a handful of sockets reused for every
 * poll, snapshot and backfill). Every request passes the `WeightLimiter` first and feeds its headers back;
 * every successful reply goes to `onReply` with its send and receive times, which is how ingest records
 * REST replies in the tape and feeds them to the pipeline. Failures are `VenueError`s with stable codes.
 */
import { Pool } from 'undici';
import { WeightLimiter } from './rate-limiter.js';
import { VenueError } from './venue-error.js';

export interface RestClientOptions {
  /** `http://127.0.0.1:PORT` or `https://fapi.binance.com` (no trailing slash, no path). */
  baseUrl: string;
  limiter?: WeightLimiter;
  /** Headers and body timeout per request (ms). Default 10000. */
  timeoutMs?: number;
  /** Pool size. Default 4. */
  connections?: number;
  /** Called for every 2xx reply, before `get` resolves. */
  onReply?(reply: RestReply): void;
  now?: () => number;
}

export interface RestReply {
  /** Absolute URL as requested: the tape's `u`. */
  url: string;
  status: number;
  /** The body exactly as received: the tape's `d`. */
  text: string;
  body: unknown;
  sentTs: number;
  recvTs: number;
  usedWeight: number | undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RestClient {
  readonly limiter: WeightLimiter;
  readonly baseUrl: string;
  requests = 0;
  failures = 0;
  private readonly pool: Pool;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private closed = false;
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.limiter = options.limiter ?? new WeightLimiter();
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.pool = new Pool(this.baseUrl, {
      connections: options.connections ?? 4,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  /** GET `pathAndQuery` costing `weight`; waits (only) for the limiter's next minute when the budget is spent. */
  async get(pathAndQuery: string, weight: number): Promise<RestReply> {
    for (;;) {
      const waitMs = this.limiter.reserve(weight); // throws while a 429/418 Retry-After runs
      if (waitMs === 0) break;
      await this.sleep(waitMs);
    }
    return this.send(pathAndQuery);
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

  private async send(pathAndQuery: string): Promise<RestReply> {
    const url = `${this.baseUrl}${pathAndQuery}`;
    if (this.closed) throw new VenueError('TL_VENUE_UNREACHABLE', `REST client closed; ${url} not sent`);
    this.requests++;
    const sentTs = this.now();
    let status: number;
    let text: string;
    let headers: Record<string, string | string[] | undefined>;
    try {
      const res = await this.pool.request({ path: pathAndQuery, method: 'GET' });
      status = res.statusCode;
      headers = res.headers;
      text = await res.body.text();
    } catch (err) {
      this.failures++;
      const code = (err as { code?: string }).code ?? '';
      if (TIMEOUT_CODES.has(code)) {
        throw new VenueError(
          'TL_VENUE_TIMEOUT',
          `venue did not answer GET ${url} within ${this.timeoutMs} ms; retry later, or raise the timeout if the venue is slow`,
          { cause: err },
        );
      }
      throw new VenueError(
        'TL_VENUE_UNREACHABLE',
        `cannot reach the venue for GET ${url}: ${(err as Error).message}; check the venue URL and the network`,
        { cause: err },
      );
    }
    const recvTs = this.now();
    const usedHeader = header(headers, 'x-mbx-used-weight-1m');
    this.limiter.onResponse(status, usedHeader, header(headers, 'retry-after'));
    if (status === 429 || status === 418) {
      this.failures++;
      throw this.limiter.blockedError();
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      this.failures++;
      throw new VenueError(
        'TL_VENUE_BAD_REPLY',
        `venue reply to GET ${url} (HTTP ${status}) is not JSON: ${text.slice(0, 80)}`,
        { status, cause: err },
      );
    }
    if (status < 200 || status >= 300) {
      this.failures++;
      const venueCode =
        typeof (body as { code?: unknown })?.code === 'number' ? (body as { code: number }).code : undefined;
      const msg =
        typeof (body as { msg?: unknown })?.msg === 'string' ? (body as { msg: string }).msg : text.slice(0, 120);
      const hint =
        status >= 500 ? 'the venue failed; retry later' : 'the request was refused; check the symbol and parameters';
      throw new VenueError('TL_VENUE_HTTP', `GET ${url} failed: HTTP ${status} ${venueCode ?? ''} ${msg}; ${hint}`, {
        status,
        venueCode,
      });
    }
    const usedWeight = usedHeader === undefined ? undefined : Number(usedHeader);
    const reply: RestReply = { url, status, text, body, sentTs, recvTs, usedWeight };
    this.options.onReply?.(reply);
    return reply;
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
