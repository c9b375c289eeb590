/**
 * The trading client execution gets from the adapter: keyed and signed requests over the one `RestClient`
 * (same limiter, same 429/418 policy, same `VenueError`), stamped with the venue's time from `ClockSync`.
 * A failure's `kind` tells execution what it means for an order (see venue-error.ts): `unknown` is reconciled,
 * never resent. The secret lives only in the transport's signing closure.
 */
import { ClockSync } from './clock-sync.js';
import { WeightLimiter } from './rate-limiter.js';
import { type Method, RestClient } from './rest-client.js';
import type { QueryValue } from './signing.js';

export interface SignedRestOptions {
  rest: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs: number;
  recvWindowMs: number;
}

/**
 * Order and account endpoints weigh little next to market data; a separate budget per actor keeps an ingest
 * backfill from ever delaying an order (the venue's own limit is per IP: 2400 per minute).
 */
const TRADING_WEIGHT_BUDGET = 1200;

export class SignedRest {
  private readonly client: RestClient;
  private readonly clock = new ClockSync();

  constructor(opts: SignedRestOptions) {
    this.client = new RestClient({
      baseUrl: opts.rest,
      timeoutMs: opts.timeoutMs,
      limiter: new WeightLimiter({ budgetPerMinute: TRADING_WEIGHT_BUDGET }),
      credentials: { apiKey: opts.apiKey, apiSecret: opts.apiSecret, recvWindowMs: opts.recvWindowMs },
    });
  }

  get clockSynced(): boolean {
    return this.clock.synced;
  }

  /** venue − local (ms), from the last sync. */
  get clockOffsetMs(): number {
    return this.clock.offsetMs;
  }

  /** After a failed sync or a -1021: orders wait for the next successful sync. */
  markClockUnsynced(): void {
    this.clock.synced = false;
  }

  /** GET /fapi/v1/exchangeInfo (weight 1): the symbols' filters. */
  async exchangeInfo(): Promise<unknown> {
    return (await this.client.request({ method: 'GET', path: '/fapi/v1/exchangeInfo', weight: 1 })).body;
  }

  setTiming(timing: { timeoutMs: number; recvWindowMs: number }): void {
    this.client.setTiming(timing);
  }

  get timing(): { timeoutMs: number; recvWindowMs: number } {
    return this.client.timing;
  }

  /** GET /fapi/v1/time (best of three round trips); returns the offset. */
  async syncClock(): Promise<number> {
    await this.clock.sync(this.client);
    return this.clock.offsetMs;
  }

  async signed(method: Method, path: string, params: Record<string, QueryValue>, weight = 1): Promise<unknown> {
    const reply = await this.client.request({
      method,
      path,
      params,
      auth: 'signed',
      weight,
      clockOffsetMs: this.clock.offsetMs,
    });
    return reply.body;
  }

  /** API-key-only requests (listenKey). */
  async keyed(method: Exclude<Method, 'GET'>, path: string, params: Record<string, QueryValue> = {}): Promise<unknown> {
    return (await this.client.request({ method, path, params, auth: 'keyed' })).body;
  }

  /** The one weight budget; the WebSocket API client reserves from it too (the venue counts both per IP). */
  get limiter(): WeightLimiter {
    return this.client.limiter;
  }

  /** ms left of the venue's last 429/418 Retry-After, 0 when none. */
  backoffRemainingMs(): number {
    return this.client.limiter.blockedForMs();
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
