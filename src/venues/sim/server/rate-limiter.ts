/**
 * The venue's IP limits (docs/venue-binance.md, rate limits): REQUEST_WEIGHT per minute and ORDERS per 10 s and per minute,
 * in fixed windows aligned to the clock as Binance counts them. Past the limit a request gets 429 with
 * Retry-After; a client that keeps going while limited is banned (418) for two minutes.
 */

export const WEIGHT_LIMIT_1M = 2400;
export const ORDER_LIMIT_10S = 300;
export const ORDER_LIMIT_1M = 1200;
/** Requests refused with 429 in one window before the ban. */
const STRIKES_BEFORE_BAN = 20;
const BAN_MS = 120_000;

export type LimitVerdict =
  | { ok: true }
  | { ok: false; status: 429 | 418; retryAfterSec: number; code: -1003 | -1015; msg: string };

export class RateLimiter {
  private weightWindow = 0;
  usedWeight = 0;
  private orderWindow10s = 0;
  orders10s = 0;
  private orderWindow1m = 0;
  orders1m = 0;
  private strikes = 0;
  bannedUntil = 0;

  /** Counts a request; `orders` is 1 for order placement. */
  admit(now: number, weight: number, orders: number): LimitVerdict {
    const w = Math.floor(now / 60_000);
    if (w !== this.weightWindow) {
      this.weightWindow = w;
      this.usedWeight = 0;
      this.strikes = 0;
    }
    if (now < this.bannedUntil) return this.banned(now);
    const o10 = Math.floor(now / 10_000);
    if (o10 !== this.orderWindow10s) {
      this.orderWindow10s = o10;
      this.orders10s = 0;
    }
    if (w !== this.orderWindow1m) {
      this.orderWindow1m = w;
      this.orders1m = 0;
    }
    this.usedWeight += weight;
    if (this.usedWeight > WEIGHT_LIMIT_1M) {
      if (++this.strikes > STRIKES_BEFORE_BAN) {
        this.bannedUntil = now + BAN_MS;
        return this.banned(now);
      }
      return {
        ok: false,
        status: 429,
        retryAfterSec: Math.ceil(((w + 1) * 60_000 - now) / 1000),
        code: -1003,
        msg: `Too many requests; current limit is ${WEIGHT_LIMIT_1M} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
      };
    }
    if (orders > 0) {
      this.orders10s += orders;
      this.orders1m += orders;
      if (this.orders10s > ORDER_LIMIT_10S || this.orders1m > ORDER_LIMIT_1M) {
        const per10 = this.orders10s > ORDER_LIMIT_10S;
        return {
          ok: false,
          status: 429,
          retryAfterSec: per10
            ? Math.ceil(((o10 + 1) * 10_000 - now) / 1000)
            : Math.ceil(((w + 1) * 60_000 - now) / 1000),
          code: -1015,
          msg: `Too many new orders; current limit is ${per10 ? ORDER_LIMIT_10S : ORDER_LIMIT_1M} orders per ${per10 ? 'TEN_SECONDS' : 'MINUTE'}.`,
        };
      }
    }
    return { ok: true };
  }

  /** Orders beyond the one counted on admission (the rest of a batch). */
  countOrders(n: number): void {
    this.orders10s += n;
    this.orders1m += n;
  }

  /** A ban imposed from outside (the `http418` fault). */
  ban(now: number, ms: number): void {
    this.bannedUntil = now + ms;
  }

  private banned(now: number): LimitVerdict {
    return {
      ok: false,
      status: 418,
      retryAfterSec: Math.max(1, Math.ceil((this.bannedUntil - now) / 1000)),
      code: -1003,
      msg: `Way too many requests; IP(127.0.0.1) banned until ${this.bannedUntil}. Please use the websocket for live updates to avoid bans.`,
    };
  }
}
