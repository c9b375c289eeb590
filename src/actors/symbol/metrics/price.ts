/**
 * The price block: last trade price, and from the local book's best levels bid, ask, mid, spread and the
 * size-weighted microprice (bid·askQty + ask·bidQty) / (bidQty + askQty). Pure; computed at snapshot time.
 */
import type { Static } from '@sinclair/typebox';
import type { PriceBlock } from '../../../schema/metrics-message.js';
import type { BookSide } from '../book/book-side.js';

export type PriceFigures = Static<typeof PriceBlock>;

export function computePrice(bids: BookSide, asks: BookSide, last: number | null): PriceFigures {
  const bid = bids.size > 0 ? bids.priceAt(0) : null;
  const ask = asks.size > 0 ? asks.priceAt(0) : null;
  if (bid === null || ask === null) return { last, mid: null, bid, ask, spread: null, microprice: null };
  const bidQty = bids.qtyAt(0);
  const askQty = asks.qtyAt(0);
  return {
    last,
    mid: (bid + ask) / 2,
    bid,
    ask,
    spread: ask - bid,
    microprice: (bid * askQty + ask * bidQty) / (bidQty + askQty),
  };
}
