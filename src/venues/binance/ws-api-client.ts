/**
 * The venue's WebSocket API (`/ws-fapi/v1`, docs/venue-binance.md, order transport): one undici WebSocket kept
 * open, requests `{id, method, params}` matched to replies by id. With an HMAC key each request is signed on its
 * own (over the params sorted by name, `k=v&...`); with an Ed25519 key the connection does `session.logon` once
 * (the venue allows it for Ed25519 keys only) and requests then carry just `timestamp`. A request that left and
 * got no reply (socket closed, timeout) is `unknown`, exactly like a REST timeout: the caller reconciles and never
 * resends. A request that could not leave is `TL_VENUE_WS_API_DOWN`.
 */
import { WebSocket } from 'undici';
import type { WeightLimiter } from './rate-limiter.js';
import { isEd25519Secret, type Signer, signerFor } from './signing.js';
import { VenueError } from './venue-error.js';

export interface WsApiLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WsApiClientOptions {
  /** `ws://127.0.0.1:PORT/ws-fapi/v1` or `wss://ws-fapi.binance.com/ws-fapi/v1`. */
  url: string;
  apiKey: string;
  /** HMAC secret or Ed25519 PEM private key: read once into the signing closure, never kept on the instance. */
  apiSecret: string;
  /** The REST client's limiter: the venue counts WS API and REST weight against the same IP. */
  limiter: WeightLimiter;
  /** venue − local (ms), read per request (the REST client's ClockSync). */
  clockOffsetMs(): number;
  timeoutMs: number;
  recvWindowMs: number;
  log?: WsApiLog;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Called on every transition of `up`. */
  onState?(up: boolean): void;
}

interface Pending {
  method: string;
  deadline: number;
  resolve(result: unknown): void;
  reject(err: VenueError): void;
}

interface Reply {
  id?: unknown;
  status?: number;
  result?: unknown;
  error?: { code?: number; msg?: string; data?: { retryAfter?: number } };
  rateLimits?: Array<{ rateLimitType?: string; interval?: string; count?: number }>;
}

/**
 * The WS API endpoint that goes with a market-stream base: the venue serves it on its own host
 * (docs/venue-binance.md, order transport); the sim on its one port.
 */
export function wsApiUrlFor(wsBase: string): string {
  const base = wsBase.replace(/\/+$/, '');
  if (base === 'wss://fstream.binance.com') return 'wss://ws-fapi.binance.com/ws-fapi/v1';
  if (base === 'wss://fstream.binancefuture.com') return 'wss://testnet.binancefuture.com/ws-fapi/v1';
  return `${base}/ws-fapi/v1`;
}

const NOOP_LOG: WsApiLog = { info() {}, warn() {} };

export class WsApiClient {
  requests = 0;
  connects = 0;
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private attempt = 0;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;
  /** One coarse sweep for every request's deadline, running only while something is pending (undici's habit). */
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly sign: Signer;
  /** Ed25519 key: the connection logs on once; until then it is not up. */
  private readonly logon: boolean;
  private loggedOn = false;
  private readonly log: WsApiLog;

  constructor(private readonly o: WsApiClientOptions) {
    this.sign = signerFor(o.apiSecret);
    this.logon = isEd25519Secret(o.apiSecret);
    o.apiSecret = '';
    this.log = o.log ?? NOOP_LOG;
  }

  /** Connected (and logged on, with an Ed25519 key) and able to take a request now. */
  get up(): boolean {
    return this.ws?.readyState === WebSocket.OPEN && (!this.logon || this.loggedOn);
  }

  setTiming(timing: { timeoutMs: number; recvWindowMs: number }): void {
    this.o.timeoutMs = timing.timeoutMs;
    this.o.recvWindowMs = timing.recvWindowMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the socket; what is still pending becomes `unknown` (it left; no reply will come). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
    this.failPending('the WebSocket API client stopped');
  }

  /**
   * A signed request; resolves with `result`. `weight` is reserved on the shared limiter first (cancels go even
   * while a Retry-After runs, as on REST).
   */
  async signed(method: string, params: Record<string, string>, weight: number, cancel = false): Promise<unknown> {
    for (;;) {
      const waitMs = this.o.limiter.reserve(weight, cancel);
      if (waitMs === 0) break;
      await new Promise((r) => setTimeout(r, waitMs));
    }
    const ws = this.ws;
    if (!ws || !this.up)
      throw new VenueError('TL_VENUE_WS_API_DOWN', `WebSocket API not connected; ${method} not sent`, {
        kind: 'rejected',
      });
    return this.send(ws, method, this.loggedOn ? this.stamped(params) : this.signedParams(params));
  }

  /** Params with `recvWindow` and `timestamp` (venue time): all a request needs on a logged-on session. */
  private stamped(params: Record<string, string>): Record<string, string> {
    return {
      ...params,
      recvWindow: String(this.o.recvWindowMs),
      timestamp: String(Math.round(Date.now() + this.o.clockOffsetMs())),
    };
  }

  /** Params with `apiKey`, `recvWindow`, `timestamp` and the signature over all of them sorted by name. */
  private signedParams(params: Record<string, string>): Record<string, string> {
    const all = this.stamped({ ...params, apiKey: this.o.apiKey });
    const keys = Object.keys(all).sort();
    let payload = '';
    for (const k of keys) payload += `${payload.length === 0 ? '' : '&'}${k}=${all[k]}`;
    all.signature = this.sign(payload);
    return all;
  }

  private send(ws: WebSocket, method: string, all: Record<string, string>): Promise<unknown> {
    const id = String(this.nextId++);
    const text = JSON.stringify({ id, method, params: all });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, deadline: Date.now() + this.o.timeoutMs, resolve, reject });
      this.requests++;
      try {
        ws.send(text);
      } catch (err) {
        // send() threw synchronously: the frame did not leave.
        this.pending.delete(id);
        reject(
          new VenueError('TL_VENUE_WS_API_DOWN', `WebSocket API send failed; ${method} not sent`, {
            kind: 'rejected',
            cause: err,
          }),
        );
        return;
      }
      this.sweepTimer ??= setInterval(() => this.sweep(), Math.max(10, Math.min(250, this.o.timeoutMs / 4)));
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.o.url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      this.connects++;
      if (this.logon) {
        void this.logOn(ws);
        return;
      }
      this.log.info({ url: this.o.url }, 'WebSocket API connected: orders go over it');
      this.o.onState?.(true);
    });
    ws.addEventListener('message', (ev) => {
      if (typeof ev.data === 'string') this.onReply(ev.data);
    });
    ws.addEventListener('error', () => {
      // The close event follows and schedules the reconnect; the error itself carries nothing more.
    });
    ws.addEventListener('close', (ev) => {
      if (ws !== this.ws) return;
      this.ws = undefined;
      this.loggedOn = false;
      this.failPending(`WebSocket API connection closed (code ${ev.code}) before the reply`);
      this.o.onState?.(false);
      if (this.stopped) return;
      const base = this.o.backoffInitialMs ?? 100;
      const delay = Math.random() * Math.min(this.o.backoffMaxMs ?? 5_000, base * 2 ** this.attempt++);
      this.log.warn(
        { url: this.o.url, code: ev.code, delayMs: Math.round(delay) },
        'WebSocket API down: orders go over REST until it is back',
      );
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  /** `session.logon` (Ed25519 keys): the connection is up once the venue accepts it; refused → closed, retried. */
  private async logOn(ws: WebSocket): Promise<void> {
    try {
      await this.send(ws, 'session.logon', this.signedParams({}));
      if (ws !== this.ws) return;
      this.loggedOn = true;
      this.log.info({ url: this.o.url }, 'WebSocket API connected and logged on: orders go over it');
      this.o.onState?.(true);
    } catch (err) {
      this.log.warn(
        { url: this.o.url, err: (err as Error).message },
        'WebSocket API session.logon failed; reconnecting',
      );
      ws.close();
    }
  }

  private onReply(text: string): void {
    let r: Reply;
    try {
      r = JSON.parse(text) as Reply;
    } catch {
      this.log.warn({ text: text.slice(0, 80) }, 'WebSocket API frame is not JSON; ignored');
      return;
    }
    const p = this.pending.get(String(r.id));
    if (!p) return;
    this.pending.delete(String(r.id));
    const weight = r.rateLimits?.find((l) => l.rateLimitType === 'REQUEST_WEIGHT' && l.interval === 'MINUTE');
    const status = r.status ?? 0;
    const retryAfter = r.error?.data?.retryAfter;
    this.o.limiter.onResponse(
      status,
      weight?.count === undefined ? undefined : String(weight.count),
      // The WS API gives the ban's end as epoch ms; the limiter wants seconds from now.
      retryAfter === undefined ? undefined : String(Math.max(0, Math.ceil((retryAfter - Date.now()) / 1000))),
    );
    if (status === 200) {
      p.resolve(r.result);
      return;
    }
    p.reject(this.replyError(p.method, status, r.error));
  }

  private replyError(method: string, status: number, e: Reply['error']): VenueError {
    const venueCode = e?.code;
    const where =
      `WS API ${method} → ${status}${venueCode === undefined ? '' : ` ${venueCode}`} ${e?.msg ?? ''}`.trim();
    if (status === 429 || status === 418) return this.o.limiter.blockedError();
    if (venueCode === -1021)
      return new VenueError('TL_VENUE_CLOCK', `${where}: resyncing the clock`, { status, venueCode });
    if (status >= 500)
      return new VenueError('TL_VENUE_UNKNOWN', `${where}: outcome unknown, reconcile before sending more`, {
        status,
        venueCode,
      });
    return new VenueError('TL_VENUE_REJECTED', where, { status, venueCode });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (now < p.deadline) continue;
      this.pending.delete(id);
      p.reject(
        new VenueError(
          'TL_VENUE_TIMEOUT',
          `WebSocket API did not answer ${p.method} within ${this.o.timeoutMs} ms: outcome unknown, reconcile before sending more`,
        ),
      );
    }
    if (this.pending.size === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private failPending(why: string): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(
        new VenueError('TL_VENUE_UNREACHABLE', `${why}: ${p.method} outcome unknown, reconcile before sending more`),
      );
    }
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
