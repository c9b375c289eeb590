/**
 * Which inputs drive a symbol's snapshot clock: stream events at their exchange event time. Backfill rows and
 * ingest's markers never do (see docs/telemetry.md for the snapshot rule).
 */
import type { SymbolInput } from '../../schema/symbol-input.js';

/** Exchange time an input moves the clock to, or NaN. Backfill rows (klines, OI) carry past or future times
 * (a REST kline's closeTime), and markers carry ingest's times: they never drive the snapshot clock. */
export function clockTime(e: SymbolInput): number {
  switch (e.kind) {
    case 'aggTrade':
    case 'trade':
    case 'depthUpdate':
    case 'depthSnapshot':
    case 'bookTicker':
    case 'markPriceUpdate':
    case 'forceOrder':
      return e.eventTime;
    default:
      return Number.NaN;
  }
}
