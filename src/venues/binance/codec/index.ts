/**
 * The Binance USD-M wire codecs in one import: raw venue JSON → normalized numeric events (`events.ts`).
 * One file per stream kind; `decodeEvent` / `decodeStreamText` dispatch WS payloads, `decodeRest` REST replies.
 */
export * from '../../../schema/market-events.js';
export { decodeAggTrade } from './agg-trade.js';
export { decodeTrade, isPrint } from './trade.js';
export { decodeDepthUpdate } from './depth-update.js';
export { decodeDepthSnapshot } from './depth-snapshot.js';
export { decodeBookTicker } from './book-ticker.js';
export { decodeMarkPrice, decodeMarkPriceArray } from './mark-price.js';
export { decodeForceOrder } from './force-order.js';
export { decodeKline, decodeKlineRows } from './kline.js';
export { decodeOpenInterest } from './open-interest.js';
export { decodeOpenInterestHist } from './open-interest-hist.js';
export { type CombinedFrame, decodeCombined, isCombined, parseJson } from './combined.js';
export { decodeEvent, decodeStreamText } from './decode-event.js';
export { decodeRest } from './decode-rest.js';
export { FastFrameDecoder } from './fast/fast-frame-decoder.js';
