/**
 * Test helper: a hand-written tape for the paper venue (a snapshot, diffs chained by U/u/pu, trades, mark
 * prices) fed straight into a venue, and the venue's deliveries collected in order.
 */
import type { Level, MarketEvent } from '../../../src/schema/market-events.js';
import { constantLatency } from '../../../src/venues/paper/latency-model.js';
import { PaperVenueEngine } from '../../../src/venues/paper/paper-venue.js';
import type { PaperEvent, PaperVenueOptions } from '../../../src/venues/paper/paper-venue-api.js';

export const SYMBOL = 'BTCUSDT';

export function venue(over: Partial<PaperVenueOptions> = {}): PaperVenueEngine {
  return new PaperVenueEngine({
    queue: 'risk-averse',
    latency: constantLatency(10),
    makerFeeBps: 2,
    takerFeeBps: 5,
    symbols: { BTCUSDT: { tickSize: '0.10', stepSize: '0.001' }, XYZUSDT: { tickSize: '0.05', stepSize: '0.5' } },
    balance: 10_000,
    ...over,
  });
}

export class HandTape {
  private u = 1000;
  readonly delivered: PaperEvent[] = [];

  constructor(
    readonly v: PaperVenueEngine,
    readonly symbol = SYMBOL,
    /** Feed latency of every frame (recvTs − E). */
    readonly feedMs = 0,
  ) {}

  private feed(e: MarketEvent): void {
    const recv = e.eventTime + this.feedMs;
    this.v.onMarket(e, recv);
    this.v.drainDue(recv, this.delivered);
  }

  snapshot(E: number, bids: Level[], asks: Level[]): void {
    // Taken after every diff so far; the next diff covers its lastUpdateId (U <= lastUpdateId <= u).
    const lastUpdateId = this.u + 1;
    this.feed({
      kind: 'depthSnapshot',
      symbol: this.symbol,
      eventTime: E,
      transactionTime: E,
      lastUpdateId,
      bids,
      asks,
    });
    const pu = this.u;
    this.u += 2;
    this.feed({
      kind: 'depthUpdate',
      symbol: this.symbol,
      eventTime: E,
      transactionTime: E,
      firstUpdateId: lastUpdateId,
      finalUpdateId: this.u,
      prevFinalUpdateId: pu,
      bids: [],
      asks: [],
    });
  }

  diff(E: number, bids: Level[], asks: Level[], gap = false): void {
    const pu = gap ? this.u + 5 : this.u;
    const U = this.u + 1;
    this.u += gap ? 10 : 2;
    this.feed({
      kind: 'depthUpdate',
      symbol: this.symbol,
      eventTime: E,
      transactionTime: E,
      firstUpdateId: U,
      finalUpdateId: this.u,
      prevFinalUpdateId: pu,
      bids,
      asks,
    });
  }

  /** `side` is the aggressor's: 'sell' hits bids. */
  trade(E: number, price: number, qty: number, side: 'buy' | 'sell'): void {
    this.feed({
      kind: 'trade',
      symbol: this.symbol,
      eventTime: E,
      tradeTime: E,
      tradeId: E,
      price,
      qty,
      side,
      orderType: 'MARKET',
    });
  }

  mark(E: number, markPrice: number, fundingRate: number, nextFundingTime: number): void {
    this.feed({
      kind: 'markPriceUpdate',
      symbol: this.symbol,
      eventTime: E,
      markPrice,
      indexPrice: markPrice,
      estimatedSettlePrice: markPrice,
      fundingRate,
      nextFundingTime,
    });
  }

  /** A frame that only moves time forward (an unrelated bookTicker). */
  tick(E: number): void {
    this.feed({
      kind: 'bookTicker',
      symbol: this.symbol,
      eventTime: E,
      transactionTime: E,
      updateId: 0,
      bidPrice: 0,
      bidQty: 0,
      askPrice: 0,
      askQty: 0,
    });
  }

  place(
    ts: number,
    side: 'BUY' | 'SELL',
    price: string,
    quantity: string,
    id: string,
    tif: 'GTX' | 'GTC' | 'IOC' = 'GTX',
  ): void {
    this.v.place(
      { symbol: this.symbol, side, type: 'LIMIT', timeInForce: tif, price, quantity, newClientOrderId: id },
      ts,
    );
  }

  /** Everything delivered so far, then forgotten. */
  take(): PaperEvent[] {
    return this.delivered.splice(0);
  }
}

export function userOrders(events: PaperEvent[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const e of events)
    if (e.kind === 'user' && e.event.e === 'ORDER_TRADE_UPDATE') out.push(e.event.o as Record<string, unknown>);
  return out;
}

/** TRADE executions as [x, X, l, L, n, m, rp] tuples. */
export function trades(events: PaperEvent[]): Array<[string, string, string, string, string, boolean, string]> {
  return userOrders(events)
    .filter((o) => o.x === 'TRADE')
    .map((o) => [
      o.c as string,
      o.X as string,
      o.l as string,
      o.L as string,
      o.n as string,
      o.m as boolean,
      o.rp as string,
    ]);
}
