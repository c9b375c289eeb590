/**
 * The WS dispatcher: routes a parsed payload to its codec by the venue's `e` field. Payloads that are not a
 * single market event (control replies like `{"result":null,"id":1}`, user-data events, `!markPrice@arr`)
 * return null and the caller decides; a known event with a bad field throws `TL_CODEC_INVALID`.
 */
import { decodeAggTrade } from './agg-trade.js';
import { decodeBookTicker } from './book-ticker.js';
import { isCombined, parseJson } from './combined.js';
import { decodeDepthUpdate } from './depth-update.js';
import type { StreamEvent } from '../../../schema/market-events.js';
import { codecError } from './fields.js';
import { decodeForceOrder } from './force-order.js';
import { decodeKline } from './kline.js';
import { decodeMarkPrice } from './mark-price.js';
import { decodeTrade } from './trade.js';

export function decodeEvent(payload: unknown, stream?: string): StreamEvent | null {
  if (typeof payload !== 'object' || payload === null) {
    throw codecError('event', '(payload)', 'a JSON object or array', payload, stream);
  }
  // Ordered by frequency in the recordings (bookTicker > depth > trades) so the common case exits first.
  switch ((payload as { e?: unknown }).e) {
    case 'bookTicker':
      return decodeBookTicker(payload, stream);
    case 'depthUpdate':
      return decodeDepthUpdate(payload, stream);
    case 'trade':
      return decodeTrade(payload, stream);
    case 'aggTrade':
      return decodeAggTrade(payload, stream);
    case 'markPriceUpdate':
      return decodeMarkPrice(payload, stream);
    case 'kline':
      return decodeKline(payload, stream);
    case 'forceOrder':
      return decodeForceOrder(payload, stream);
    default:
      return null;
  }
}

/** One raw WS text frame (combined envelope or raw `/ws` payload) → event: JSON.parse + unwrap + dispatch. */
export function decodeStreamText(text: string): StreamEvent | null {
  const value = parseJson(text, 'stream frame');
  if (isCombined(value)) return decodeEvent(value.data, value.stream);
  return decodeEvent(value);
}
