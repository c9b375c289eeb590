/**
 * One venue market-data WebSocket (undici) on a combined-stream URL, kept open: reconnects with exponential
 * back-off and jitter, and hands every text frame with its local receive time to the owner. The venue pings;
 * undici answers pings itself, so no pong code lives here.
 */
import { WebSocket } from 'undici';
import type { Logger } from 'pino';

export interface StreamConnectionOptions {
  url: string;
  log: Logger;
  onFrame(text: string, recvTs: number): void;
  onOpen?(): void;
  onClose?(reason: string): void;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

export class StreamConnection {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  reconnects = 0;
  frames = 0;
  connected = false;

  constructor(private readonly opts: StreamConnectionOptions) {}

  open(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.opts.url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.connected = true;
      this.opts.log.info({ url: this.opts.url }, 'venue stream connected');
      this.opts.onOpen?.();
    });
    ws.addEventListener('message', (ev) => {
      this.frames++;
      if (typeof ev.data === 'string') this.opts.onFrame(ev.data, Date.now());
    });
    ws.addEventListener('error', (ev) => {
      this.opts.log.warn({ url: this.opts.url, error: String((ev as { message?: string }).message ?? 'error') }, 'venue stream error');
    });
    ws.addEventListener('close', (ev) => {
      this.connected = false;
      if (this.ws !== ws) return;
      this.opts.onClose?.(`code ${ev.code}`);
      if (this.closed) return;
      const base = this.opts.backoffInitialMs ?? 250;
      const max = this.opts.backoffMaxMs ?? 30_000;
      // Full jitter: many symbols' connections dropped together must not reconnect in lockstep.
      const delay = Math.random() * Math.min(max, base * 2 ** this.attempt++);
      this.reconnects++;
      this.opts.log.warn({ url: this.opts.url, code: ev.code, delayMs: Math.round(delay) }, 'venue stream closed; reconnecting');
      this.retry = setTimeout(() => this.open(), delay);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.ws?.close();
    this.ws = undefined;
  }
}
