/**
 * `SymbolFeed`: everything ingest knows about one symbol — its book sync, aggTrade continuity, duplicate
 * filters for the other streams, backfill progress and feed health. Duplicates matter because an overlapping
 * reconnect delivers the same events on two connections: each stream is filtered by its own monotonic id or
 * event time, so the symbol actor sees each event once whichever connection brought it first.
 */
import type { MarketEvent, StreamEvent } from '../../venues/binance/codec/index.js';
import { BookSync, type BookHealth, type BookSyncSink } from './book-sync.js';
import { AggTradeContinuity, type TradeContinuitySink, type TradeHealth } from './trade-continuity.js';

export interface FeedSink extends BookSyncSink, TradeContinuitySink {}

export interface FeedHealth {
  book: BookHealth;
  trades: TradeHealth;
  /** Exchange time (`E`) of the last stream event; 0 before the first. */
  lastEventTime: number;
  /** Local receive time of the last stream event (ms); 0 before the first. */
  lastRecvTs: number;
  /** recvTs − E of the last stream event: the feed's lag, clock offset included. */
  feedLagMs: number;
  streamEvents: number;
  /** Events dropped as already seen (bookTicker, trade, markPrice, kline, forceOrder). */
  duplicates: number;
  backfillDone: boolean;
}

export class SymbolFeed {
  readonly book: BookSync;
  readonly trades: AggTradeContinuity;
  lastEventTime = 0;
  lastRecvTs = 0;
  feedLagMs = 0;
  streamEvents = 0;
  duplicates = 0;
  // High-water marks of the streams without a continuity rule.
  private lastTradeId = -1;
  private lastBookTickerId = -1;
  private lastBookTickerTime = -1;
  private lastMarkTime = -1;
  private lastKlineTime = -1;
  private lastForceTime = -1;
  // Backfill: both parts must arrive before `backfillDone`.
  klinesFilled = false;
  openInterestFilled = false;
  backfillDone = false;
  backfillTime = 0;

  constructor(
    readonly symbol: string,
    private readonly sink: FeedSink,
    maxBufferedDiffs: number,
    maxHeldTrades: number,
  ) {
    this.book = new BookSync(symbol, sink, maxBufferedDiffs);
    this.trades = new AggTradeContinuity(symbol, sink, maxHeldTrades);
  }

  onStreamEvent(e: StreamEvent, recvTs: number): void {
    this.streamEvents++;
    this.lastEventTime = e.eventTime;
    this.lastRecvTs = recvTs;
    this.feedLagMs = recvTs - e.eventTime;
    switch (e.kind) {
      case 'depthUpdate':
        this.book.onDiff(e, recvTs);
        return;
      case 'aggTrade':
        this.trades.onTrade(e, recvTs);
        return;
      case 'bookTicker':
        if (
          e.updateId < this.lastBookTickerId ||
          (e.updateId === this.lastBookTickerId && e.eventTime === this.lastBookTickerTime)
        ) {
          this.duplicates++;
          return;
        }
        this.lastBookTickerId = e.updateId;
        this.lastBookTickerTime = e.eventTime;
        break;
      case 'trade':
        if (e.tradeId <= this.lastTradeId) {
          this.duplicates++;
          return;
        }
        this.lastTradeId = e.tradeId;
        break;
      case 'markPriceUpdate':
        if (e.eventTime <= this.lastMarkTime) {
          this.duplicates++;
          return;
        }
        this.lastMarkTime = e.eventTime;
        break;
      case 'kline':
        if (e.eventTime <= this.lastKlineTime) {
          this.duplicates++;
          return;
        }
        this.lastKlineTime = e.eventTime;
        break;
      case 'forceOrder':
        if (e.eventTime <= this.lastForceTime) {
          this.duplicates++;
          return;
        }
        this.lastForceTime = e.eventTime;
        break;
    }
    this.sink.emit(e, recvTs);
  }

  /**
   * Backfill rows (klines or openInterestHist): forwarded; returns true when this reply completes the backfill,
   * so the pipeline emits `backfillDone` right after them.
   */
  onBackfill(part: 'klines' | 'openInterestHist', events: readonly MarketEvent[], recvTs: number): boolean {
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as MarketEvent;
      if (e.eventTime > this.backfillTime) this.backfillTime = e.eventTime;
      this.sink.emit(e, recvTs);
    }
    if (this.backfillDone) return false;
    if (part === 'klines') this.klinesFilled = true;
    else this.openInterestFilled = true;
    if (this.klinesFilled && this.openInterestFilled) {
      this.backfillDone = true;
      return true;
    }
    return false;
  }

  health(): FeedHealth {
    return {
      book: { ...this.book.health },
      trades: { ...this.trades.health },
      lastEventTime: this.lastEventTime,
      lastRecvTs: this.lastRecvTs,
      feedLagMs: this.feedLagMs,
      streamEvents: this.streamEvents,
      duplicates: this.duplicates,
      backfillDone: this.backfillDone,
    };
  }
}
