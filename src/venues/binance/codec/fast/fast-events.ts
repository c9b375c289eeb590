/**
 * The payload readers of the fast decoder, one per event shape, each called with the cursor just past the
 * payload's `"e":"<kind>"`. Each returns the very object its codec (../<kind>.ts) builds from JSON.parse — same
 * fields, same values bit for bit, same property order — or undefined when anything is not the plain happy
 * path (a field missing, repeated or of another type, a value the cursor does not read): the JSON path then
 * decides, and throws the codec's coded error where there is one. Unknown scalar fields are skipped, as the
 * codecs ignore them; an unknown nested field falls back.
 */
import type {
  AggTradeEvent,
  BookTickerEvent,
  DepthUpdateEvent,
  ForceOrderEvent,
  Level,
  MarkPriceEvent,
  TradeEvent,
} from '../../../../schema/market-events.js';
import { type JsonCursor, keyCode } from './json-cursor.js';
import type { StringIntern } from './string-intern.js';

/** A second `e` would change the kind JSON.parse reports (last key wins): never skipped. */
const K_e = keyCode('e');
const K_E = keyCode('E');
const K_T = keyCode('T');
const K_s = keyCode('s');
const K_S = keyCode('S');
const K_U = keyCode('U');
const K_u = keyCode('u');
const K_pu = keyCode('pu');
const K_b = keyCode('b');
const K_B = keyCode('B');
const K_a = keyCode('a');
const K_A = keyCode('A');
const K_t = keyCode('t');
const K_p = keyCode('p');
const K_P = keyCode('P');
const K_q = keyCode('q');
const K_m = keyCode('m');
const K_X = keyCode('X');
const K_f = keyCode('f');
const K_l = keyCode('l');
const K_i = keyCode('i');
const K_r = keyCode('r');
const K_o = keyCode('o');
const K_z = keyCode('z');
const K_ap = keyCode('ap');
const K_nq = keyCode('nq');

/**
 * After a value: `,` → the next key's code; `}` → -2 (object done); anything else → -1. The caller reads
 * the value of the returned key.
 */
function nextKey(c: JsonCursor): number {
  const ch = c.ws();
  c.pos++;
  if (ch === 44 /* , */) return c.key();
  return ch === 125 /* } */ ? -2 : -1;
}

/** A non-empty plain string, interned; undefined otherwise (the codecs' `text()` rejects empty strings). */
function text(c: JsonCursor, intern: StringIntern): string | undefined {
  if (!c.string() || c.strEnd === c.strStart) return undefined;
  return intern.get(c.text, c.strStart, c.strEnd);
}

/** `[["price","qty"],...]` with price > 0 and qty >= 0 (the codecs' `levels()` rule); undefined otherwise. */
function levels(c: JsonCursor): Level[] | undefined {
  if (!c.expect(91 /* [ */)) return undefined;
  const out: Level[] = [];
  if (c.ws() === 93 /* ] */) {
    c.pos++;
    return out;
  }
  for (;;) {
    if (!c.expect(91)) return undefined;
    const price = c.decimal();
    if (!(price > 0) || !c.expect(44)) return undefined;
    const qty = c.decimal();
    if (!(qty >= 0) || !c.expect(93)) return undefined;
    out.push([price, qty]);
    const ch = c.ws();
    c.pos++;
    if (ch === 93) return out;
    if (ch !== 44) return undefined;
  }
}

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
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_U:
        if (U >= 0 || (U = c.uint()) < 0) return undefined;
        break;
      case K_u:
        if (u >= 0 || (u = c.uint()) < 0) return undefined;
        break;
      case K_pu:
        if (pu >= 0 || (pu = c.uint()) < 0) return undefined;
        break;
      case K_b:
        if (bids !== undefined || (bids = levels(c)) === undefined) return undefined;
        break;
      case K_a:
        if (asks !== undefined || (asks = levels(c)) === undefined) return undefined;
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
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_u:
        if (u >= 0 || (u = c.uint()) < 0) return undefined;
        break;
      case K_b:
        if (b === b || (b = c.decimal()) !== b) return undefined;
        break;
      case K_B:
        if (B === B || (B = c.decimal()) !== B) return undefined;
        break;
      case K_a:
        if (a === a || (a = c.decimal()) !== a) return undefined;
        break;
      case K_A:
        if (A === A || (A = c.decimal()) !== A) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (symbol === undefined || E < 0 || T < 0 || u < 0 || b !== b || B !== B || a !== a || A !== A) return undefined;
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
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_t:
        if (t >= 0 || (t = c.uint()) < 0) return undefined;
        break;
      case K_p:
        if (p === p || (p = c.decimal()) !== p) return undefined;
        break;
      case K_q:
        if (q === q || (q = c.decimal()) !== q) return undefined;
        break;
      case K_m:
        if (m >= 0 || (m = c.bool()) < 0) return undefined;
        break;
      case K_X:
        if (orderType !== undefined || (orderType = text(c, intern)) === undefined) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (symbol === undefined || orderType === undefined || E < 0 || T < 0 || t < 0 || p !== p || q !== q || m < 0) {
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
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_a:
        if (a >= 0 || (a = c.uint()) < 0) return undefined;
        break;
      case K_f:
        if (f >= 0 || (f = c.uint()) < 0) return undefined;
        break;
      case K_l:
        if (l >= 0 || (l = c.uint()) < 0) return undefined;
        break;
      case K_p:
        if (p === p || (p = c.decimal()) !== p) return undefined;
        break;
      case K_q:
        if (q === q || (q = c.decimal()) !== q) return undefined;
        break;
      case K_nq:
        if (hasNq || (nq = c.decimal()) !== nq) return undefined;
        hasNq = true;
        break;
      case K_m:
        if (m >= 0 || (m = c.bool()) < 0) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (symbol === undefined || E < 0 || T < 0 || a < 0 || f < 0 || l < 0 || p !== p || q !== q || m < 0) {
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
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_s:
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_p:
        if (p === p || (p = c.decimal()) !== p) return undefined;
        break;
      case K_i:
        if (i === i || (i = c.decimal()) !== i) return undefined;
        break;
      case K_P:
        if (P === P || (P = c.decimal()) !== P) return undefined;
        break;
      case K_r:
        if (r === r || (r = c.decimal()) !== r) return undefined;
        break;
      case K_e:
        return undefined;
      default:
        if (k < 0 || !c.skipScalar()) return undefined;
    }
  }
  if (symbol === undefined || E < 0 || T < 0 || p !== p || i !== i || P !== P || r !== r) return undefined;
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

/** forceOrder: `E` outside, the order in the nested `o` object (read by `readLiquidationOrder`). */
export function readForceOrder(c: JsonCursor, intern: StringIntern): ForceOrderEvent | undefined {
  let E = -1;
  let order: ForceOrderEvent | undefined;
  for (let k = nextKey(c); k !== -2; k = nextKey(c)) {
    switch (k) {
      case K_E:
        if (E >= 0 || (E = c.uint()) < 0) return undefined;
        break;
      case K_o:
        if (order !== undefined || (order = readLiquidationOrder(c, intern)) === undefined) return undefined;
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
        if (symbol !== undefined || (symbol = text(c, intern)) === undefined) return undefined;
        break;
      case K_S:
        if (side !== undefined || (side = text(c, intern)) === undefined) return undefined;
        break;
      case K_o:
        if (orderType !== undefined || (orderType = text(c, intern)) === undefined) return undefined;
        break;
      case K_f:
        if (timeInForce !== undefined || (timeInForce = text(c, intern)) === undefined) return undefined;
        break;
      case K_X:
        if (status !== undefined || (status = text(c, intern)) === undefined) return undefined;
        break;
      case K_T:
        if (T >= 0 || (T = c.uint()) < 0) return undefined;
        break;
      case K_p:
        if (p === p || (p = c.decimal()) !== p) return undefined;
        break;
      case K_ap:
        if (ap === ap || (ap = c.decimal()) !== ap) return undefined;
        break;
      case K_q:
        if (q === q || (q = c.decimal()) !== q) return undefined;
        break;
      case K_l:
        if (l === l || (l = c.decimal()) !== l) return undefined;
        break;
      case K_z:
        if (z === z || (z = c.decimal()) !== z) return undefined;
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
    p !== p ||
    ap !== ap ||
    q !== q ||
    l !== l ||
    z !== z
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
