/**
 * The checks a new order passes after its parameters parse and before it exists, in the venue's order:
 * reduce-only against the position (-2022), margin for the part that opens exposure (-2019), then the book
 * rules of post-only (-5022) and fill-or-kill (-5021). Pure: the account and the book are read, not changed.
 */
import { ASK, BID } from '../market/order-book.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { VenueError } from '../server/rest-types.js';
import type { Account } from './account.js';
import type { NewOrder } from './order-request.js';
import type { UserOrder } from './user-order.js';

/** The order's size in units: a reduce-only order is cut to the position it reduces. */
export function reduceOnlyUnits(account: Account, m: SymbolMarket, req: NewOrder): number {
  if (!req.reduceOnly) return req.units;
  const amt = account.position(m.symbol).amt / m.spec.stepSize;
  const reduces = req.buy ? amt < 0 : amt > 0;
  if (!reduces) throw new VenueError(400, -2022, 'ReduceOnly Order is rejected.');
  return Math.min(req.units, Math.round(Math.abs(amt)));
}

export function checkMargin(
  account: Account,
  m: SymbolMarket,
  req: NewOrder,
  units: number,
  openOrders: readonly UserOrder[],
  markOf: (symbol: string) => number,
): void {
  if (req.reduceOnly) return;
  const mark = markOf(m.symbol);
  const price = req.type === 'LIMIT' ? req.priceTick * m.spec.tickSize : mark;
  const qty = units * m.spec.stepSize;
  const pos = account.position(m.symbol).amt;
  // Only the part that opens or grows exposure needs margin.
  const opening = (req.buy ? pos >= 0 : pos <= 0) ? qty : Math.max(0, qty - Math.abs(pos));
  if (opening === 0) return;
  const totals = account.totals(markOf);
  let orderMargin = 0;
  for (const o of openOrders) {
    orderMargin +=
      ((o.origUnits - o.execUnits) * o.spec.stepSize * o.priceTick * o.spec.tickSize) / account.leverageOf(o.symbol);
  }
  const available = account.wallet + totals.unrealized - totals.positionMargin - orderMargin;
  const required = (opening * price) / account.leverageOf(m.symbol) + opening * price * 0.0005;
  if (required > available) throw new VenueError(400, -2019, 'Margin is insufficient.');
}

/** Post-only must not cross; fill-or-kill must find its whole size within its limit. */
export function checkBookRules(m: SymbolMarket, req: NewOrder, units: number): void {
  if (req.type !== 'LIMIT') return;
  const book = m.book;
  if (req.tif === 'GTX') {
    const crosses = req.buy ? (book.bestAsk() ?? Infinity) <= req.priceTick : (book.bestBid() ?? 0) >= req.priceTick;
    if (crosses)
      throw new VenueError(
        400,
        -5022,
        'Due to the order could not be executed as maker, the Post Only order will be rejected.',
      );
  }
  if (req.tif === 'FOK' && liquidityWithin(m, req.buy, req.priceTick) < units) {
    throw new VenueError(
      400,
      -5021,
      'Due to the order could not be filled immediately, the FOK order has been rejected.',
    );
  }
}

function liquidityWithin(m: SymbolMarket, buy: boolean, limitTick: number): number {
  const side = m.book.sides[buy ? ASK : BID];
  let sum = 0;
  for (const t of side.ticks) {
    if (buy ? t > limitTick : t < limitTick) break;
    sum += side.qty.get(t) as number;
  }
  return sum;
}
