/**
 * `<s>@depth*` codec: diff and partial depth share one payload. `U`/`u`/`pu` are kept exactly (safe integers),
 * because book sync decides on them: `pu` must equal the previous event's `u` (docs/venue-binance.md, local order book). A payload
 * without `pu` (spot) is rejected, so spot data can never be mistaken for a futures stream.
 */
import type { DepthUpdateEvent } from '../../../schema/market-events.js';
import { asObject, codecError, integer, levels, text } from './fields.js';

const KIND = 'depthUpdate';

export function decodeDepthUpdate(payload: unknown, stream?: string): DepthUpdateEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"depthUpdate"', o.e, stream);
  return {
    kind: KIND,
    symbol: text(o, 's', KIND, stream),
    eventTime: integer(o, 'E', KIND, stream),
    transactionTime: integer(o, 'T', KIND, stream),
    firstUpdateId: integer(o, 'U', KIND, stream),
    finalUpdateId: integer(o, 'u', KIND, stream),
    prevFinalUpdateId: integer(o, 'pu', KIND, stream),
    bids: levels(o, 'b', KIND, stream),
    asks: levels(o, 'a', KIND, stream),
  };
}
