/**
 * Order-rate throttle: approved orders in the last 10 s and 60 s stay under our limits, which the schema
 * keeps below the venue's ORDERS limits (300/10 s, 1200/min) so we never learn them from a 429.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkOrderRate(_o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const in10s = c.exposure.ordersWithin(10_000, c.now);
  if (in10s >= c.params.maxOrdersPer10s)
    return refuse(RISK_CODES.orderRate, `${in10s} orders in 10 s, maxOrdersPer10s ${c.params.maxOrdersPer10s}`);
  const in60s = c.exposure.ordersWithin(60_000, c.now);
  if (in60s >= c.params.maxOrdersPerMinute)
    return refuse(RISK_CODES.orderRate, `${in60s} orders in 60 s, maxOrdersPerMinute ${c.params.maxOrdersPerMinute}`);
  return undefined;
}
