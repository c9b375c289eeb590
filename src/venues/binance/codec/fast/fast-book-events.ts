/**
 * The payload readers of the fast decoder, one per event shape, each called with the cursor just past the
 * payload's `"e":"<kind>"`. Each returns the very object its codec (../<kind>.ts) builds from JSON.parse — same
 * fields, same values bit for bit, same property order — or undefined when anything is not the plain happy
 * path (a field missing, repeated or of another type, a value the cursor does not read): the JSON path then
 * decides, and throws the codec's coded error where there is one. Unknown scalar fields are skipped, as the
 * codecs ignore them; an unknown nested field falls back.
 */
import type { BookTickerEvent, DepthUpdateEvent, Level, MarkPriceEvent } from '../../../../schema/market-events.js';
import type { JsonCursor } from './json-cursor.js';
import {
  K_A,
  K_B,
  K_E,
  K_P,
  K_T,
  K_U,
  K_a,
  K_b,
  K_e,
  K_i,
  K_p,
  K_pu,
  K_r,
  K_s,
  K_u,
  nextKey,
  text,
  levels,
} from './fast-fields.js';
import type { StringIntern } from './string-intern.js';

export function readDepthUpdate(c: JsonCursor, intern: StringIntern): DepthUpdateEvent | undefined {
  let symbol: string | undefined;
  let E = -1;
  let T = -1;
  let U = -1;
  let u = -1;
  let pu = -1;
  let bids: Level[] | undefined;
  let asks: Level[] | undefined;
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
      case K_U:
        if (U >= 0) return undefined;
        U = c.uint();
        if (U < 0) return undefined;
        break;
      case K_u:
        if (u >= 0) return undefined;
        u = c.uint();
        if (u < 0) return undefined;
        break;
      case K_pu:
        if (pu >= 0) return undefined;
        pu = c.uint();
        if (pu < 0) return undefined;
        break;
      case K_b:
        if (bids !== undefined) return undefined;
        bids = levels(c);
        if (bids === undefined) return undefined;
        break;
      case K_a:
        if (asks !== undefined) return undefined;
        asks = levels(c);
        if (asks === undefined) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (symbol === undefined || E < 0 || T < 0 || U < 0 || u < 0 || pu < 0 || !bids || !asks) return undefined;
  return {
    kind: 'depthUpdate',
    symbol,
    eventTime: E,
    transactionTime: T,
    firstUpdateId: U,
    finalUpdateId: u,
    prevFinalUpdateId: pu,
    bids,
    asks,
  };
}

export function readBookTicker(c: JsonCursor, intern: StringIntern): BookTickerEvent | undefined {
  let symbol: string | undefined;
  let E = -1;
  let T = -1;
  let u = -1;
  let b = Number.NaN;
  let B = Number.NaN;
  let a = Number.NaN;
  let A = Number.NaN;
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
      case K_u:
        if (u >= 0) return undefined;
        u = c.uint();
        if (u < 0) return undefined;
        break;
      case K_b:
        if (!Number.isNaN(b)) return undefined;
        b = c.decimal();
        if (Number.isNaN(b)) return undefined;
        break;
      case K_B:
        if (!Number.isNaN(B)) return undefined;
        B = c.decimal();
        if (Number.isNaN(B)) return undefined;
        break;
      case K_a:
        if (!Number.isNaN(a)) return undefined;
        a = c.decimal();
        if (Number.isNaN(a)) return undefined;
        break;
      case K_A:
        if (!Number.isNaN(A)) return undefined;
        A = c.decimal();
        if (Number.isNaN(A)) return undefined;
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
    u < 0 ||
    Number.isNaN(b) ||
    Number.isNaN(B) ||
    Number.isNaN(a) ||
    Number.isNaN(A)
  )
    return undefined;
  return {
    kind: 'bookTicker',
    symbol,
    eventTime: E,
    transactionTime: T,
    updateId: u,
    bidPrice: b,
    bidQty: B,
    askPrice: a,
    askQty: A,
  };
}

export function readMarkPrice(c: JsonCursor, intern: StringIntern): MarkPriceEvent | undefined {
  let symbol: string | undefined;
  let E = -1;
  let T = -1;
  let p = Number.NaN;
  let i = Number.NaN;
  let P = Number.NaN;
  let r = Number.NaN;
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
      case K_p:
        if (!Number.isNaN(p)) return undefined;
        p = c.decimal();
        if (Number.isNaN(p)) return undefined;
        break;
      case K_i:
        if (!Number.isNaN(i)) return undefined;
        i = c.decimal();
        if (Number.isNaN(i)) return undefined;
        break;
      case K_P:
        if (!Number.isNaN(P)) return undefined;
        P = c.decimal();
        if (Number.isNaN(P)) return undefined;
        break;
      case K_r:
        if (!Number.isNaN(r)) return undefined;
        r = c.decimal();
        if (Number.isNaN(r)) return undefined;
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
    Number.isNaN(p) ||
    Number.isNaN(i) ||
    Number.isNaN(P) ||
    Number.isNaN(r)
  )
    return undefined;
  return {
    kind: 'markPriceUpdate',
    symbol,
    eventTime: E,
    markPrice: p,
    indexPrice: i,
    estimatedSettlePrice: P,
    fundingRate: r,
    nextFundingTime: T,
  };
}
