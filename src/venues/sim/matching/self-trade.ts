/**
 * Self-trade prevention: before the user's taker order walks the book, find the first of the user's own
 * resting orders it would reach (levels best first, and within a level after the synthetic quantity ahead of
 * that order). The taker's STP mode then decides who expires (EXPIRE_TAKER / EXPIRE_MAKER / EXPIRE_BOTH);
 * NONE lets the two trade. Pure: reads the book, changes nothing.
 */
import { ASK, BID, type OrderBook } from '../market/order-book.js';
import type { UserOrder } from './user-order.js';

export interface OwnHit {
  order: UserOrder;
  /** Units the taker fills before it would meet `order`. */
  unitsBefore: number;
}

export function firstOwnReached(
  book: OrderBook,
  resting: readonly UserOrder[],
  takerBuy: boolean,
  units: number,
  limitTick: number | undefined,
): OwnHit | undefined {
  const makerSide = takerBuy ? ASK : BID;
  const side = book.sides[makerSide];
  let before = 0;
  for (const tick of side.ticks) {
    if (before >= units) return undefined;
    if (limitTick !== undefined && (takerBuy ? tick > limitTick : tick < limitTick)) return undefined;
    const level = side.qty.get(tick) as number;
    const user = side.userQty.get(tick) ?? 0;
    if (user > 0) {
      for (const o of resting) {
        if (o.priceTick !== tick || o.buy === takerBuy) continue;
        const ahead = before + Math.min(o.queueAhead, level - user);
        return ahead < units ? { order: o, unitsBefore: ahead } : undefined;
      }
    }
    before += level;
  }
  return undefined;
}
