/**
 * Test helpers for the simulated venue: a signed REST call, a WS that collects messages, and the location of
 * the recorded data. Loopback only; every helper returns something the test closes.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { SimVenueHandle } from '../../../src/venues/sim/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function get(venue: SimVenueHandle, path: string): Promise<Reply> {
  const r = await fetch(venue.rest + path);
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text.length > 0 ? JSON.parse(text) : undefined };
}

/** A signed request: params in query (GET/DELETE) or form body (POST/PUT), signature last. */
export async function signed(
  venue: SimVenueHandle,
  method: string,
  path: string,
  params: Record<string, string | number>,
  opts: { secret?: string; apiKey?: string; timestamp?: number; inBody?: boolean } = {},
): Promise<Reply> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  q.set('timestamp', String(opts.timestamp ?? Date.now()));
  const payload = q.toString();
  const sig = createHmac('sha256', opts.secret ?? venue.apiSecret)
    .update(payload)
    .digest('hex');
  const full = `${payload}&signature=${sig}`;
  const inBody = opts.inBody ?? (method === 'POST' || method === 'PUT');
  const r = await fetch(`${venue.rest}${path}${inBody ? '' : `?${full}`}`, {
    method,
    headers: { 'X-MBX-APIKEY': opts.apiKey ?? venue.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: inBody ? full : undefined,
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: JSON.parse(text) };
}

export class Collector {
  readonly ws: WebSocket;
  readonly messages: string[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (d) => this.messages.push(String(d)));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  json(): Array<Record<string, unknown>> {
    return this.messages.map((m) => JSON.parse(m) as Record<string, unknown>);
  }

  send(obj: unknown): void {
    this.ws.send(JSON.stringify(obj));
  }

  /** Waits until `pred` holds over the messages (polling), or fails after `ms`. */
  async until(pred: (msgs: string[]) => boolean, ms = 5000): Promise<void> {
    const start = Date.now();
    while (!pred(this.messages)) {
      if (Date.now() - start > ms)
        throw new Error(`condition not met within ${ms} ms; got ${this.messages.length} messages`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** /work/shared/data or $TAPELINE_RECORDED_DATA; undefined when absent. */
export function recordedDataDir(): string | undefined {
  const fromEnv = process.env.TAPELINE_RECORDED_DATA;
  const dir = fromEnv ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}
