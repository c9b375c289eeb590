/**
 * `<s>@forceOrder` / `!forceOrder@arr` codec (liquidations). The order sits in the nested `o` object; its
 * symbol is `o.s`. Field errors name the nested path (`o.q`).
 */
import type { ForceOrderEvent } from '../../../schema/market-events.js';
import { asObject, codecError, decimal, integer, orderSide, text } from './fields.js';

const KIND = 'forceOrder';
/** Nested fields are reported as `forceOrder.o.<field>`. */
const ORDER = 'forceOrder.o';

export function decodeForceOrder(payload: unknown, stream?: string): ForceOrderEvent {
  const o = asObject(payload, KIND, stream);
  if (o.e !== KIND) throw codecError(KIND, 'e', '"forceOrder"', o.e, stream);
  const eventTime = integer(o, 'E', KIND, stream);
  const order = o.o;
  if (typeof order !== 'object' || order === null || Array.isArray(order)) {
    throw codecError(KIND, 'o', 'an object', order, stream);
  }
  const ord = order as Record<string, unknown>;
  return {
    kind: KIND,
    symbol: text(ord, 's', ORDER, stream),
    eventTime,
    tradeTime: integer(ord, 'T', ORDER, stream),
    side: orderSide(ord, 'S', ORDER, stream),
    orderType: text(ord, 'o', ORDER, stream),
    timeInForce: text(ord, 'f', ORDER, stream),
    status: text(ord, 'X', ORDER, stream),
    price: decimal(ord, 'p', ORDER, stream),
    avgPrice: decimal(ord, 'ap', ORDER, stream),
    origQty: decimal(ord, 'q', ORDER, stream),
    lastFilledQty: decimal(ord, 'l', ORDER, stream),
    filledQty: decimal(ord, 'z', ORDER, stream),
  };
}
