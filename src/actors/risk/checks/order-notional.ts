/**
 * Max notional per order (quote): the hard per-order cap, applied to the intent as the strategy sent it,
 * before the sizing ramp scales it down — a strategy asking for too much is a bug worth refusing, not hiding.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkOrderNotional(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  if (o.notional <= c.params.maxOrderNotional) return undefined;
  return refuse(
    RISK_CODES.orderNotional,
    `order notional ${o.notional.toFixed(2)} > maxOrderNotional ${c.params.maxOrderNotional}`,
  );
}
