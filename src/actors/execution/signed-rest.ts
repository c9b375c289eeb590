/**
 * Signed REST to the venue over one undici Pool (binance-usdm.md §5): HMAC query in the form body, API key
 * header, server-clock offset, per-request timeout. Every failure is classified by what it means for an order:
 * `rejected` (the venue refused, nothing happened), `rate-limited` (429/418, back off per Retry-After),
 * `clock` (-1021, resync), `unknown` (5xx, timeout, transport: it may have executed — reconcile, never resend).
 * The secret lives only in this closure; no error, log or message ever carries it or a signature.
 */
import { Pool } from 'undici';
import { TapelineError } from '../../schema/errors.js';
import { buildQuery, buildSignedQuery, type QueryValue } from '../../venues/binance/signing.js';

export type FailureKind = 'rejected' | 'rate-limited' | 'clock' | 'unknown';

export type VenueRequestCode = 'TL_VENUE_REJECTED' | 'TL_VENUE_RATE_LIMITED' | 'TL_VENUE_CLOCK' | 'TL_VENUE_UNKNOWN';

export class VenueRequestError extends TapelineError {
  constructor(
    code: VenueRequestCode,
    message: string,
    readonly kind: FailureKind,
    readonly httpStatus: number,
    readonly venueCode: number | undefined,
    readonly retryAfterMs: number,
  ) {
    super(code, message);
  }
}

export interface RestOptions {
  rest: string;
  apiKey: string;
  /** Read once into the closure; never stored on the instance. */
  apiSecret: string;
  timeoutMs: number;
  recvWindowMs: number;
}

const CODE_BY_KIND: Record<FailureKind, VenueRequestCode> = {
  rejected: 'TL_VENUE_REJECTED',
  'rate-limited': 'TL_VENUE_RATE_LIMITED',
  clock: 'TL_VENUE_CLOCK',
  unknown: 'TL_VENUE_UNKNOWN',
};

export class SignedRest {
  private readonly pool: Pool;
  private readonly sign: (params: Record<string, QueryValue>, timestamp: number) => string;
  /** serverTime - local time (ms), from the last clock sync. */
  clockOffsetMs = 0;
  clockSynced = false;
  /**
   * A 429/418 Retry-After applies to the IP, not to the request that met it: while it runs, nothing but a cancel
   * is sent (a dead-man heartbeat or reconcile call that met the 429 must stop orders too, and more requests
   * during a 418 extend the ban). Cancels still go: leaving orders resting is worse than one refused request.
   */
  private backoffUntil = 0;

  constructor(private readonly opts: Omit<RestOptions, 'apiSecret'> & { apiSecret: string }) {
    this.pool = new Pool(opts.rest, { connections: 4, pipelining: 1 });
    const secret = opts.apiSecret;
    // recvWindow is read at signing time so a live `config set execution.recvWindowMs` applies to the next request.
    this.sign = (params, timestamp) => buildSignedQuery(params, secret, timestamp, this.opts.recvWindowMs);
    // Keep the secret off the instance so no serializer or inspector can reach it.
    (this.opts as { apiSecret?: string }).apiSecret = undefined;
  }

  /** Live parameter change: the next request uses the new timeout and recvWindow. */
  setTiming(timing: { timeoutMs: number; recvWindowMs: number }): void {
    this.opts.timeoutMs = timing.timeoutMs;
    this.opts.recvWindowMs = timing.recvWindowMs;
  }

  get timing(): { timeoutMs: number; recvWindowMs: number } {
    return { timeoutMs: this.opts.timeoutMs, recvWindowMs: this.opts.recvWindowMs };
  }

  /** GET /fapi/v1/time: offset = serverTime - midpoint of the round trip. */
  async syncClock(): Promise<number> {
    const t0 = Date.now();
    const body = (await this.request('GET', '/fapi/v1/time', {}, 'public')) as { serverTime: number };
    const t1 = Date.now();
    this.clockOffsetMs = body.serverTime - Math.round((t0 + t1) / 2);
    this.clockSynced = true;
    return this.clockOffsetMs;
  }

  signed(
    method: 'GET' | 'POST' | 'DELETE' | 'PUT',
    path: string,
    params: Record<string, QueryValue>,
  ): Promise<unknown> {
    return this.request(method, path, params, 'signed');
  }

  /** API-key-only requests (listenKey). */
  keyed(method: 'POST' | 'PUT' | 'DELETE', path: string, params: Record<string, QueryValue> = {}): Promise<unknown> {
    return this.request(method, path, params, 'keyed');
  }

  /** ms left of the venue's last 429/418 Retry-After, 0 when none. */
  backoffRemainingMs(): number {
    return Math.max(0, this.backoffUntil - Date.now());
  }

  async request(
    method: string,
    path: string,
    params: Record<string, QueryValue>,
    auth: 'public' | 'keyed' | 'signed',
  ): Promise<unknown> {
    const wait = this.backoffRemainingMs();
    if (wait > 0 && method !== 'DELETE') {
      throw new VenueRequestError(
        CODE_BY_KIND['rate-limited'],
        `${method} ${path} not sent: the venue asked to back off for ${wait} ms more (429/418 Retry-After)`,
        'rate-limited',
        0,
        undefined,
        wait,
      );
    }
    const payload = auth === 'signed' ? this.sign(params, Date.now() + this.clockOffsetMs) : buildQuery(params);
    const inBody = method !== 'GET' && payload.length > 0;
    const headers: Record<string, string> = {};
    if (auth !== 'public') headers['x-mbx-apikey'] = this.opts.apiKey;
    if (inBody) headers['content-type'] = 'application/x-www-form-urlencoded';
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const res = await this.pool.request({
        method: method as 'GET',
        path: !inBody && payload.length > 0 ? `${path}?${payload}` : path,
        headers,
        body: inBody ? payload : null,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      text = await res.body.text();
    } catch (err) {
      // Transport failure or timeout: the request may or may not have reached the venue. The cause's message
      // is generic (no URL with query) but is not forwarded anyway.
      const what =
        err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
          ? `timed out after ${this.opts.timeoutMs} ms`
          : 'transport failed';
      throw new VenueRequestError(
        CODE_BY_KIND.unknown,
        `${method} ${path} ${what}: outcome unknown, reconcile before sending more`,
        'unknown',
        0,
        undefined,
        0,
      );
    }
    if (status >= 200 && status < 300) return text.length > 0 ? JSON.parse(text) : {};
    const failure = classify(method, path, status, text, retryAfter);
    if (failure.kind === 'rate-limited')
      this.backoffUntil = Math.max(this.backoffUntil, Date.now() + failure.retryAfterMs);
    throw failure;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function classify(
  method: string,
  path: string,
  status: number,
  text: string,
  retryAfter: string | string[] | undefined,
): VenueRequestError {
  let venueCode: number | undefined;
  let msg = '';
  try {
    const j = JSON.parse(text) as { code?: number; msg?: string };
    venueCode = typeof j.code === 'number' ? j.code : undefined;
    msg = typeof j.msg === 'string' ? j.msg : '';
  } catch {
    msg = `non-JSON reply (${text.length} bytes)`;
  }
  const where = `${method} ${path} → HTTP ${status}${venueCode === undefined ? '' : ` ${venueCode}`} ${msg}`.trim();
  if (status >= 500)
    return new VenueRequestError(
      CODE_BY_KIND.unknown,
      `${where}: outcome unknown, reconcile before sending more`,
      'unknown',
      status,
      venueCode,
      0,
    );
  if (status === 429 || status === 418) {
    const sec = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    const ms = Number.isFinite(sec) && sec > 0 ? sec * 1000 : status === 418 ? 120_000 : 1_000;
    return new VenueRequestError(
      CODE_BY_KIND['rate-limited'],
      `${where}: backing off ${ms} ms`,
      'rate-limited',
      status,
      venueCode,
      ms,
    );
  }
  if (venueCode === -1021)
    return new VenueRequestError(CODE_BY_KIND.clock, `${where}: resyncing the clock`, 'clock', status, venueCode, 0);
  return new VenueRequestError(CODE_BY_KIND.rejected, where, 'rejected', status, venueCode, 0);
}
