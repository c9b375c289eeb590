/**
 * Precision from exchangeInfo: the sized order must lie on the venue's grid (price a multiple of tickSize,
 * quantity of stepSize, within [minQty, maxQty]) — what the venue would reject with -4014/-4023/-1111.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

/** True when `value` is a whole multiple of `step` (relative tolerance for float grids like 0.001). */
export function onGrid(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-6;
}

export function checkPrecision(o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const f = c.filters;
  if (!f) return refuse(RISK_CODES.noFilters, `no exchangeInfo filters for ${o.symbol} yet`);
  if (!(o.price > 0) || !onGrid(o.price, f.tickSize))
    return refuse(RISK_CODES.precision, `price ${o.price} not on tickSize ${f.tickSize}`);
  if (!onGrid(o.quantity, f.stepSize))
    return refuse(RISK_CODES.precision, `quantity ${o.quantity} not on stepSize ${f.stepSize}`);
  if (o.quantity < f.minQty || o.quantity <= 0)
    return refuse(RISK_CODES.precision, `quantity ${o.quantity} < minQty ${f.minQty}`);
  if (o.quantity > f.maxQty) return refuse(RISK_CODES.precision, `quantity ${o.quantity} > maxQty ${f.maxQty}`);
  return undefined;
}
