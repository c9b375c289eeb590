/**
 * `<s>@markPrice[@1s]` codec, and `!markPrice@arr` (an array of the same payloads). Optional newer fields
 * (`ap`, `st`) are ignored, as the venue asks consumers to.
 */
import type { MarkPriceEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, integer, text } from './fields.js';

const KIND = 'markPriceUpdate';

export function decodeMarkPrice(payload: unknown, stream?: string): MarkPriceEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"markPriceUpdate"', o.e, stream);
  return {
    kind: KIND,
    symbol: text(o, 's', KIND, stream),
    eventTime: integer(o, 'E', KIND, stream),
    markPrice: decimal(o, 'p', KIND, stream),
    indexPrice: decimal(o, 'i', KIND, stream),
    estimatedSettlePrice: decimal(o, 'P', KIND, stream),
    fundingRate: decimal(o, 'r', KIND, stream),
    nextFundingTime: integer(o, 'T', KIND, stream),
  };
}

/** `!markPrice@arr`: every symbol's mark price in one frame. */
export function decodeMarkPriceArray(payload: unknown, stream?: string): MarkPriceEvent[] {
  if (!Array.isArray(payload)) throw codecError(KIND, '(payload)', 'an array of markPriceUpdate', payload, stream);
  const out: MarkPriceEvent[] = [];
  for (let i = 0; i < payload.length; i++) out.push(decodeMarkPrice(payload[i], stream));
  return out;
}
