/**
 * Hedge mode (dual position side, `positionSide` LONG/SHORT) is refused, not traded: our orders, risk's
 * position and exposure, the reduce logic and reconciliation all assume one net position per symbol (BOTH).
 * In hedge mode the same BUY can open a long or close a short, orders need `positionSide`, and one symbol
 * carries two positions whose netting would misstate risk; getting that wrong sends orders that grow a
 * position risk believes it is reducing. So execution stays closed (gate EXEC_HEDGE_MODE) until the account is
 * switched to one-way mode. Detected from `GET /fapi/v2/positionRisk`, whose rows say LONG/SHORT in hedge mode.
 */
import { TapelineError } from '../../schema/errors.js';

export interface PositionRow {
  symbol: string;
  positionAmt: string;
  positionSide?: string;
}

/** Throws TL_EXEC_HEDGE_MODE when a position row is LONG or SHORT; otherwise the net positions by symbol. */
export function oneWayPositions(rows: readonly PositionRow[], symbols: readonly string[]): Record<string, number> {
  const hedged = rows.find((r) => r.positionSide === 'LONG' || r.positionSide === 'SHORT');
  if (hedged)
    throw new TapelineError(
      'TL_EXEC_HEDGE_MODE',
      `the account is in hedge mode (${hedged.symbol} has a ${hedged.positionSide} position side); Tapeline trades one-way accounts only: switch the account to one-way mode (POST /fapi/v1/positionSide/dual dualSidePosition=false, with no open positions or orders) and restart`,
    );
  const positions: Record<string, number> = {};
  for (const s of symbols) positions[s] = 0;
  for (const p of rows)
    if (p.symbol in positions || Number(p.positionAmt) !== 0) positions[p.symbol] = Number(p.positionAmt);
  return positions;
}
