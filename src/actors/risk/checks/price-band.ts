/**
 * Fat-finger collar: the limit price within `priceBandBps` of the symbol's mark. No mark known means no
 * reference to judge against, so the order is refused rather than let through unchecked.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function checkPriceBand(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const mark = c.exposure.mark(o.symbol);
  if (mark === undefined || !(mark > 0))
    return refuse(RISK_CODES.priceBand, `${o.symbol} has no mark price to check ${o.price} against`);
  const bps = (Math.abs(o.price - mark) / mark) * 10_000;
  if (bps <= c.params.priceBandBps) return undefined;
  return refuse(
    RISK_CODES.priceBand,
    `price ${o.price} is ${bps.toFixed(1)} bps from mark ${mark}, priceBandBps ${c.params.priceBandBps}`,
  );
}
