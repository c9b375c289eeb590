/**
 * Price-time priority at one price level that holds the user's resting orders among synthetic quantity.
 * Each user order remembers `queueAhead`: the synthetic units ahead of it. The invariants that make a
 * trade-through impossible: `queueAhead` never exceeds the synthetic quantity at the level (cancels by makers
 * come off the front, new maker quantity joins the back) and is non-decreasing in arrival order, so a fill of
 * the whole level fills every user order at it. Pure: no book, no clock.
 */
import type { UserOrder } from './user-order.js';

/** One user order's share of a fill at its level. */
export interface MakerShare {
  order: UserOrder;
  units: number;
}

/** Makers shrank the level to `synthetic` units besides the user's: nobody can wait behind more than that. */
export function clampQueue(ordersAtLevel: readonly UserOrder[], synthetic: number): void {
  const cap = Math.max(0, synthetic);
  for (const o of ordersAtLevel) if (o.queueAhead > cap) o.queueAhead = cap;
}

/**
 * A taker consumed `qty` units at the level (synthetic plus user). Walks the queue in arrival order:
 * synthetic units ahead of each order first, then the order itself. Returns the user orders' shares (in
 * queue order) and advances every remaining order's `queueAhead` by the synthetic units consumed.
 */
export function allocateFill(
  ordersAtLevel: readonly UserOrder[],
  synthetic: number,
  qty: number,
  out: MakerShare[],
): void {
  clampQueue(ordersAtLevel, synthetic);
  let left = qty;
  let syntheticTaken = 0;
  for (const o of ordersAtLevel) {
    if (left <= 0) break;
    const gap = Math.max(0, o.queueAhead - syntheticTaken);
    const s = Math.min(left, gap);
    left -= s;
    syntheticTaken += s;
    if (left <= 0) break;
    const units = Math.min(left, o.origUnits - o.execUnits);
    if (units > 0) {
      out.push({ order: o, units });
      left -= units;
    }
  }
  // Whatever is left comes from synthetic quantity behind every user order.
  syntheticTaken += Math.max(0, left);
  for (const o of ordersAtLevel) o.queueAhead = Math.max(0, o.queueAhead - syntheticTaken);
}
