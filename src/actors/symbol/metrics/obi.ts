/**
 * Order-book imbalance, (bid qty − ask qty) / (bid qty + ask qty): over the top N levels per side, and over
 * the levels within ±bandBps of mid. A pure function of the book, computed at snapshot time (no state).
 */
import type { Static } from '@sinclair/typebox';
import type { ObiBlock } from '../../../schema/metrics-message.js';
import type { BookSide } from '../book/book-side.js';

export type ObiFigures = Static<typeof ObiBlock>;

function imbalance(bid: number, ask: number): number | null {
  const total = bid + ask;
  return total > 0 ? (bid - ask) / total : null;
}

export function computeObi(bids: BookSide, asks: BookSide, levels: number, bandBps: number): ObiFigures {
  const value = imbalance(bids.topQty(levels), asks.topQty(levels));
  let band: number | null = null;
  if (bids.size > 0 && asks.size > 0) {
    const mid = (bids.priceAt(0) + asks.priceAt(0)) / 2;
    const half = (mid * bandBps) / 10_000;
    band = imbalance(bids.qtyWithin(mid - half), asks.qtyWithin(mid + half));
  }
  return { levels, value, bandBps, band };
}
