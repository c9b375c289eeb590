/**
 * Test helpers: builders for normalized SymbolInput events with sensible defaults (symbol BTCUSDT), so each
 * test states only the fields it is about.
 */
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import type {
  AggTradeEvent,
  DepthSnapshotEvent,
  DepthUpdateEvent,
  ForceOrderEvent,
  KlineEvent,
  Level,
  MarkPriceEvent,
  TradeEvent,
} from '../../../src/schema/market-events.js';

export const SYMBOL = 'BTCUSDT';

let aggId = 1000;

export function aggTrade(
  eventTime: number,
  price: number,
  qty: number,
  side: 'buy' | 'sell',
  id?: number,
): AggTradeEvent {
  const a = id ?? ++aggId;
  return {
    kind: 'aggTrade',
    symbol: SYMBOL,
    eventTime,
    tradeTime: eventTime,
    aggTradeId: a,
    firstTradeId: a * 10,
    lastTradeId: a * 10 + 1,
    price,
    qty,
    side,
  };
}

export function trade(
  eventTime: number,
  price: number,
  qty: number,
  side: 'buy' | 'sell',
  tradeId: number,
): TradeEvent {
  return {
    kind: 'trade',
    symbol: SYMBOL,
    eventTime,
    tradeTime: eventTime,
    tradeId,
    price,
    qty,
    side,
    orderType: 'MARKET',
  };
}

export function snapshot(lastUpdateId: number, bids: Level[], asks: Level[], eventTime = 1_000): DepthSnapshotEvent {
  return { kind: 'depthSnapshot', symbol: SYMBOL, eventTime, transactionTime: eventTime, lastUpdateId, bids, asks };
}

export function diff(
  U: number,
  u: number,
  pu: number,
  bids: Level[],
  asks: Level[],
  eventTime = 1_000,
): DepthUpdateEvent {
  return {
    kind: 'depthUpdate',
    symbol: SYMBOL,
    eventTime,
    transactionTime: eventTime,
    firstUpdateId: U,
    finalUpdateId: u,
    prevFinalUpdateId: pu,
    bids,
    asks,
  };
}

export function kline(
  openTime: number,
  o: number,
  h: number,
  l: number,
  c: number,
  closed = true,
  interval = '1m',
): KlineEvent {
  return {
    kind: 'kline',
    symbol: SYMBOL,
    eventTime: openTime + 59_999,
    interval,
    openTime,
    closeTime: openTime + 59_999,
    firstTradeId: -1,
    lastTradeId: -1,
    open: o,
    high: h,
    low: l,
    close: c,
    volume: 0,
    quoteVolume: 0,
    tradeCount: 0,
    takerBuyVolume: 0,
    takerBuyQuoteVolume: 0,
    closed,
  };
}

export function backfillDone(eventTime = 0): SymbolInput {
  return { kind: 'backfillDone', symbol: SYMBOL, eventTime };
}

export function bookReset(eventTime = 0): SymbolInput {
  return { kind: 'bookReset', symbol: SYMBOL, eventTime, reason: 'test' };
}

/** A filled liquidation order: `qty` filled at average price `price` (order price 0: the fill is what counts). */
export function forceOrder(
  eventTime: number,
  side: 'buy' | 'sell',
  price: number,
  qty: number,
  tradeTime = eventTime,
): ForceOrderEvent {
  return {
    kind: 'forceOrder',
    symbol: SYMBOL,
    eventTime,
    tradeTime,
    side,
    orderType: 'LIMIT',
    timeInForce: 'IOC',
    status: 'FILLED',
    price: 0,
    avgPrice: price,
    origQty: qty,
    lastFilledQty: qty,
    filledQty: qty,
  };
}

export function markPrice(
  eventTime: number,
  mark: number,
  index: number,
  fundingRate: number,
  nextFundingTime: number,
): MarkPriceEvent {
  return {
    kind: 'markPriceUpdate',
    symbol: SYMBOL,
    eventTime,
    markPrice: mark,
    indexPrice: index,
    estimatedSettlePrice: index,
    fundingRate,
    nextFundingTime,
  };
}

/** An aggTrade at its own trade time `tradeTime`, delivered with event time `eventTime`. */
export function lateAggTrade(
  tradeTime: number,
  eventTime: number,
  price: number,
  qty: number,
  side: 'buy' | 'sell',
): AggTradeEvent {
  return { ...aggTrade(eventTime, price, qty, side), tradeTime };
}
