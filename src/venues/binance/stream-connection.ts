/**
 * One combined-stream market WebSocket (undici) kept open: reconnects with exponential back-off and full
 * jitter, rotates itself before the venue's 24 h cut by opening a replacement and closing the old socket only
 * after an overlap (no frame is missed; ingest drops the duplicates), and changes its stream set with
 * SUBSCRIBE/UNSUBSCRIBE paced under the venue's 10 control messages per second. undici answers pings itself.
 */
import { WebSocket } from 'undici';

export interface StreamLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface StreamConnectionOptions {
  /** Route base, e.g. `ws://127.0.0.1:PORT/public`; the URL is `<base>/stream?streams=a/b/c`. */
  routeUrl: string;
  streams: readonly string[];
  onFrame(text: string, recvTs: number): void;
  /** The connection dropped unplanned (frames may have been missed); a reconnect is scheduled. */
  onLost?(): void;
  log?: StreamLog;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Rotate (overlapping) after this long; the venue cuts at 24 h. Default 23.5 h. */
  maxLifetimeMs?: number;
  /** How long old and new sockets both run during a rotation. Default 5 s. */
  overlapMs?: number;
}

/** Venue limit is 10/s per connection (docs/venue-binance.md, market streams); half of it leaves room for pongs. */
const CONTROL_INTERVAL_MS = 200;
const NOOP_LOG: StreamLog = { info() {}, warn() {} };

export class StreamConnection {
  readonly streams: Set<string>;
  frames = 0;
  reconnects = 0;
  rotations = 0;
  connected = false;
  private active: WebSocket | undefined;
  private next: WebSocket | undefined;
  /** Streams each socket was opened with (its URL), to send only the difference once it is open. */
  private readonly opened = new WeakMap<WebSocket, Set<string>>();
  private attempt = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private lifetimeTimer: NodeJS.Timeout | undefined;
  private overlapTimer: NodeJS.Timeout | undefined;
  private controlTimer: NodeJS.Timeout | undefined;
  private readonly control: string[] = [];
  private controlId = 0;
  private readonly log: StreamLog;

  constructor(private readonly opts: StreamConnectionOptions) {
    this.streams = new Set(opts.streams);
    this.log = opts.log ?? NOOP_LOG;
  }

  open(): void {
    if (this.closed || this.active !== undefined) return;
    this.active = this.connect();
  }

  subscribe(streams: readonly string[]): void {
    for (const s of streams) this.streams.add(s);
    if (this.connected) this.queueControl('SUBSCRIBE', streams);
  }

  unsubscribe(streams: readonly string[]): void {
    for (const s of streams) this.streams.delete(s);
    if (this.connected) this.queueControl('UNSUBSCRIBE', streams);
  }

  /** Starts an overlapping replacement now (what the lifetime timer does; tests call it directly). */
  rotate(): void {
    if (this.closed || this.next !== undefined || !this.connected) return;
    this.rotations++;
    this.next = this.connect();
  }

  close(): void {
    this.closed = true;
    this.connected = false;
    for (const t of [this.retryTimer, this.lifetimeTimer, this.overlapTimer, this.controlTimer]) clearTimeout(t);
    this.control.length = 0;
    const sockets = [this.active, this.next];
    this.active = undefined;
    this.next = undefined;
    for (const ws of sockets) ws?.close();
  }

  private url(): string {
    return `${this.opts.routeUrl}/stream?streams=${[...this.streams].join('/')}`;
  }

  private connect(): WebSocket {
    const ws = new WebSocket(this.url());
    this.opened.set(ws, new Set(this.streams));
    ws.addEventListener('open', () => this.onOpen(ws));
    ws.addEventListener('message', (ev) => {
      this.frames++;
      if (typeof ev.data === 'string') this.opts.onFrame(ev.data, Date.now());
    });
    ws.addEventListener('error', (ev) => {
      this.log.warn(
        { url: this.opts.routeUrl, error: String((ev as { message?: string }).message ?? 'error') },
        'venue stream error',
      );
    });
    ws.addEventListener('close', (ev) => this.onClose(ws, ev.code));
    return ws;
  }

  private onOpen(ws: WebSocket): void {
    if (this.closed) return;
    this.syncSubscriptions(ws);
    if (ws === this.active) {
      this.attempt = 0;
      this.connected = true;
      this.armLifetime();
      this.log.info({ url: this.opts.routeUrl, streams: this.streams.size }, 'venue stream connected');
    } else if (ws === this.next) {
      // Both sockets now carry the streams; the old one goes after the overlap.
      this.overlapTimer = setTimeout(() => this.promote(), this.opts.overlapMs ?? 5_000);
    }
  }

  private promote(): void {
    const old = this.active;
    this.active = this.next;
    this.next = undefined;
    this.connected = true;
    clearTimeout(this.overlapTimer);
    clearTimeout(this.retryTimer);
    this.armLifetime();
    old?.close(); // its close event is ignored: it is no longer active
    this.log.info({ url: this.opts.routeUrl }, 'venue stream rotated');
  }

  private onClose(ws: WebSocket, code: number): void {
    if (this.closed) return;
    if (ws === this.next) {
      this.next = undefined; // a failed replacement: the active socket still runs; try again later
      clearTimeout(this.overlapTimer);
      this.lifetimeTimer = setTimeout(() => this.rotate(), this.backoff());
      return;
    }
    if (ws !== this.active) return;
    if (this.next !== undefined && this.next.readyState === WebSocket.OPEN) {
      this.promote(); // the replacement already carries everything: nothing was missed
      return;
    }
    this.active = undefined;
    const wasConnected = this.connected;
    this.connected = false;
    clearTimeout(this.lifetimeTimer);
    this.control.length = 0;
    if (wasConnected) this.opts.onLost?.();
    const delay = this.backoff();
    this.reconnects++;
    this.log.warn({ url: this.opts.routeUrl, code, delayMs: Math.round(delay) }, 'venue stream closed; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, delay);
  }

  /** Full jitter: connections dropped together must not reconnect in lockstep. */
  private backoff(): number {
    const base = this.opts.backoffInitialMs ?? 250;
    const max = this.opts.backoffMaxMs ?? 30_000;
    return Math.random() * Math.min(max, base * 2 ** this.attempt++);
  }

  private armLifetime(): void {
    clearTimeout(this.lifetimeTimer);
    this.lifetimeTimer = setTimeout(() => this.rotate(), this.opts.maxLifetimeMs ?? 84_600_000);
  }

  /** Streams added or removed while the socket was connecting were not in its URL. */
  private syncSubscriptions(ws: WebSocket): void {
    const had = this.opened.get(ws) ?? new Set<string>();
    const add = [...this.streams].filter((s) => !had.has(s));
    const remove = [...had].filter((s) => !this.streams.has(s));
    if (add.length > 0) this.queueControl('SUBSCRIBE', add, ws);
    if (remove.length > 0) this.queueControl('UNSUBSCRIBE', remove, ws);
  }

  private queueControl(method: string, params: readonly string[], ws?: WebSocket): void {
    const text = JSON.stringify({ method, params, id: ++this.controlId });
    if (ws !== undefined && ws !== this.active) {
      ws.send(text); // a replacement's first message; the active socket's pacing is separate
      return;
    }
    this.control.push(text);
    if (this.controlTimer === undefined) this.drainControl();
  }

  private drainControl(): void {
    this.controlTimer = undefined;
    const text = this.control.shift();
    if (text === undefined) return;
    if (this.active?.readyState === WebSocket.OPEN) this.active.send(text);
    if (this.next?.readyState === WebSocket.OPEN) this.next.send(text);
    this.controlTimer = setTimeout(() => this.drainControl(), CONTROL_INTERVAL_MS);
  }
}
