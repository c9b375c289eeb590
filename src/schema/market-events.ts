/**
 * Normalized Binance USD-M market events: what the codecs return and what ingest routes to the symbol actors.
 * Every price and quantity is a finite number (parsed once, here), every event has `kind`, `symbol` and
 * `eventTime` (the venue's `E`, ms) so downstream code never touches the wire's string fields or letters.
 */

/** Aggressor side. A trade with `m=true` (buyer is maker) was sold into, so its side is 'sell' (docs/venue-binance.md, payload fields). */
export type Side = 'buy' | 'sell';

/** One book level: absolute quantity at a price; qty 0 removes the level. */
export type Level = [price: number, qty: number];

/** `<s>@aggTrade`: trades of one taker order at one price, aggregated. */
export interface AggTradeEvent {
  kind: 'aggTrade';
  symbol: string;
  eventTime: number;
  /** `T` */
  tradeTime: number;
  /** `a`, contiguous per symbol: a jump means trades were missed. */
  aggTradeId: number;
  /** `f` / `l` */
  firstTradeId: number;
  lastTradeId: number;
  price: number;
  qty: number;
  side: Side;
  /** `nq`: quantity excluding RPI (retail price improvement) fills; present only when the venue sends it
   * (added 2025-12). Absent, not NaN, so events without it keep their old shape. */
  nonRpiQty?: number;
}

/** `<s>@trade`: one raw trade. `orderType` is the venue's `X` (MARKET, LIQUIDATION, ..., NA). */
export interface TradeEvent {
  kind: 'trade';
  symbol: string;
  eventTime: number;
  tradeTime: number;
  tradeId: number;
  price: number;
  qty: number;
  side: Side;
  orderType: string;
}

/** `<s>@depth[@100ms|@0ms|...]`: a diff of the book (or the top N levels for partial depth streams). */
export interface DepthUpdateEvent {
  kind: 'depthUpdate';
  symbol: string;
  eventTime: number;
  /** `T`, the matching-engine time. */
  transactionTime: number;
  /** `U`: first update id in this event. */
  firstUpdateId: number;
  /** `u`: final update id in this event. */
  finalUpdateId: number;
  /** `pu`: final update id of the previous event; must equal the previous event's `u` (book sync rule). */
  prevFinalUpdateId: number;
  bids: Level[];
  asks: Level[];
}

/** REST `GET /fapi/v1/depth`: the snapshot that book sync starts from; `symbol` comes from the request. */
export interface DepthSnapshotEvent {
  kind: 'depthSnapshot';
  symbol: string;
  eventTime: number;
  transactionTime: number;
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}

/** `<s>@bookTicker`: best bid and ask. */
export interface BookTickerEvent {
  kind: 'bookTicker';
  symbol: string;
  eventTime: number;
  transactionTime: number;
  /** `u`: the order-book update id this top of book reflects. */
  updateId: number;
  bidPrice: number;
  bidQty: number;
  askPrice: number;
  askQty: number;
}

/** `<s>@markPrice[@1s]`. */
export interface MarkPriceEvent {
  kind: 'markPriceUpdate';
  symbol: string;
  eventTime: number;
  markPrice: number;
  indexPrice: number;
  /** `P`: estimated settle price (meaningful only in the last hour before settlement). */
  estimatedSettlePrice: number;
  fundingRate: number;
  nextFundingTime: number;
}

/** `<s>@forceOrder`: a liquidation order. `side` is the liquidation order's side (SELL = a long was closed). */
export interface ForceOrderEvent {
  kind: 'forceOrder';
  symbol: string;
  eventTime: number;
  tradeTime: number;
  side: Side;
  orderType: string;
  timeInForce: string;
  status: string;
  price: number;
  avgPrice: number;
  origQty: number;
  lastFilledQty: number;
  filledQty: number;
}

/** `<s>@kline_<i>` events and REST `GET /fapi/v1/klines` rows, one shape for both. */
export interface KlineEvent {
  kind: 'kline';
  symbol: string;
  /** WS: `E`. REST rows carry no event time: `closeTime` is used (the time the row's values become final). */
  eventTime: number;
  interval: string;
  openTime: number;
  closeTime: number;
  /** `f` / `L`; -1 for REST rows (not sent) and for klines without trades. */
  firstTradeId: number;
  lastTradeId: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  tradeCount: number;
  takerBuyVolume: number;
  takerBuyQuoteVolume: number;
  closed: boolean;
}

/** REST `GET /fapi/v1/openInterest`; `eventTime` is the response's `time`. */
export interface OpenInterestEvent {
  kind: 'openInterest';
  symbol: string;
  eventTime: number;
  openInterest: number;
}

/** One row of REST `GET /futures/data/openInterestHist`; `eventTime` is the row's `timestamp`. */
export interface OpenInterestHistEvent {
  kind: 'openInterestHist';
  symbol: string;
  eventTime: number;
  sumOpenInterest: number;
  sumOpenInterestValue: number;
}

/** Everything the WS dispatcher (`decodeEvent`) can return. */
export type StreamEvent =
  | AggTradeEvent
  | TradeEvent
  | DepthUpdateEvent
  | BookTickerEvent
  | MarkPriceEvent
  | ForceOrderEvent
  | KlineEvent;

/** Everything the REST dispatcher (`decodeRest`) can return. */
export type RestEvent = DepthSnapshotEvent | KlineEvent | OpenInterestEvent | OpenInterestHistEvent;

export type MarketEvent = StreamEvent | RestEvent;
