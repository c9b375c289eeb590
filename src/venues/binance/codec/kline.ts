/**
 * Kline codecs: the `<s>@kline_<i>` WS event and the rows of REST `GET /fapi/v1/klines`, decoded to one
 * `KlineEvent` shape so ATR/high-low code does not care where a candle came from. REST rows carry no symbol,
 * interval, event time or trade ids: symbol and interval come from the request, the rest is documented in
 * `KlineEvent`.
 */
import type { KlineEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, flag, integer, text, type WireObject } from './fields.js';

const KIND = 'kline';
const CANDLE = 'kline.k';

export function decodeKline(payload: unknown, stream?: string): KlineEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"kline"', o.e, stream);
  const eventTime = integer(o, 'E', KIND, stream);
  const symbol = text(o, 's', KIND, stream);
  const candle = o.k;
  if (typeof candle !== 'object' || candle === null || Array.isArray(candle)) {
    throw codecError(KIND, 'k', 'an object', candle, stream);
  }
  const k = candle as WireObject;
  return {
    kind: KIND,
    symbol,
    eventTime,
    interval: text(k, 'i', CANDLE, stream),
    openTime: integer(k, 't', CANDLE, stream),
    closeTime: integer(k, 'T', CANDLE, stream),
    firstTradeId: integer(k, 'f', CANDLE, stream),
    lastTradeId: integer(k, 'L', CANDLE, stream),
    open: decimal(k, 'o', CANDLE, stream),
    high: decimal(k, 'h', CANDLE, stream),
    low: decimal(k, 'l', CANDLE, stream),
    close: decimal(k, 'c', CANDLE, stream),
    volume: decimal(k, 'v', CANDLE, stream),
    quoteVolume: decimal(k, 'q', CANDLE, stream),
    tradeCount: integer(k, 'n', CANDLE, stream),
    takerBuyVolume: decimal(k, 'V', CANDLE, stream),
    takerBuyQuoteVolume: decimal(k, 'Q', CANDLE, stream),
    closed: flag(k, 'x', CANDLE, stream),
  };
}

/**
 * REST kline rows: `[openTime, open, high, low, close, volume, closeTime, quoteVolume, tradeCount,
 * takerBuyBase, takerBuyQuote, ignore]`. `asOfMs` (the venue's response time, or the local receive time)
 * marks the still-forming last candle as not closed; without it every row counts as closed.
 */
export function decodeKlineRows(
  payload: unknown,
  symbol: string,
  interval: string,
  asOfMs?: number,
  source?: string,
): KlineEvent[] {
  if (!Array.isArray(payload)) throw codecError('klines', '(payload)', 'an array of kline rows', payload, source);
  const out: KlineEvent[] = [];
  for (let i = 0; i < payload.length; i++) {
    const row: unknown = payload[i];
    const where = `klines[${i}]`;
    if (!Array.isArray(row) || row.length < 11) throw codecError(where, '(row)', 'an array of 12 fields', row, source);
    const r = row as unknown as WireObject;
    const closeTime = integer(r, '6', where, source);
    out.push({
      kind: KIND,
      symbol,
      eventTime: closeTime,
      interval,
      openTime: integer(r, '0', where, source),
      closeTime,
      firstTradeId: -1,
      lastTradeId: -1,
      open: decimal(r, '1', where, source),
      high: decimal(r, '2', where, source),
      low: decimal(r, '3', where, source),
      close: decimal(r, '4', where, source),
      volume: decimal(r, '5', where, source),
      quoteVolume: decimal(r, '7', where, source),
      tradeCount: integer(r, '8', where, source),
      takerBuyVolume: decimal(r, '9', where, source),
      takerBuyQuoteVolume: decimal(r, '10', where, source),
      closed: asOfMs === undefined || closeTime < asOfMs,
    });
  }
  return out;
}
