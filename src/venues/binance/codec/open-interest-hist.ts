/**
 * REST `GET /futures/data/openInterestHist` codec: rows of `{symbol, sumOpenInterest, sumOpenInterestValue,
 * timestamp}`. Binance's own documentation example sends `timestamp` as a string, the live API as a number:
 * both are accepted.
 */
import type { OpenInterestHistEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, integerLoose, text } from './fields.js';

const KIND = 'openInterestHist';

export function decodeOpenInterestHist(payload: unknown, source?: string): OpenInterestHistEvent[] {
  if (!Array.isArray(payload)) throw codecError(KIND, '(payload)', 'an array of rows', payload, source);
  const out: OpenInterestHistEvent[] = [];
  for (let i = 0; i < payload.length; i++) {
    const where = `${KIND}[${i}]`;
    const o = asObject(payload[i], where, source);
    out.push({
      kind: KIND,
      symbol: text(o, 'symbol', where, source),
      eventTime: integerLoose(o, 'timestamp', where, source),
      sumOpenInterest: decimal(o, 'sumOpenInterest', where, source),
      sumOpenInterestValue: decimal(o, 'sumOpenInterestValue', where, source),
    });
  }
  return out;
}
