/**
 * Fast payload readers for the trade streams (trade, aggTrade); the rules are
 * the ones of fast-book-events.ts: the codec's object or undefined.
 */
import type { AggTradeEvent, TradeEvent } from '../../../../schema/market-events.js';
import type { JsonCursor } from './json-cursor.js';
import { K_E, K_T, K_X, K_a, K_e, K_f, K_l, K_m, K_nq, K_p, K_q, K_s, K_t, nextKey, text } from './fast-fields.js';
import type { StringIntern } from './string-intern.js';

export function readTrade(c: JsonCursor, intern: StringIntern): TradeEvent | undefined {
  let symbol: string | undefined;
  let orderType: string | undefined;
  let E = -1;
  let T = -1;
  let t = -1;
  let p = Number.NaN;
  let q = Number.NaN;
  let m = -1;
  for (let k = nextKey(c); k !== -2; k = nextKey(c)) {
    switch (k) {
      case K_E:
        if (E >= 0) return undefined;
        E = c.uint();
        if (E < 0) return undefined;
        break;
      case K_T:
        if (T >= 0) return undefined;
        T = c.uint();
        if (T < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined) return undefined;
        symbol = text(c, intern);
        if (symbol === undefined) return undefined;
        break;
      case K_t:
        if (t >= 0) return undefined;
        t = c.uint();
        if (t < 0) return undefined;
        break;
      case K_p:
        if (!Number.isNaN(p)) return undefined;
        p = c.decimal();
        if (Number.isNaN(p)) return undefined;
        break;
      case K_q:
        if (!Number.isNaN(q)) return undefined;
        q = c.decimal();
        if (Number.isNaN(q)) return undefined;
        break;
      case K_m:
        if (m >= 0) return undefined;
        m = c.bool();
        if (m < 0) return undefined;
        break;
      case K_X:
        if (orderType !== undefined) return undefined;
        orderType = text(c, intern);
        if (orderType === undefined) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (
    symbol === undefined ||
    orderType === undefined ||
    E < 0 ||
    T < 0 ||
    t < 0 ||
    Number.isNaN(p) ||
    Number.isNaN(q) ||
    m < 0
  ) {
    return undefined;
  }
  return {
    kind: 'trade',
    symbol,
    eventTime: E,
    tradeTime: T,
    tradeId: t,
    price: p,
    qty: q,
    side: m === 1 ? 'sell' : 'buy',
    orderType,
  };
}

export function readAggTrade(c: JsonCursor, intern: StringIntern): AggTradeEvent | undefined {
  let symbol: string | undefined;
  let E = -1;
  let T = -1;
  let a = -1;
  let f = -1;
  let l = -1;
  let p = Number.NaN;
  let q = Number.NaN;
  let nq = Number.NaN;
  let hasNq = false;
  let m = -1;
  for (let k = nextKey(c); k !== -2; k = nextKey(c)) {
    switch (k) {
      case K_E:
        if (E >= 0) return undefined;
        E = c.uint();
        if (E < 0) return undefined;
        break;
      case K_T:
        if (T >= 0) return undefined;
        T = c.uint();
        if (T < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined) return undefined;
        symbol = text(c, intern);
        if (symbol === undefined) return undefined;
        break;
      case K_a:
        if (a >= 0) return undefined;
        a = c.uint();
        if (a < 0) return undefined;
        break;
      case K_f:
        if (f >= 0) return undefined;
        f = c.uint();
        if (f < 0) return undefined;
        break;
      case K_l:
        if (l >= 0) return undefined;
        l = c.uint();
        if (l < 0) return undefined;
        break;
      case K_p:
        if (!Number.isNaN(p)) return undefined;
        p = c.decimal();
        if (Number.isNaN(p)) return undefined;
        break;
      case K_q:
        if (!Number.isNaN(q)) return undefined;
        q = c.decimal();
        if (Number.isNaN(q)) return undefined;
        break;
      case K_nq:
        if (hasNq) return undefined;
        nq = c.decimal();
        if (Number.isNaN(nq)) return undefined;
        hasNq = true;
        break;
      case K_m:
        if (m >= 0) return undefined;
        m = c.bool();
        if (m < 0) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (
    symbol === undefined ||
    E < 0 ||
    T < 0 ||
    a < 0 ||
    f < 0 ||
    l < 0 ||
    Number.isNaN(p) ||
    Number.isNaN(q) ||
    m < 0
  ) {
    return undefined;
  }
  const e: AggTradeEvent = {
    kind: 'aggTrade',
    symbol,
    eventTime: E,
    tradeTime: T,
    aggTradeId: a,
    firstTradeId: f,
    lastTradeId: l,
    price: p,
    qty: q,
    side: m === 1 ? 'sell' : 'buy',
  };
  if (hasNq) e.nonRpiQty = nq;
  return e;
}
