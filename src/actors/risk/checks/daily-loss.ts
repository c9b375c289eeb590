/**
 * Daily realized-loss stop: once the UTC day's realized PnL (commissions included) reaches -dailyLossLimit,
 * no order passes until the next UTC day. The risk core also engages the kill switch when a fill crosses it.
 */
import { type OrderCandidate, type CheckContext, RISK_CODES, type RiskRefusal, refuse } from './risk-check.js';

export function dailyLossBreached(realizedToday: number, limit: number): boolean {
  return realizedToday <= -limit;
}

export function checkDailyLoss(_o: OrderCandidate, c: CheckContext): RiskRefusal | undefined {
  const pnl = c.exposure.realizedToday(c.now);
  if (!dailyLossBreached(pnl, c.params.dailyLossLimit)) return undefined;
  return refuse(
    RISK_CODES.dailyLoss,
    `realized PnL today ${pnl.toFixed(2)} <= -dailyLossLimit ${c.params.dailyLossLimit}`,
  );
}
