/**
 * What a symbol actor consumes, in order, inside each `market` envelope: the venue's normalized market events
 * (src/venues/binance/codec) plus two markers ingest inserts. The same sequence comes from live ingest and
 * from `tapeline replay`, which is why a replay reproduces the live run's stateHash sequence.
 */
import type { MarketEvent } from './market-events.js';

/** The local book is invalid from here (a `pu` gap, a reconnect) until the next `depthSnapshot` event. */
export interface BookResetEvent {
  kind: 'bookReset';
  symbol: string;
  eventTime: number;
  reason: string;
}

/** Every backfill event (klines, openInterestHist) of this symbol has been delivered before this marker. */
export interface BackfillDoneEvent {
  kind: 'backfillDone';
  symbol: string;
  eventTime: number;
}

export type SymbolInput = MarketEvent | BookResetEvent | BackfillDoneEvent;
