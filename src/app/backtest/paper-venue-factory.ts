/**
 * The paper venue of one symbol as the backtest's settings ask for it: the fill model of src/venues/paper with
 * the symbol's grid (from the same filters the order core rounds to), the queue model, fees and latency.
 */
import { formatOnGrid } from '../../schema/order-grid.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import { constantLatency, PaperVenueEngine, TapeLatency } from '../../venues/paper/index.js';
import type { PaperVenue } from '../../venues/paper/paper-venue-api.js';
import type { BacktestSettings } from './backtest-options.js';

export function paperVenueFor(symbol: string, f: SymbolFilters, s: BacktestSettings): PaperVenue {
  return new PaperVenueEngine({
    queue: s.queue,
    latency: s.latency.kind === 'tape' ? new TapeLatency() : constantLatency(s.latency.ms),
    makerFeeBps: s.makerFeeBps,
    takerFeeBps: s.takerFeeBps,
    balance: s.balance,
    symbols: {
      [symbol]: {
        tickSize: formatOnGrid(f.tickSize, f.tickSize),
        stepSize: formatOnGrid(f.stepSize, f.stepSize),
        minNotional: String(f.minNotional),
      },
    },
  });
}
