/**
 * The pre-trade chain, in order: the intent's own validity, the hard per-order cap on the intent as sent, the
 * sizing ramp (quantity scaled to the ramp's budget and put on the venue grid), then every check on the order
 * as it would leave. First refusal wins; pure and allocation-light (bench/risk-checks.bench.ts).
 */
import type { OrderIntent } from '../../schema/internal-messages.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import { roundPrice, roundQuantity, roundQuantityUp } from '../../schema/order-grid.js';
import { checkCooldown } from './checks/cooldown.js';
import { checkDailyLoss } from './checks/daily-loss.js';
import { checkGrossNotional } from './checks/gross-notional.js';
import { checkMinNotional } from './checks/min-notional.js';
import { checkOpenOrders } from './checks/open-orders.js';
import { checkOrderNotional } from './checks/order-notional.js';
import { checkOrderRate } from './checks/order-rate.js';
import { checkPositionNotional } from './checks/position-notional.js';
import { checkPrecision } from './checks/precision.js';
import { checkPriceBand } from './checks/price-band.js';
import {
  type CheckContext,
  type OrderCandidate,
  RISK_CODES,
  type RiskCheck,
  type RiskRefusal,
  refuse,
} from './checks/risk-check.js';

/** The checks run on the sized order, cheapest and most decisive first. */
export const PRE_TRADE_CHECKS: ReadonlyArray<RiskCheck> = Object.freeze([
  checkDailyLoss,
  checkCooldown,
  checkOrderRate,
  checkOpenOrders,
  checkPriceBand,
  checkPrecision,
  checkMinNotional,
  checkPositionNotional,
  checkGrossNotional,
]);

export type ChainResult =
  | { ok: true; order: OrderCandidate }
  | { ok: false; refusal: RiskRefusal; order: OrderCandidate | undefined };

function validIntent(i: OrderIntent): RiskRefusal | undefined {
  if (typeof i.symbol !== 'string' || i.symbol.length === 0)
    return refuse(RISK_CODES.invalidIntent, 'intent has no symbol');
  if (i.side !== 'BUY' && i.side !== 'SELL')
    return refuse(RISK_CODES.invalidIntent, `side ${String(i.side)} is neither BUY nor SELL`);
  if (!(i.price > 0) || !Number.isFinite(i.price))
    return refuse(RISK_CODES.invalidIntent, `price ${i.price} is not a positive number`);
  if (!(i.quantity > 0) || !Number.isFinite(i.quantity))
    return refuse(RISK_CODES.invalidIntent, `quantity ${i.quantity} is not a positive number`);
  if (typeof i.decisionId !== 'string' || i.decisionId.length === 0)
    return refuse(RISK_CODES.invalidIntent, 'intent has no decisionId');
  return undefined;
}

/**
 * The ramp's share of the intent, on the venue grid. Without filters the values stay as sent (refused later).
 * Under the venue's MIN_NOTIONAL, and with `raiseToMinNotional`, the quantity is raised to the least step
 * that reaches it, when that stays within maxOrderNotional: the smallest order the venue takes is the
 * smallest order there can be (BTC's 100 USDT is above the default ramp start's budget and the strategies'
 * 0.001). The position and gross caps still run on the raised order; if it is still under, MIN_NOTIONAL refuses.
 */
export function sizeOrder(
  i: OrderIntent,
  budget: number,
  filters: SymbolFilters | undefined,
  maxOrderNotional = Number.POSITIVE_INFINITY,
  raiseToMinNotional = false,
): OrderCandidate {
  const price = filters ? roundPrice(i.price, filters.tickSize, i.side) : i.price;
  let quantity = Math.min(i.quantity, budget / price);
  if (filters) {
    quantity = roundQuantity(quantity, filters.stepSize);
    if (raiseToMinNotional && price > 0 && price * quantity < filters.minNotional) {
      const raised = roundQuantityUp(filters.minNotional / price, filters.stepSize);
      if (price * raised <= maxOrderNotional) quantity = raised;
    }
  }
  return { symbol: i.symbol, side: i.side, price, quantity, notional: price * quantity };
}

export function runChain(i: OrderIntent, budget: number, ctx: CheckContext): ChainResult {
  const bad = validIntent(i);
  if (bad) return { ok: false, refusal: bad, order: undefined };
  const asSent: OrderCandidate = {
    symbol: i.symbol,
    side: i.side,
    price: i.price,
    quantity: i.quantity,
    notional: i.price * i.quantity,
  };
  const tooBig = checkOrderNotional(asSent, ctx);
  if (tooBig) return { ok: false, refusal: tooBig, order: asSent };
  const order = sizeOrder(i, budget, ctx.filters, ctx.params.maxOrderNotional, ctx.params.raiseToMinNotional);
  for (const check of PRE_TRADE_CHECKS) {
    const refusal = check(order, ctx);
    if (refusal) return { ok: false, refusal, order };
  }
  return { ok: true, order };
}
