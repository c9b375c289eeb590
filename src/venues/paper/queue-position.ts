/**
 * Where a resting paper order stands in its price level's FIFO queue, estimated from L2 data only (the tape
 * shows level totals, never who is ahead). `ahead` is the visible quantity (lots) in front of the order: set to
 * the level's quantity when the order joins, worked down by trades at the price (both models) and, in the
 * probabilistic model, by a share of the level's other decreases (cancels), split between the part ahead and
 * the part behind with hftbacktest's power-law rule. See docs/fill-model.md for the worked equations.
 */
import type { QueueModel } from './paper-venue-api.js';

export interface QueuePosition {
  /** Lots ahead of the order (may be fractional under the probabilistic model). */
  ahead: number;
  /** Lots traded at the price since the last depth change there: the depth change already contains them. */
  tradedSinceDepth: number;
}

/** Tolerance for float noise in lot arithmetic (lots are integers; estimates are not). */
const EPS = 1e-9;

export class QueueEstimator {
  /**
   * @param exponent the power-law `n`: a decrease of `chg` lots at the level is taken from behind the order
   *   with probability back^n / (back^n + front^n); 3 weighs it strongly to the larger side.
   */
  constructor(
    readonly model: QueueModel,
    readonly exponent = 3,
  ) {}

  /**
   * A trade of `lots` at the order's price. Returns the lots of the order it fills (0 while the queue ahead
   * is not used up; at most `remaining`): what the trade leaves after eating the queue ahead.
   */
  trade(q: QueuePosition, lots: number, remaining: number): number {
    q.ahead -= lots;
    q.tradedSinceDepth += lots;
    if (q.ahead > -1 + EPS) {
      if (q.ahead < 0) q.ahead = 0;
      return 0;
    }
    const over = Math.floor(-q.ahead + EPS);
    q.ahead = 0;
    return Math.min(over, remaining);
  }

  /** The level's visible quantity changed from `prev` to `next` lots (a diff or a resync). */
  depth(q: QueuePosition, prev: number, next: number): void {
    const traded = q.tradedSinceDepth;
    q.tradedSinceDepth = 0;
    if (this.model === 'risk-averse') {
      // Only trades advance the order; a level smaller than the queue ahead caps it (nobody can be ahead of
      // quantity that is not there).
      if (next < q.ahead) q.ahead = next;
      return;
    }
    const chg = prev - next - traded;
    if (chg <= 0) {
      // Growth joins behind us; a decrease already explained by trades moves nothing more.
      if (next < q.ahead) q.ahead = next;
      return;
    }
    const front = q.ahead;
    const back = Math.max(prev - front, 0);
    const fb = back ** this.exponent;
    const ff = front ** this.exponent;
    const behindShare = fb + ff === 0 ? 1 : fb / (fb + ff);
    // The share taken from behind cannot exceed what is behind: the overflow comes from the front.
    let est = front - (1 - behindShare) * chg + Math.min(back - behindShare * chg, 0);
    if (est > next) est = next;
    q.ahead = Math.max(est, 0);
  }
}
