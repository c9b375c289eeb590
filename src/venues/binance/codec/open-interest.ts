/**
 * REST `GET /fapi/v1/openInterest` codec: `{"openInterest":"10659.509","symbol":"BTCUSDT","time":...}`.
 * Polled, not streamed; `eventTime` is the venue's `time`.
 */
import type { OpenInterestEvent } from '../../../schema/market-events.js';
import { asObject, decimal, integer, text } from './fields.js';

const KIND = 'openInterest';

export function decodeOpenInterest(payload: unknown, source?: string): OpenInterestEvent {
  const o = asObject(payload, KIND, source);
  return {
    kind: KIND,
    symbol: text(o, 'symbol', KIND, source),
    eventTime: integer(o, 'time', KIND, source),
    openInterest: decimal(o, 'openInterest', KIND, source),
  };
}
