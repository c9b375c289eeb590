/**
 * A request on its way to the paper venue: sent at `sentTs`, it arrives after the entry latency and is handled
 * once the tape's exchange time passes `arrival`. Orders are keyed by symbol and clientOrderId, as the venue does.
 */
import type { PaperOrderRequest } from './paper-venue-api.js';

export interface InFlight {
  kind: 'place' | 'cancel' | 'cancelAll';
  /** Venue time the request arrives. */
  arrival: number;
  sentTs: number;
  latencyMs: number;
  symbol: string;
  clientOrderId: string;
  request: PaperOrderRequest | undefined;
}

/** The venue's order identity: clientOrderId is unique per symbol, not per account. */
export function key(symbol: string, clientOrderId: string): string {
  return `${symbol}|${clientOrderId}`;
}
