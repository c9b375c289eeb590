/**
 * The user-data stream (docs/venue-binance.md, user-data stream): listenKey create (POST), keep-alive (PUT) on a timer, connect to
 * `/private/ws?listenKey=`, and reconnect with back-off on close or `listenKeyExpired` (a fresh key each time).
 * `onLive` fires after every (re)connect, which is when the caller must reconcile: events may have been missed.
 */
import { WebSocket } from 'undici';
import { errorMessage } from '../../schema/errors.js';
import type { SignedRest } from './signed-rest.js';

export interface UserStreamDeps {
  rest: SignedRest;
  wsBase: string;
  /** Read when a stream goes live: a live change applies from the next (re)connection. */
  keepAliveMs: number;
  onEvent(event: Record<string, unknown>): void;
  onLive(): void;
  onDown(reason: string): void;
}

const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5_000;

export class UserStream {
  live = false;
  private ws: WebSocket | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private backoffMs = BACKOFF_MIN_MS;
  private stopped = false;
  reconnects = 0;

  constructor(private readonly d: UserStreamDeps) {}

  setKeepAlive(ms: number): void {
    this.d.keepAliveMs = ms;
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let key: string;
    try {
      key = ((await this.d.rest.keyed('POST', '/fapi/v1/listenKey')) as { listenKey: string }).listenKey;
    } catch (err) {
      this.scheduleReconnect(`listenKey: ${errorMessage(err)}`);
      return;
    }
    if (this.stopped) return;
    const ws = new WebSocket(`${this.d.wsBase}/private/ws?listenKey=${encodeURIComponent(key)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.live = true;
      this.backoffMs = BACKOFF_MIN_MS;
      this.keepAlive = setInterval(() => {
        this.d.rest.keyed('PUT', '/fapi/v1/listenKey', { listenKey: key }).catch((err: unknown) => {
          // A failed keep-alive means the key may lapse: start over with a fresh one.
          this.ws?.close();
          this.d.onDown(`listenKey keep-alive failed: ${errorMessage(err)}`);
        });
      }, this.d.keepAliveMs);
      this.d.onLive();
    };
    ws.onmessage = (ev) => {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(String(ev.data)) as Record<string, unknown>;
      } catch {
        this.d.onDown('malformed user-stream frame');
        ws.close();
        return;
      }
      if (event.e === 'listenKeyExpired') {
        ws.close();
        return;
      }
      this.d.onEvent(event);
    };
    ws.onerror = () => {
      // onclose follows and does the reconnect; nothing else to do here.
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.live = false;
      clearInterval(this.keepAlive);
      this.keepAlive = undefined;
      this.ws = undefined;
      this.scheduleReconnect('user stream closed');
    };
  }

  private scheduleReconnect(reason: string): void {
    this.live = false;
    this.d.onDown(reason);
    if (this.stopped) return;
    this.reconnects++;
    const wait = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retry = setTimeout(() => void this.connect(), wait);
  }

  stop(): void {
    this.stopped = true;
    this.live = false;
    clearInterval(this.keepAlive);
    clearTimeout(this.retry);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
  }
}
