/**
 * `WeightLimiter`: keeps our REST traffic under a budget of the venue's per-minute IP weight
 * (docs/venue-binance.md, rate limits). It counts what it lets through, trusts the venue's `X-MBX-USED-WEIGHT-1M` when that
 * is higher (other processes on the IP count too), and after a 429 or 418 refuses everything until the
 * venue's `Retry-After` (or a 418's "banned until", whichever is later) has passed — continuing to send while
 * limited is what turns a 429 into an IP ban. Clustered, another node's 429/418 on the same IP holds it too (`holdUntil`).
 */
import { VenueError } from './venue-error.js';

export interface WeightLimiterOptions {
  /** Weight we allow ourselves per minute; the venue's limit is 2400 (6000 on testnet). Default 1200. */
  budgetPerMinute?: number;
  /** Injectable clock (ms); default Date.now. */
  now?: () => number;
}

export const DEFAULT_WEIGHT_BUDGET = 1200;
const MINUTE = 60_000;

export class WeightLimiter {
  readonly budget: number;
  /** Best knowledge of the venue's counter for the current minute. */
  usedWeight = 0;
  /** Highest weight the venue reported (status). */
  peakWeight = 0;
  /** Epoch ms until which nothing may be sent, and why. */
  blockedUntil = 0;
  blockedBy: 'rate' | 'ban' | undefined;
  /** Another node of the IP whose 429/418 holds this one (cluster, runtime/nats/rest-backoff.ts); '' = our own. */
  blockedByNode = '';
  /** Requests told to wait for the next minute because the budget was spent. */
  deferred = 0;
  private minute = -1;
  private readonly now: () => number;

  constructor(options: WeightLimiterOptions = {}) {
    this.budget = options.budgetPerMinute ?? DEFAULT_WEIGHT_BUDGET;
    this.now = options.now ?? Date.now;
  }

  /**
   * Reserves `weight` for a request about to be sent: returns 0 (send now, counted) or the ms to wait
   * before asking again (budget spent for this minute). Throws `TL_VENUE_RATE_LIMITED` / `TL_VENUE_BANNED`
   * while a Retry-After runs (unless `evenWhenBlocked`: cancels): the caller must not send and should retry
   * after `retryAfterMs`.
   */
  reserve(weight: number, evenWhenBlocked = false): number {
    const now = this.now();
    // Cancels still go while blocked: leaving orders resting is worse than one refused request.
    if (now < this.blockedUntil && !evenWhenBlocked) throw this.blockedError(now);
    this.roll(now);
    if (this.usedWeight > 0 && this.usedWeight + weight > this.budget) {
      this.deferred++;
      return MINUTE - (now % MINUTE) + 1;
    }
    this.usedWeight += weight;
    return 0;
  }

  /** Gives back a reservation that was not sent after all (the cluster's shared budget said wait). */
  release(weight: number): void {
    this.usedWeight = Math.max(0, this.usedWeight - weight);
  }

  /**
   * Feeds a response back: the used-weight header, and 429/418 with their Retry-After (seconds) and, for a 418,
   * the "banned until" epoch ms of its body when the caller found one (the later of the two holds).
   */
  onResponse(
    status: number,
    usedWeightHeader: string | undefined,
    retryAfterHeader: string | undefined,
    banUntilMs?: number,
  ): void {
    const now = this.now();
    this.roll(now);
    if (usedWeightHeader !== undefined) {
      const used = Number(usedWeightHeader);
      if (Number.isFinite(used)) {
        if (used > this.usedWeight) this.usedWeight = used;
        if (used > this.peakWeight) this.peakWeight = used;
      }
    }
    if (status === 429 || status === 418) {
      const sec = Number(retryAfterHeader);
      // No header: assume the rest of the minute for 429, and two minutes (the shortest ban) for 418.
      const hasHeader = retryAfterHeader !== undefined && Number.isFinite(sec) && sec >= 0;
      const waitMs = hasHeader ? sec * 1000 : status === 418 ? 120_000 : MINUTE - (now % MINUTE);
      const until = Math.max(now + waitMs, banUntilMs ?? 0);
      if (until > this.blockedUntil) this.blockedUntil = until;
      this.blockedBy = status === 418 ? 'ban' : 'rate';
      this.blockedByNode = '';
    }
  }

  /** Another node of this IP was told to wait (its 429/418, shared through NATS): hold until then too. */
  holdUntil(until: number, status: 429 | 418, node: string): void {
    if (until <= this.blockedUntil) return;
    this.blockedUntil = until;
    this.blockedBy = status === 418 ? 'ban' : 'rate';
    this.blockedByNode = node;
  }

  /** ms until sending is allowed again (0 when not blocked). */
  blockedForMs(): number {
    return Math.max(0, this.blockedUntil - this.now());
  }

  blockedError(now = this.now()): VenueError {
    const retryAfterMs = Math.max(0, this.blockedUntil - now);
    const sec = Math.ceil(retryAfterMs / 1000);
    const who = this.blockedByNode ? ` (answered to node ${this.blockedByNode} of this IP, shared through NATS)` : '';
    return this.blockedBy === 'ban'
      ? new VenueError(
          'TL_VENUE_BANNED',
          `the venue banned this IP (HTTP 418)${who}; no request is sent for ${sec} s (Retry-After). Lower ingest.restWeightBudget and check for another process using this IP`,
          { status: 418, venueCode: -1003, retryAfterMs },
        )
      : new VenueError(
          'TL_VENUE_RATE_LIMITED',
          `venue request-weight limit hit (HTTP 429)${who}; no request is sent for ${sec} s (Retry-After) to avoid an IP ban. Lower ingest.restWeightBudget if this repeats`,
          { status: 429, venueCode: -1003, retryAfterMs },
        );
  }

  private roll(now: number): void {
    const minute = Math.floor(now / MINUTE);
    if (minute !== this.minute) {
      this.minute = minute;
      this.usedWeight = 0;
    }
  }
}
