/**
 * SymbolEngine: the pure per-symbol telemetry state machine (no I/O, no wall clock), shared by the symbol
 * actor and `tapeline replay`. `apply(input, recvTs)` admits the input (SymbolEventQueue), and when its event
 * time reaches the next boundary (multiples of snapshotIntervalMs) returns the `metrics` snapshot of the state
 * BEFORE that event — so a snapshot holds exactly the events that arrived before the first one at or past its
 * boundary (arrival order, causal) — then applies it. `finalSnapshot()` publishes the state after the last
 * event at end of input. Prints are counted by their own trade time (trade-stamp.ts); docs/telemetry.md.
 */
import type { LiquidationMessage, MetricsMessage, TradesMessage } from '../../schema/metrics-message.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import type { AggTradeEvent, TradeEvent } from '../../schema/market-events.js';
import { LocalBook } from './book/local-book.js';
import { Atr } from './metrics/atr.js';
import { Cvd } from './metrics/cvd.js';
import { DeltaZ } from './metrics/delta-z.js';
import { computeObi } from './metrics/obi.js';
import { OpenInterest } from './metrics/open-interest.js';
import { computePrice } from './metrics/price.js';
import { TimeAndSales } from './metrics/time-and-sales.js';
import { OrderFlowViews } from './order-flow-views.js';
import { StateHasher } from './state-hash.js';
import { DEFAULT_STRATEGY_PARAMS, type StrategyParams } from './strategy/strategy-params.js';
import { type StrategyOutput, StrategyRunner } from './strategy/strategy-runner.js';
import type { SymbolEngineSnapshot } from './symbol-engine-snapshot.js';
import { SymbolEventQueue } from './symbol-event-queue.js';
import { DEFAULT_SYMBOL_PARAMS, intervalMs, type SymbolParams } from './symbol-params.js';
import { TimeRing } from './time-ring.js';
import { TradeStamp } from './trade-stamp.js';
import { TradeTape } from './trade-tape.js';
import { clockTime } from './snapshot-clock.js';

const hasher = new StateHasher();

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

export class SymbolEngine {
  private params: SymbolParams;
  private queue: SymbolEventQueue;
  private book: LocalBook;
  private tas: TimeAndSales;
  private cvd: Cvd;
  private deltaZ: DeltaZ;
  private oi: OpenInterest;
  private atr: Atr;
  private stamp: TradeStamp;
  private flow: OrderFlowViews;
  private readonly tape = new TradeTape();
  /** Prints whose quantity is 0 under tradeQuantity 'nq' (RPI fills only): not counted anywhere. */
  private rpiOnly = 0;
  /** Monotonic exchange time: max event time of clock-driving inputs; 0 before the first. */
  private clock = 0;
  /** Next snapshot boundary; 0 until the first clock event. */
  private nextBoundary = 0;
  private seq = 0;
  /** NaN until the first trade: numeric fields stay `number` (a `number | null` field is tagged in V8, so a
   * fractional write would allocate a HeapNumber); null only in the message. */
  private lastPrice = Number.NaN;
  private backfillDone = false;
  private applied = 0;
  /** Wall-clock health (recvTs − eventTime of the last clock event): reported, never hashed. */
  private feedLagMs = Number.NaN;
  private strategyParams: StrategyParams;
  private strategies: StrategyRunner;

  constructor(
    readonly symbol: string,
    params: SymbolParams,
    strategyParams: StrategyParams = DEFAULT_STRATEGY_PARAMS,
  ) {
    // Defaults first: snapshots from before a parameter existed restore with its default.
    this.params = { ...DEFAULT_SYMBOL_PARAMS, ...params };
    params = this.params;
    this.strategyParams = strategyParams;
    this.strategies = new StrategyRunner(symbol, strategyParams, params.obiLevels);
    this.queue = new SymbolEventQueue(symbol, params.tradeSource);
    this.book = new LocalBook(params.bookBufferMax);
    this.tas = new TimeAndSales(params.tradeWindowMs);
    this.cvd = new Cvd(params.cvdWindowMs);
    this.deltaZ = new DeltaZ(params.deltaZIntervalMs, params.deltaZLookback, params.deltaZMinSamples);
    this.oi = new OpenInterest(params.oiLookbackMs);
    this.atr = new Atr(params.atrInterval, intervalMs(params.atrInterval), params.atrPeriod, params.rangeLookbackBars);
    this.stamp = new TradeStamp();
    this.flow = new OrderFlowViews(symbol, params);
  }

  /** Book in sync (snapshot + continuous diffs) and backfill delivered. Trades are not required: a quiet
   * symbol's numbers are still valid, and last price falls back to null rather than blocking readiness. */
  ready(): boolean {
    return this.book.inSync && this.backfillDone;
  }

  apply(input: SymbolInput, recvTs: number): MetricsMessage | undefined {
    if (!this.queue.admit(input)) return undefined;
    this.applied++;
    const t = clockTime(input);
    let out: MetricsMessage | undefined;
    if (!Number.isNaN(t)) {
      const interval = this.params.snapshotIntervalMs;
      if (this.nextBoundary === 0) {
        this.nextBoundary = t - (t % interval) + interval;
      } else if (t >= this.nextBoundary) {
        // One snapshot per crossing, at the latest boundary <= t (a silent stretch yields one, not many).
        const boundary = t - (t % interval);
        out = this.emit(boundary, false);
        this.tape.cut();
        this.stamp.cut(boundary);
        this.flow.cut(boundary);
        this.nextBoundary = boundary + interval;
      }
      if (t > this.clock) this.clock = t;
      this.stamp.onClock(t);
      this.feedLagMs = recvTs - t;
    }
    this.applyToState(input);
    return out;
  }

  private applyToState(e: SymbolInput): void {
    switch (e.kind) {
      case 'aggTrade':
      case 'trade':
        this.onTrade(e);
        return;
      case 'forceOrder':
        this.flow.onLiquidation(e);
        return;
      case 'markPriceUpdate':
        this.flow.onMarkPrice(e);
        return;
      case 'depthUpdate':
        this.book.applyDiff(e);
        this.afterEvent(0, 0, 0);
        return;
      case 'depthSnapshot':
        this.book.applySnapshot(e);
        this.afterEvent(0, 0, 0);
        return;
      case 'bookReset':
        this.book.reset();
        this.afterEvent(0, 0, 0);
        return;
      case 'backfillDone':
        this.backfillDone = true;
        return;
      case 'kline':
        this.atr.onKline(e);
        return;
      case 'openInterest':
        this.oi.onSample(e.eventTime, e.openInterest, this.lastPrice);
        this.strategies.onOpenInterest(e.eventTime, e.openInterest);
        return;
      case 'openInterestHist':
        this.oi.onSample(e.eventTime, e.sumOpenInterest, this.lastPrice);
        this.strategies.onOpenInterest(e.eventTime, e.sumOpenInterest);
        return;
      default:
        return; // bookTicker: clock only
    }
  }

  /**
   * Ring pushes only, no objects (bench/symbol-metrics.bench.ts "trade"). Every window and interval counts the
   * print at its stamp (trade-stamp.ts); the quantity is `q`, or `nq` under tradeQuantity 'nq' when present.
   */
  private onTrade(e: AggTradeEvent | TradeEvent): void {
    const price = e.price;
    let qty = e.qty;
    if (this.params.tradeQuantity === 'nq' && e.kind === 'aggTrade' && e.nonRpiQty !== undefined) {
      qty = e.nonRpiQty;
      if (!(qty > 0)) {
        this.rpiOnly++;
        return;
      }
    }
    const sign = e.side === 'buy' ? 1 : -1;
    const ts = this.stamp.stamp(e.tradeTime, e.eventTime);
    this.strategies.beforeTrade(this.atr);
    this.lastPrice = price;
    this.tas.onTrade(ts, price, qty, sign);
    this.cvd.onTrade(ts, sign * qty);
    this.deltaZ.onTrade(ts, sign * qty);
    this.atr.onTrade(ts, price);
    this.flow.onPrint(ts, price, qty, sign);
    this.tape.onPrint(e.tradeTime, price, qty, sign);
    this.afterEvent(price, qty, sign);
  }

  /** Liquidation prints for clients since the last call, in order (the actor sends them). */
  drainPrints(): readonly LiquidationMessage[] {
    return this.flow.drainPrints();
  }

  /** The prints the last snapshot counts, for the clients' tape: not state (never hashed or snapshotted). */
  drainTrades(): TradesMessage | undefined {
    return this.tape.drain(this.symbol);
  }
  /**
   * The snapshot of the state after the last event, marked `final`: at end of input (replay) or shutdown
   * (live). Its time is the clock; undefined before any clock event. Inputs after it are counted as usual.
   */
  finalSnapshot(): MetricsMessage | undefined {
    if (this.clock === 0) return undefined;
    const m = this.emit(this.clock, true);
    this.tape.cut();
    this.stamp.cut(this.clock);
    this.flow.cut(this.clock);
    return m;
  }

  /** Strategies see every trade and book change (bench/strategy.bench.ts: per-event cost, no allocation). */
  private afterEvent(price: number, qty: number, sign: number): void {
    this.strategies.afterEvent(
      this.clock,
      this.ready(),
      this.lastPrice,
      this.cvd.session,
      this.book,
      this.atr,
      this.deltaZ,
      price,
      qty,
      sign,
    );
  }

  /** Signals and near misses since the last call, in order (the actor sends and logs them). */
  drainStrategyOutputs(): readonly StrategyOutput[] {
    return this.strategies.drain();
  }

  private emit(now: number, final: boolean): MetricsMessage {
    this.seq++;
    const p = this.params;
    const st = this.stamp;
    // Rolling first (they move state), then hash, so the hash covers exactly what the figures show.
    const timeAndSales = this.tas.figures(now, now - st.start, this.queue.source, p.tradeQuantity, st.late);
    const cvd = this.cvd.figures(now);
    const deltaZ = this.deltaZ.figures(now, p.deltaZMinSamples);
    const atr = this.atr.figures(now);
    const flow = this.flow.figures(now, this.lastPrice);
    const stateHash = this.hash(now, final);
    const book = this.book;
    return {
      type: 'metrics',
      symbol: this.symbol,
      seq: this.seq,
      stateHash,
      ts: this.clock,
      boundary: now,
      final,
      ready: this.ready(),
      price: computePrice(book.bids, book.asks, nullIfNaN(this.lastPrice), p.tickSize),
      timeAndSales,
      cvd,
      obi: computeObi(book.bids, book.asks, p.obiLevels, p.obiBandBps),
      deltaZ,
      openInterest: this.oi.figures(),
      atr,
      book: {
        inSync: book.inSync,
        lastUpdateId: book.lastUpdateId,
        gaps: book.gaps,
        resyncs: book.resyncs,
        feedLagMs: nullIfNaN(this.feedLagMs),
        sinceLastEventMs: this.clock > 0 ? now - this.clock : null,
      },
      signalDisplay: this.strategies.signalDisplay(),
      advancedMetrics: this.strategies.advancedMetrics(),
      ...flow,
    };
  }

  /** The stateHash of the current state as of snapshot time `now` (canonical order, see state-hash.ts). */
  private hash(now: number, final: boolean): string {
    const h = hasher.reset();
    const p = this.params;
    h.tag('engine').str(this.symbol).num(this.seq).num(now).bool(final).num(this.clock).num(this.nextBoundary);
    h.maybe(nullIfNaN(this.lastPrice)).bool(this.backfillDone).num(this.applied).num(this.rpiOnly);
    h.tag('params').num(p.snapshotIntervalMs).num(p.obiLevels).num(p.obiBandBps).num(p.deltaZMinSamples);
    h.num(p.tickSize).str(p.tradeQuantity);
    this.queue.hashInto(h);
    this.book.hashInto(h);
    this.tas.hashInto(h);
    this.cvd.hashInto(h);
    this.deltaZ.hashInto(h);
    this.oi.hashInto(h);
    this.atr.hashInto(h);
    this.stamp.hashInto(h);
    this.flow.hashInto(h);
    this.strategies.hashInto(h);
    return h.digest();
  }

  /** `pu` gaps the local book has seen: read per message by the actor, so no object is built for it. */
  bookGaps(): number {
    return this.book.gaps;
  }

  /** Health and counters for the actor's `status()`. */
  status(): Record<string, unknown> {
    const b = this.book;
    return {
      ready: this.ready(),
      book: { inSync: b.inSync, state: b.syncState, gaps: b.gaps, resyncs: b.resyncs, lastUpdateId: b.lastUpdateId },
      backfillDone: this.backfillDone,
      applied: this.applied,
      dropped: { ...this.queue.dropped },
      seq: this.seq,
      lastEventTs: this.clock,
      lateTrades: this.stamp.late,
      rpiOnly: this.rpiOnly,
    };
  }

  currentParams(): Readonly<SymbolParams> {
    return this.params;
  }

  currentStrategyParams(): Readonly<StrategyParams> {
    return this.strategyParams;
  }

  /** Live strategy parameter change (already validated): state, cooldowns and setups carry over. */
  setStrategyParams(next: StrategyParams): void {
    const s = this.snapshot();
    s.strategyParams = next;
    Object.assign(this, SymbolEngine.restore(s));
  }

  snapshot(): SymbolEngineSnapshot {
    return {
      version: 1,
      symbol: this.symbol,
      params: { ...this.params },
      clock: this.clock,
      nextBoundary: this.nextBoundary,
      seq: this.seq,
      lastPrice: nullIfNaN(this.lastPrice),
      backfillDone: this.backfillDone,
      applied: this.applied,
      feedLagMs: nullIfNaN(this.feedLagMs),
      queue: this.queue.toData(),
      book: this.book.toData(),
      timeAndSales: this.tas.toData(),
      cvd: this.cvd.toData(),
      deltaZ: this.deltaZ.toData(),
      openInterest: this.oi.toData(),
      atr: this.atr.toData(),
      strategyParams: structuredClone(this.strategyParams),
      strategies: this.strategies.toData(),
      stamp: this.stamp.toData(),
      rpiOnly: this.rpiOnly,
      ...this.flow.toData(),
    };
  }

  static restore(s: SymbolEngineSnapshot): SymbolEngine {
    const sp = s.strategyParams ?? DEFAULT_STRATEGY_PARAMS;
    const e = new SymbolEngine(s.symbol, s.params, sp);
    const p = e.params;
    e.clock = s.clock;
    e.nextBoundary = s.nextBoundary;
    e.seq = s.seq;
    e.lastPrice = s.lastPrice ?? Number.NaN;
    e.backfillDone = s.backfillDone;
    e.applied = s.applied;
    e.feedLagMs = s.feedLagMs ?? Number.NaN;
    e.queue = SymbolEventQueue.fromData(s.symbol, p.tradeSource, s.queue);
    e.book = LocalBook.fromData(s.book, p.bookBufferMax);
    e.tas = TimeAndSales.fromData(p.tradeWindowMs, s.timeAndSales);
    e.cvd = new Cvd(p.cvdWindowMs, s.cvd);
    e.deltaZ = DeltaZ.fromData(p.deltaZIntervalMs, p.deltaZLookback, p.deltaZMinSamples, s.deltaZ);
    e.oi = new OpenInterest(p.oiLookbackMs, s.openInterest);
    e.atr = new Atr(p.atrInterval, intervalMs(p.atrInterval), p.atrPeriod, p.rangeLookbackBars, s.atr);
    e.strategies = StrategyRunner.fromData(s.symbol, sp, p.obiLevels, s.strategies);
    // Absent in snapshots from before these metrics: they start fresh.
    e.stamp = new TradeStamp(s.stamp);
    e.rpiOnly = s.rpiOnly ?? 0;
    e.flow = new OrderFlowViews(s.symbol, p, s);
    return e;
  }

  /**
   * Live parameter change (already validated). Windows, OBI, lookbacks and the cadence change in place; a new
   * ATR interval/period or Delta Z interval/lookback restarts that metric (its history no longer fits).
   */
  setParams(next: SymbolParams): void {
    const s = this.snapshot();
    const old = s.params;
    s.params = { ...next };
    if (next.atrInterval !== old.atrInterval) s.atr = { bars: TimeRing.empty(4), current: [-1, 0, 0, 0], stale: 0 };
    if (next.deltaZIntervalMs !== old.deltaZIntervalMs || next.deltaZLookback !== old.deltaZLookback) {
      s.deltaZ = { index: -1, current: 0, completed: [] };
    }
    if (next.profileBucket !== old.profileBucket) s.volumeProfile = undefined;
    Object.assign(this, SymbolEngine.restore(s));
  }
}
