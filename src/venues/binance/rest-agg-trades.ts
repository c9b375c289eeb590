/**
 * REST `GET /fapi/v1/aggTrades` rows → the same `AggTradeEvent` the `<s>@aggTrade` stream gives, so trades
 * fetched to fill a gap are indistinguishable downstream. Rows carry no `E` and no `s`: the symbol comes from
 * the request URL and `eventTime` is the trade time `T` (the time the row's values became final).
 */
import type { AggTradeEvent } from './codec/index.js';
import { asObject, codecError, decimal, flag, integer } from './codec/fields.js';

const KIND = 'aggTrade';

export function decodeRestAggTrades(payload: unknown, symbol: string, source?: string): AggTradeEvent[] {
  if (!Array.isArray(payload)) throw codecError('aggTrades', '(payload)', 'a JSON array', payload, source);
  const out: AggTradeEvent[] = new Array(payload.length);
  for (let i = 0; i < payload.length; i++) {
    const o = asObject(payload[i], KIND, source);
    const tradeTime = integer(o, 'T', KIND, source);
    const e: AggTradeEvent = {
      kind: KIND,
      symbol,
      eventTime: tradeTime,
      tradeTime,
      aggTradeId: integer(o, 'a', KIND, source),
      firstTradeId: integer(o, 'f', KIND, source),
      lastTradeId: integer(o, 'l', KIND, source),
      price: decimal(o, 'p', KIND, source),
      qty: decimal(o, 'q', KIND, source),
      side: flag(o, 'm', KIND, source) ? 'sell' : 'buy',
    };
    // `nq` as the stream codec reads it (agg-trade.ts): present on the event only when on the wire.
    if (o.nq !== undefined) e.nonRpiQty = decimal(o, 'nq', KIND, source);
    out[i] = e;
  }
  // The venue answers in id order; sort anyway (cheap, rare) so continuity never depends on it.
  out.sort((x, y) => x.aggTradeId - y.aggTradeId);
  return out;
}
