/**
 * Cooldown per symbol: after an approved order (`cooldownAfterOrderMs`) and after a losing fill
 * (`cooldownAfterLossMs`) the symbol waits; the longer of the two wins.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkCooldown(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const cd = c.exposure.cooldownUntil(o.symbol);
  if (!cd || c.now >= cd.until) return undefined;
  return refuse(RISK_CODES.cooldown, `${o.symbol} cooling down ${cd.reason} for ${cd.until - c.now} ms more`);
}
