/** The paper venue: a pure fill model over a recorded L2 book (see docs/fill-model.md). */
export { constantLatency, TAPE_LATENCY_ALPHA, TapeLatency } from './latency-model.js';
export { PaperVenueEngine } from './paper-venue.js';
export type * from './paper-venue-api.js';
export type { PaperSymbolSpec } from './symbol-grid.js';
