/**
 * Fast payload reader for liquidations (`forceOrder`): `E` outside, the order in the nested `o` object; same
 * rules as fast-book-events.ts (the codec's object, ../force-order.ts, or undefined).
 */
import type { ForceOrderEvent } from '../../../../schema/market-events.js';
import type { JsonCursor } from './json-cursor.js';
import { K_E, K_S, K_T, K_X, K_ap, K_e, K_f, K_l, K_o, K_p, K_q, K_s, K_z, nextKey, text } from './fast-fields.js';
import type { StringIntern } from './string-intern.js';

/** forceOrder: `E` outside, the order in the nested `o` object (read by `readLiquidationOrder`). */
export function readForceOrder(c: JsonCursor, intern: StringIntern): ForceOrderEvent | undefined {
  let E = -1;
  let order: ForceOrderEvent | undefined;
  for (let k = nextKey(c); k !== -2; k = nextKey(c)) {
    switch (k) {
      case K_E:
        if (E >= 0) return undefined;
        E = c.uint();
        if (E < 0) return undefined;
        break;
      case K_o:
        if (order !== undefined) return undefined;
        order = readLiquidationOrder(c, intern);
        if (order === undefined) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (E < 0 || order === undefined) return undefined;
  order.eventTime = E;
  return order;
}

function readLiquidationOrder(c: JsonCursor, intern: StringIntern): ForceOrderEvent | undefined {
  if (!c.expect(123 /* { */)) return undefined;
  let symbol: string | undefined;
  let side: string | undefined;
  let orderType: string | undefined;
  let timeInForce: string | undefined;
  let status: string | undefined;
  let T = -1;
  let p = Number.NaN;
  let ap = Number.NaN;
  let q = Number.NaN;
  let l = Number.NaN;
  let z = Number.NaN;
  let k: number;
  if (c.ws() === 125 /* } */) {
    c.pos++;
    k = -2;
  } else k = c.key();
  for (; k !== -2; k = nextKey(c)) {
    switch (k) {
      case K_s:
        if (symbol !== undefined) return undefined;
        symbol = text(c, intern);
        if (symbol === undefined) return undefined;
        break;
      case K_S:
        if (side !== undefined) return undefined;
        side = text(c, intern);
        if (side === undefined) return undefined;
        break;
      case K_o:
        if (orderType !== undefined) return undefined;
        orderType = text(c, intern);
        if (orderType === undefined) return undefined;
        break;
      case K_f:
        if (timeInForce !== undefined) return undefined;
        timeInForce = text(c, intern);
        if (timeInForce === undefined) return undefined;
        break;
      case K_X:
        if (status !== undefined) return undefined;
        status = text(c, intern);
        if (status === undefined) return undefined;
        break;
      case K_T:
        if (T >= 0) return undefined;
        T = c.uint();
        if (T < 0) return undefined;
        break;
      case K_p:
        if (!Number.isNaN(p)) return undefined;
        p = c.decimal();
        if (Number.isNaN(p)) return undefined;
        break;
      case K_ap:
        if (!Number.isNaN(ap)) return undefined;
        ap = c.decimal();
        if (Number.isNaN(ap)) return undefined;
        break;
      case K_q:
        if (!Number.isNaN(q)) return undefined;
        q = c.decimal();
        if (Number.isNaN(q)) return undefined;
        break;
      case K_l:
        if (!Number.isNaN(l)) return undefined;
        l = c.decimal();
        if (Number.isNaN(l)) return undefined;
        break;
      case K_z:
        if (!Number.isNaN(z)) return undefined;
        z = c.decimal();
        if (Number.isNaN(z)) return undefined;
        break;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (
    symbol === undefined ||
    orderType === undefined ||
    timeInForce === undefined ||
    status === undefined ||
    (side !== 'BUY' && side !== 'SELL') ||
    T < 0 ||
    Number.isNaN(p) ||
    Number.isNaN(ap) ||
    Number.isNaN(q) ||
    Number.isNaN(l) ||
    Number.isNaN(z)
  ) {
    return undefined;
  }
  return {
    kind: 'forceOrder',
    symbol,
    eventTime: 0,
    tradeTime: T,
    side: side === 'BUY' ? 'buy' : 'sell',
    orderType,
    timeInForce,
    status,
    price: p,
    avgPrice: ap,
    origQty: q,
    lastFilledQty: l,
    filledQty: z,
  };
}
