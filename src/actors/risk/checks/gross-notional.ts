/**
 * Max gross notional across symbols (quote): the sum of every symbol's |position| and open-order notional,
 * plus this order. The account-wide cap that per-symbol limits alone cannot give.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkGrossNotional(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const projected = c.exposure.grossNotional() + o.notional;
  if (projected <= c.params.maxGrossNotional) return undefined;
  return refuse(
    RISK_CODES.grossNotional,
    `gross notional ${projected.toFixed(2)} > maxGrossNotional ${c.params.maxGrossNotional}`,
  );
}
