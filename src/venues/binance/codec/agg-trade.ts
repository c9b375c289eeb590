/**
 * `<s>@aggTrade` codec. The aggressor sign is decided here once (docs/venue-binance.md, payload fields): `m=true` means the buyer was the
 * maker, so the taker sold and the side is 'sell'; every consumer (CVD, delta, T&S) reads `side` only.
 */
import type { AggTradeEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, flag, integer, text } from './fields.js';

const KIND = 'aggTrade';

export function decodeAggTrade(payload: unknown, stream?: string): AggTradeEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"aggTrade"', o.e, stream);
  const e: AggTradeEvent = {
    kind: KIND,
    symbol: text(o, 's', KIND, stream),
    eventTime: integer(o, 'E', KIND, stream),
    tradeTime: integer(o, 'T', KIND, stream),
    aggTradeId: integer(o, 'a', KIND, stream),
    firstTradeId: integer(o, 'f', KIND, stream),
    lastTradeId: integer(o, 'l', KIND, stream),
    price: decimal(o, 'p', KIND, stream),
    qty: decimal(o, 'q', KIND, stream),
    side: flag(o, 'm', KIND, stream) ? 'sell' : 'buy',
  };
  if (o.nq !== undefined) e.nonRpiQty = decimal(o, 'nq', KIND, stream);
  return e;
}
