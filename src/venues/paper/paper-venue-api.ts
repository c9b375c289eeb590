/**
 * The contract between the paper venue (a pure fill model over a recorded L2 book) and whoever trades against
 * it: the backtest composition and the simulated venue's tape mode. Requests and replies use the venue's own
 * shapes (Binance USD-M order parameters in, ORDER_TRADE_UPDATE / ACCOUNT_UPDATE user-stream events out), so
 * the execution code that parses the real venue's user stream parses these too. No I/O, no clock: time is the
 * tape's receive time passed in by the caller.
 */
import type { MarketEvent } from '../../schema/market-events.js';
import type { PaperSymbolSpec } from './symbol-grid.js';

export type QueueModel = 'risk-averse' | 'probabilistic';

/** Order entry and response latency, in ms of tape time. */
export interface LatencyModel {
  /** Time from our send to the venue accepting the request (order or cancel), for a request sent at `ts`. */
  entryMs(ts: number): number;
  /** Time from the venue's event to our receiving it (reply or user-stream event), for a venue event at `ts`. */
  responseMs(ts: number): number;
  /** Optional: sees every market stream frame (venue event time, local receive time); the "tape" model learns from it. */
  observeFeed?(eventTime: number, recvTs: number): void;
}

export interface PaperVenueOptions {
  queue: QueueModel;
  latency: LatencyModel;
  /** Fees in basis points of notional (negative = rebate). */
  makerFeeBps: number;
  takerFeeBps: number;
  /**
   * The venue's grid per symbol (exchangeInfo tickSize/stepSize, see `specFromFilters`). A symbol not listed
   * gets the simulated venue's spec for it (src/venues/sim/market/symbol-spec.ts: the real filters of the majors).
   */
  symbols?: Record<string, PaperSymbolSpec>;
  /** Starting wallet balance in USDT (default 10000). */
  balance?: number;
  /** Power-law exponent `n` of the probabilistic queue model (default 3). */
  queueExponent?: number;
}

/** A LIMIT order as our signed REST client sends it (strings exactly as on the wire). */
export interface PaperOrderRequest {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT';
  timeInForce: 'GTX' | 'GTC' | 'IOC';
  price: string;
  quantity: string;
  newClientOrderId: string;
}

/** What the caller receives, each at its own delivery time (`at`, tape ms), in delivery order. */
export type PaperEvent =
  /** The REST reply to a place/cancel request: ok, or the venue's error code (-5022 GTX would cross, -2011 unknown order, ...). */
  | {
      kind: 'reply';
      at: number;
      request: 'place' | 'cancel';
      clientOrderId: string;
      ok: boolean;
      code: number;
      msg: string;
    }
  /** A user-data-stream event object exactly as the venue sends it (ORDER_TRADE_UPDATE, ACCOUNT_UPDATE incl. funding). */
  | { kind: 'user'; at: number; event: Record<string, unknown> }
  /** Why a fill happened, for fills.jsonl: one per TRADE execution, delivered with it. */
  | {
      kind: 'fill-detail';
      at: number;
      clientOrderId: string;
      liquidity: 'maker' | 'taker';
      queueAheadAtEntry: number;
      latencyMs: number;
      fee: number;
    }
  /** Why a funding payment happened, for the report: delivered with its ACCOUNT_UPDATE (FUNDING_FEE); `ts` is the funding time. */
  | {
      kind: 'funding-detail';
      at: number;
      ts: number;
      symbol: string;
      amount: number;
      markPrice: number;
      fundingRate: number;
    };

export interface PaperVenue {
  /**
   * Feed one market event in tape order (`recvTs` = local receive time). Depth snapshots and diffs rebuild the
   * book; trades consume queue and fill resting orders; markPrice with a funding time books funding.
   * While the book is out of sync (a gap), no fill is simulated and the excluded time is counted.
   */
  onMarket(event: MarketEvent, recvTs: number): void;
  /** Our order, sent at `ts`; it reaches the venue after the latency model's entry delay. */
  place(request: PaperOrderRequest, ts: number): void;
  cancel(symbol: string, clientOrderId: string, ts: number): void;
  cancelAll(symbol: string, ts: number): void;
  /** Move events due at or before `ts` into `out` (appends); returns how many. */
  drainDue(ts: number, out: PaperEvent[]): number;
  /** Milliseconds of tape per symbol during which fills were not simulated (book out of sync). */
  excludedMs(): Record<string, number>;
  /** The book's mid price now (undefined until both sides exist): for marking an open position. */
  mid(symbol: string): number | undefined;
}
