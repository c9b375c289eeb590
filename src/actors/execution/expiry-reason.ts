/**
 * The venue's expiry reason `er` (ORDER_TRADE_UPDATE, since 2025) as a coded reason on our order: 1 is
 * self-trade prevention (our own order on the other side, under `execution.selfTradePreventionMode`), so it gets
 * its own code; the others keep the venue's number with its meaning (docs/venue-sim.md, matching).
 */

const MEANING: Record<string, string> = {
  '0': 'no reason given',
  '1': 'self-trade prevention',
  '2': 'IOC or MARKET remainder',
  '3': 'FOK not filled in full',
  '4': 'post-only order would have taken liquidity',
  '6': 'GTD time reached',
};

export interface ExpiryReason {
  code: 'TL_EXEC_STP_EXPIRED' | 'TL_EXEC_EXPIRED';
  er: string;
  reason: string;
}

/** `er` and the STP mode `V` of an EXPIRED / EXPIRED_IN_MATCH update → the reason our order state carries. */
export function expiryReason(er: unknown, stpMode: unknown): ExpiryReason {
  const code = er === undefined || er === null ? '0' : String(er);
  const meaning = MEANING[code] ?? 'reason not documented';
  if (code === '1')
    return {
      code: 'TL_EXEC_STP_EXPIRED',
      er: code,
      reason: `TL_EXEC_STP_EXPIRED: expired by self-trade prevention (er 1, mode ${String(stpMode ?? '?')}): our own order was on the other side`,
    };
  return {
    code: 'TL_EXEC_EXPIRED',
    er: code,
    reason: `TL_EXEC_EXPIRED: venue expired the order (er ${code}: ${meaning})`,
  };
}
