/**
 * The venue's MIN_NOTIONAL filter (exchangeInfo): refused here with our code rather than sent and rejected
 * with -4164, which would cost an order slot and a round trip.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkMinNotional(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  if (!c.filters) return refuse(RISK_CODES.noFilters, `no exchangeInfo filters for ${o.symbol} yet`);
  if (o.notional >= c.filters.minNotional) return undefined;
  return refuse(
    RISK_CODES.minNotional,
    `order notional ${o.notional.toFixed(4)} < venue minNotional ${c.filters.minNotional} for ${o.symbol}`,
  );
}
