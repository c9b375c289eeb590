/**
 * `<s>@trade` codec (the stream the recorded hftbacktest data carries). Same aggressor rule as aggTrade:
 * `m=true` → 'sell'. The venue also sends `"X":"NA"` frames with price and qty "0"; they decode fine and
 * `isPrint` tells consumers to drop them (docs/venue-binance.md, payload fields).
 */
import type { TradeEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, flag, integer, text } from './fields.js';

const KIND = 'trade';

export function decodeTrade(payload: unknown, stream?: string): TradeEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"trade"', o.e, stream);
  return {
    kind: KIND,
    symbol: text(o, 's', KIND, stream),
    eventTime: integer(o, 'E', KIND, stream),
    tradeTime: integer(o, 'T', KIND, stream),
    tradeId: integer(o, 't', KIND, stream),
    price: decimal(o, 'p', KIND, stream),
    qty: decimal(o, 'q', KIND, stream),
    side: flag(o, 'm', KIND, stream) ? 'sell' : 'buy',
    orderType: text(o, 'X', KIND, stream),
  };
}

/** False for the venue's placeholder frames (`X` = "NA", zero price or qty) that are not real prints. */
export function isPrint(trade: TradeEvent): boolean {
  return trade.orderType !== 'NA' && trade.price > 0 && trade.qty > 0;
}
