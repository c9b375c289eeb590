/**
 * What the synthetic market emits, as calls on a sink. Encoders (server) and tests (determinism) implement
 * the sink; the generator never allocates strings or knows about subscribers, so its output does not depend
 * on who listens.
 */
import type { KlineBar } from './klines.js';

/** One aggregated trade: a taker's fill against one price level. */
export interface AggTradePrint {
  aggId: number;
  /** First and last trade id inside the aggregate (contiguous per symbol). */
  firstId: number;
  lastId: number;
  priceTick: number;
  qtyUnits: number;
  /** Trade time (exchange ms). */
  time: number;
  /** Buyer was the maker: the aggressor sold. */
  buyerMaker: boolean;
  /** Taker was a liquidation (the real aggTrade stream still carries these as market trades). */
  liquidation: boolean;
}

export interface ForceOrderPrint {
  side: 'BUY' | 'SELL';
  qtyUnits: number;
  limitTick: number;
  avgTick: number;
  time: number;
}

export interface MarketSink {
  aggTrade(symbol: string, eventTime: number, t: AggTradePrint): void;
  /** A depth cadence flushed: flat [tick, qty, tick, qty, ...] arrays of changed levels (qty 0 = removed). */
  depth(
    symbol: string,
    cadence: number,
    eventTime: number,
    firstId: number,
    lastId: number,
    prevLastId: number,
    bids: number[],
    asks: number[],
  ): void;
  bookTicker(symbol: string, updateId: number, eventTime: number): void;
  /** Every second: `every3s` is true on the plain `@markPrice` cadence. */
  markPrice(symbol: string, eventTime: number, every3s: boolean): void;
  forceOrder(symbol: string, eventTime: number, o: ForceOrderPrint): void;
  /** A bar of `interval` closed (sent with `x:true`). */
  klineClosed(symbol: string, eventTime: number, bar: KlineBar): void;
}

/** A sink that drops everything (warm-up, benches of the generator alone). */
export const NULL_SINK: MarketSink = Object.freeze({
  aggTrade() {},
  depth() {},
  bookTicker() {},
  markPrice() {},
  forceOrder() {},
  klineClosed() {},
});
