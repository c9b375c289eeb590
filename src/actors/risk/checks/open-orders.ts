/**
 * Max open orders across all symbols, counting approvals execution has not acknowledged yet (so a burst of
 * intents cannot all pass before the first order reaches the venue).
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkOpenOrders(_o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const open = c.exposure.totalOpenOrders();
  if (open < c.params.maxOpenOrders) return undefined;
  return refuse(RISK_CODES.openOrders, `${open} open orders, maxOpenOrders ${c.params.maxOpenOrders}`);
}
