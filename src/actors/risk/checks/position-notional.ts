/**
 * Max position notional per symbol (quote): |position| at mark + open orders + this order. Counted as if
 * every open order fills in the worst direction, so the cap holds whatever fills first.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkPositionNotional(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const projected = c.exposure.positionNotional(o.symbol) + c.exposure.orderNotional(o.symbol) + o.notional;
  if (projected <= c.params.maxPositionNotional) return undefined;
  return refuse(
    RISK_CODES.positionNotional,
    `${o.symbol} projected notional ${projected.toFixed(2)} > maxPositionNotional ${c.params.maxPositionNotional}`,
  );
}
