/**
 * The price block: last trade price, and from the local book's best levels bid, ask, mid, spread and the
 * size-weighted microprice (bid·askQty + ask·bidQty) / (bidQty + askQty). Pure; computed at snapshot time.
 * The spread is rounded to the tick and the mid to 8 decimals (price-grid.ts): both are exact decimals, and the
 * float difference or sum of two parsed prices is not.
 */
import type { Static } from '@sinclair/typebox';
import type { PriceBlock } from '../../../schema/metrics-message.js';
import type { BookSide } from '../book/book-side.js';
import { round8, roundToTick } from './price-grid.js';

export type PriceFigures = Static<typeof PriceBlock>;

export function computePrice(bids: BookSide, asks: BookSide, last: number | null, tickSize = 0): PriceFigures {
  const bid = bids.size > 0 ? bids.priceAt(0) : null;
  const ask = asks.size > 0 ? asks.priceAt(0) : null;
  if (bid === null || ask === null) return { last, mid: null, bid, ask, spread: null, microprice: null };
  const bidQty = bids.qtyAt(0);
  const askQty = asks.qtyAt(0);
  return {
    last,
    mid: round8((bid + ask) / 2),
    bid,
    ask,
    spread: roundToTick(ask - bid, tickSize),
    microprice: (bid * askQty + ask * bidQty) / (bidQty + askQty),
  };
}
