/**
 * A user order as the venue keeps it, and its JSON renderings: the REST order object (place, query, cancel,
 * openOrders), the `o` object of ORDER_TRADE_UPDATE and the TRADE_LITE fill notice, in the venue's field order.
 */
import type { SymbolSpec } from '../market/symbol-spec.js';

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX' | 'GTD';

export interface UserOrder {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  spec: SymbolSpec;
  buy: boolean;
  type: 'LIMIT' | 'MARKET';
  tif: TimeInForce;
  /** Limit price in ticks (0 for MARKET). */
  priceTick: number;
  origUnits: number;
  execUnits: number;
  /** Sum of fill price x qty (quote). */
  cumQuote: number;
  status: OrderStatus;
  reduceOnly: boolean;
  goodTillDate: number;
  stpMode: string;
  time: number;
  updateTime: number;
  /** Synthetic units ahead of this order at its level (price-time priority; see maker-queue.ts). */
  queueAhead: number;
  /** Expiry reason `er` of ORDER_TRADE_UPDATE (EXPIRY_REASON), 0 while the order lives. */
  expiryReason: number;
}

/** The venue's `er` codes the sim produces. */
export const EXPIRY_REASON = Object.freeze({ NONE: 0, SELF_TRADE: 1, IOC: 2, FOK: 3, POST_ONLY: 4, GTD: 6 });

export interface FillInfo {
  lastUnits: number;
  lastPrice: number;
  commission: number;
  tradeId: number;
  maker: boolean;
  realized: number;
}

function price(o: UserOrder, tick: number): string {
  return (tick * o.spec.tickSize).toFixed(o.spec.priceDecimals);
}

function qty(o: UserOrder, units: number): string {
  return (units * o.spec.stepSize).toFixed(o.spec.qtyDecimals);
}

export function avgPrice(o: UserOrder): string {
  if (o.execUnits === 0) return '0.00000';
  const avg = o.cumQuote / (o.execUnits * o.spec.stepSize);
  return avg.toFixed(Math.max(5, o.spec.priceDecimals));
}

export function orderJson(o: UserOrder, withTime: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    orderId: o.orderId,
    symbol: o.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: o.type === 'MARKET' ? '0' : price(o, o.priceTick),
    avgPrice: avgPrice(o),
    origQty: qty(o, o.origUnits),
    executedQty: qty(o, o.execUnits),
    cumQty: qty(o, o.execUnits),
    cumQuote: o.cumQuote.toFixed(Math.max(5, o.spec.priceDecimals + o.spec.qtyDecimals)),
    timeInForce: o.tif,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: false,
    side: o.buy ? 'BUY' : 'SELL',
    positionSide: 'BOTH',
    stopPrice: '0',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: o.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: o.stpMode,
    goodTillDate: o.goodTillDate,
    updateTime: o.updateTime,
  };
  if (withTime) out.time = o.time;
  return out;
}

/** The ORDER_TRADE_UPDATE event as a JSON string. */
export function orderTradeUpdate(o: UserOrder, execType: string, E: number, fill: FillInfo | undefined): string {
  const last = fill ? qty(o, fill.lastUnits) : '0';
  const lastPrice = fill ? fill.lastPrice.toFixed(o.spec.priceDecimals) : '0';
  const notional = ((o.origUnits - o.execUnits) * o.spec.stepSize * o.priceTick * o.spec.tickSize).toFixed(2);
  return `{"e":"ORDER_TRADE_UPDATE","E":${E},"T":${E},"o":{"s":"${o.symbol}","c":"${o.clientOrderId}","S":"${o.buy ? 'BUY' : 'SELL'}","o":"${o.type}","f":"${o.tif}","q":"${qty(o, o.origUnits)}","p":"${o.type === 'MARKET' ? '0' : price(o, o.priceTick)}","ap":"${avgPrice(o)}","sp":"0","x":"${execType}","X":"${o.status}","i":${o.orderId},"l":"${last}","z":"${qty(o, o.execUnits)}","L":"${lastPrice}","N":"USDT","n":"${fill ? fill.commission.toFixed(8) : '0'}","T":${E},"t":${fill ? fill.tradeId : 0},"b":"${o.buy && o.status !== 'FILLED' ? notional : '0'}","a":"${!o.buy && o.status !== 'FILLED' ? notional : '0'}","m":${fill ? fill.maker : false},"R":${o.reduceOnly},"wt":"CONTRACT_PRICE","ot":"${o.type}","ps":"BOTH","cp":false,"rp":"${fill ? fill.realized.toFixed(8) : '0'}","pP":false,"si":0,"ss":0,"V":"${o.stpMode}","pm":"NONE","gtd":${o.goodTillDate},"er":"${o.expiryReason}"}}`;
}

/** The TRADE_LITE event: the short fill notice the venue sends ahead of ORDER_TRADE_UPDATE. */
export function tradeLite(o: UserOrder, E: number, fill: FillInfo): string {
  return `{"e":"TRADE_LITE","E":${E},"T":${E},"s":"${o.symbol}","q":"${qty(o, o.origUnits)}","p":"${o.type === 'MARKET' ? '0.00' : price(o, o.priceTick)}","m":${fill.maker},"c":"${o.clientOrderId}","S":"${o.buy ? 'BUY' : 'SELL'}","L":"${fill.lastPrice.toFixed(o.spec.priceDecimals)}","l":"${qty(o, fill.lastUnits)}","t":${fill.tradeId},"i":${o.orderId}}`;
}
