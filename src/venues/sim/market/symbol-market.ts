/**
 * The synthetic market of one symbol, advanced in fixed steps of exchange time: latent price, maker quotes,
 * self-exciting taker flow, sweeps that reverse or continue, liquidation cascades, open interest, mark price and
 * funding, candles. Pure and deterministic: (seed, symbol, start time, the sequence of calls) fixes every
 * output byte. Output goes to a MarketSink; user orders hook in through `takeLiquidity` and `makerFills`.
 */
import { DEPTH_CADENCES_MS, DepthCadence } from './depth-cadence.js';
import { FlowEpisodes } from './flow-episodes.js';
import { KlineSet } from './klines.js';
import { refreshQuotes, requoteSide, seedBook } from './maker-quotes.js';
import type { AggTradePrint, ForceOrderPrint, MarketSink } from './market-events.js';
import { ASK, BID, OrderBook, type Side } from './order-book.js';
import { PriceProcess } from './price-process.js';
import { hash32, Rng } from './rng.js';
import { StopRuns, type SweepHost } from './stop-runs.js';
import type { SymbolSpec } from './symbol-spec.js';
import { TradeHistory } from './trade-history.js';

/** Generator step in exchange ms: the finest cadence (@0ms depth is flushed once per step). */
export const STEP_MS = 50;
const HOUR8 = 8 * 3_600_000;

/** Told about every maker fill before the book is reduced, so resting user orders can advance or fill. */
export type MakerFillHook = (makerSide: Side, tick: number, qty: number, time: number) => void;

export interface TakerFill {
  tick: number;
  qty: number;
}

export class SymbolMarket implements SweepHost {
  readonly book: OrderBook;
  readonly price: PriceProcess;
  readonly klines: KlineSet;
  readonly trades = new TradeHistory();
  readonly cadences: DepthCadence[];
  /** Exchange time of the last completed step. */
  time: number;
  updateId: number;
  /** Id of the last level change: what a depth snapshot reports as lastUpdateId. */
  lastChangeId: number;
  aggId: number;
  tradeId: number;
  openInterest: number;
  markTick: number;
  indexTick: number;
  fundingRate = 0.0001;
  lastTradeTick: number;
  makerFills: MakerFillHook | undefined;
  readonly episodes: FlowEpisodes;
  readonly stopRuns: StopRuns;
  private readonly rng: Rng;
  /** Open/close share of the prints of the sweep being executed (undefined: the episodes decide). */
  private oiShare: number | undefined;
  private excitation = 0;
  private readonly baseRate: number;
  private fairHistory: number[] = [];
  private pendingForce: ForceOrderPrint | undefined;
  private lastBook = [0, 0, 0, 0];
  private premiumEma = 0;
  /** Where fair was against the recent range last step: 0 inside, ±1 beyond the high / low. */
  private fairInside = 0;

  constructor(
    readonly spec: SymbolSpec,
    seed: number,
    startTime: number,
    private readonly sink: MarketSink,
  ) {
    this.rng = new Rng(seed, hash32(spec.symbol));
    this.time = Math.floor(startTime / STEP_MS) * STEP_MS;
    const startTicks = Math.round(spec.startPrice / spec.tickSize);
    this.price = new PriceProcess(this.rng, startTicks + 0.5);
    this.updateId = 1_000_000_000 + this.rng.int(1_000_000_000);
    this.aggId = 10_000_000 + this.rng.int(100_000_000);
    this.tradeId = this.aggId * 2 + this.rng.int(1000);
    // Major contracts trade more often than the long tail.
    this.baseRate = spec.minNotional >= 20 ? 4 : 1.5;
    // Open interest ~70–130 × the volume of a typical 5 minutes (≈1 % turnover per 5 min, as on liquid perps).
    this.openInterest = Math.round(spec.typicalUnits * this.baseRate * (22_000 + this.rng.int(20_000)));
    this.episodes = new FlowEpisodes(this.rng);
    this.stopRuns = new StopRuns(this.rng);
    this.lastChangeId = this.updateId;
    this.cadences = DEPTH_CADENCES_MS.map(() => new DepthCadence(this.updateId));
    this.book = new OrderBook((side, tick, qty) => this.levelChanged(side, tick, qty));
    seedBook(this.book, this.rng, startTicks, spec.typicalUnits);
    for (const c of this.cadences) c.drain();
    this.markTick = this.indexTick = this.lastTradeTick = startTicks;
    this.klines = new KlineSet(this.time, startTicks);
  }

  get symbol(): string {
    return this.spec.symbol;
  }

  midTick(): number {
    const b = this.book.bestBid() ?? this.price.fair;
    const a = this.book.bestAsk() ?? this.price.fair;
    return (a + b) / 2;
  }

  nextFundingTime(): number {
    return Math.floor(this.time / HOUR8) * HOUR8 + HOUR8;
  }

  /** Advances one step of STEP_MS and emits everything that happened in it. */
  step(): void {
    const t = this.time + STEP_MS;
    this.time = t;
    // Other symbols share the venue's id space: ids jump between this symbol's events.
    this.updateId += 1 + this.rng.int(40);
    this.price.step(STEP_MS);
    this.episodes.step(t, STEP_MS, this.price);
    this.excitation *= Math.exp(-STEP_MS / 500);
    const flow = this.price.flowMultiplier();

    const spread = this.price.regime === 'volatile' && this.rng.chance(0.3) ? 2 + this.rng.int(2) : 1;
    // Deep levels are re-anchored out to 1.5× the ±10 bp band (at least 40 ticks).
    const reach = Math.max(40, Math.round(this.price.fair * 0.0015));
    refreshQuotes(
      this.book,
      this.rng,
      this.price.fair,
      spread,
      3 * flow,
      this.spec.typicalUnits,
      this.episodes.lean,
      reach,
    );

    const rate = (this.baseRate * flow * this.episodes.intensity(t) + this.excitation) * (STEP_MS / 1000);
    const n = this.rng.poisson(rate);
    for (let i = 0; i < n; i++) this.randomTaker(t - n + i + 1);
    const wasInside = this.fairInside;
    if (this.stopRuns.step(this, t)) this.excitation += 4;
    // Fair leaving the 15-bar range (not by a run: that decides its own outcome) may start a breakout leg.
    const f = this.price.fair;
    this.fairInside = f <= this.stopRuns.rangeHigh ? (f >= this.stopRuns.rangeLow ? 0 : -1) : 1;
    if (wasInside === 0 && this.fairInside !== 0) this.episodes.rangeBreak(t, this.fairInside, this.price);
    this.maybeLiquidate(t);
    this.klines.roll(t, (bar) => this.sink.klineClosed(this.spec.symbol, t, bar));
    this.flushDepth(t);
    this.flushBookTicker(t);
    this.updateMark(t);
  }

  /**
   * A taker order against the book (synthetic or the user's): walks levels best first up to `limitTick`
   * (undefined = market), emits one aggTrade per level and returns the fills.
   */
  takeLiquidity(
    takerBuy: boolean,
    units: number,
    limitTick: number | undefined,
    time: number,
    liquidation = false,
  ): TakerFill[] {
    const makerSide: Side = takerBuy ? ASK : BID;
    const side = this.book.sides[makerSide];
    const fills: TakerFill[] = [];
    let remaining = units;
    while (remaining > 0) {
      const tick = side.ticks[0];
      if (tick === undefined) break;
      if (limitTick !== undefined && (takerBuy ? tick > limitTick : tick < limitTick)) break;
      const available = side.qty.get(tick) as number;
      const qty = Math.min(available, remaining);
      this.makerFills?.(makerSide, tick, qty, time);
      this.book.consume(makerSide, tick, qty);
      remaining -= qty;
      fills.push({ tick, qty });
      this.print(tick, qty, time, !takerBuy, liquidation);
    }
    // Self-excitation per aggressor, not per level printed: a sweep is one order (its own burst adds more).
    if (fills.length > 0) this.excitation += 1.2;
    return fills;
  }

  /** SweepHost: mean taker volume per second in the current regime and episode (units). */
  flowUnitsPerSecond(): number {
    // Sizes are log-normal (median typicalUnits, σ 1.1): mean = median · e^(σ²/2).
    return this.baseRate * this.price.flowMultiplier() * this.spec.typicalUnits * Math.exp(0.605);
  }

  /** SweepHost: makers re-quote one side around fair at once (after a continuation run). */
  requote(side: number): void {
    requoteSide(this.book, this.rng, side as Side, this.price.fair, 1, this.spec.typicalUnits, this.episodes.lean);
  }

  /** SweepHost: one aggressor through the book with a fixed open/close share; the last tick it reached. */
  sweep(
    takerBuy: boolean,
    units: number,
    limitTick: number | undefined,
    time: number,
    oiShare: number,
  ): number | undefined {
    this.oiShare = oiShare;
    const fills = this.takeLiquidity(takerBuy, units, limitTick, time);
    this.oiShare = undefined;
    return fills[fills.length - 1]?.tick;
  }

  private print(tick: number, qty: number, time: number, buyerMaker: boolean, liquidation: boolean): void {
    // One aggregate may hide several maker orders at that price: 1-3 trade ids.
    const fills = Math.min(qty, 1 + (qty % 3));
    const t: AggTradePrint = {
      aggId: this.aggId++,
      firstId: this.tradeId,
      lastId: this.tradeId + fills - 1,
      priceTick: tick,
      qtyUnits: qty,
      time,
      buyerMaker,
      liquidation,
    };
    this.tradeId += fills;
    this.lastTradeTick = tick;
    this.trades.push(t);
    const quote = qty * this.spec.stepSize * tick * this.spec.tickSize;
    this.klines.trade(tick, qty, quote, t.lastId, !buyerMaker);
    // Open interest follows positioning: pushes open, absorptions and liquidations close (flow-episodes.ts).
    const share = liquidation ? -1 : (this.oiShare ?? this.episodes.openShare(!buyerMaker));
    this.openInterest = Math.max(this.spec.typicalUnits * 1000, this.openInterest + qty * share);
    this.sink.aggTrade(this.spec.symbol, Math.max(time, this.time), t);
  }

  private randomTaker(time: number): void {
    const mid = this.midTick();
    // Informed takers lean toward fair, measured against its per-step noise (else on a fine tick grid the
    // noise of fair alone decides every side); episodes add their one-sidedness on top.
    const noise = 0.75 + this.price.volTicks() * Math.sqrt(STEP_MS / 1000);
    const pull = Math.max(-2, Math.min(2, (this.price.fair - mid) / noise)) + this.episodes.takerShift(time);
    const takerBuy = this.rng.next() < 1 / (1 + Math.exp(-pull));
    const units = Math.max(1, Math.round(this.rng.logNormal(this.spec.typicalUnits, 1.1)));
    this.takeLiquidity(takerBuy, units, undefined, time);
  }

  /** Fast moves liquidate the wrong side; each liquidation pushes price further (cascades). */
  private maybeLiquidate(time: number): void {
    if (time % 1000 === 0) {
      this.fairHistory.push(this.price.fair);
      if (this.fairHistory.length > 5) this.fairHistory.shift();
      if (this.pendingForce) {
        // forceOrder carries at most the latest liquidation per symbol per second.
        this.sink.forceOrder(this.spec.symbol, time, this.pendingForce);
        this.pendingForce = undefined;
      }
    }
    const past = this.fairHistory[0];
    if (past === undefined) return;
    const move = this.price.fair - past;
    const threshold = 2.5 * this.price.volTicks() * Math.sqrt(5);
    const chance = Math.abs(move) > threshold ? 0.08 : 0.0003;
    if (!this.rng.chance(chance)) return;
    const takerBuy = move > 0; // shorts are squeezed in a rally, longs liquidated in a drop
    const units = Math.max(1, Math.round(this.rng.logNormal(this.spec.typicalUnits * 3, 0.8)));
    const best = (takerBuy ? this.book.bestAsk() : this.book.bestBid()) ?? Math.round(this.price.fair);
    const limitTick = takerBuy ? Math.ceil(best * 1.005) : Math.floor(best * 0.995);
    const fills = this.takeLiquidity(takerBuy, units, limitTick, time, true);
    let filled = 0;
    let notional = 0;
    for (const f of fills) {
      filled += f.qty;
      notional += f.qty * f.tick;
    }
    if (filled === 0) return;
    this.pendingForce = {
      side: takerBuy ? 'BUY' : 'SELL',
      qtyUnits: filled,
      limitTick,
      avgTick: notional / filled,
      time,
    };
    this.price.kick((takerBuy ? 1 : -1) * (1 + this.rng.int(3)));
  }

  private levelChanged(side: Side, tick: number, qty: number): void {
    const id = ++this.updateId;
    this.lastChangeId = id;
    const ask = side === ASK;
    for (const c of this.cadences) c.record(ask, tick, qty, id);
  }

  private flushDepth(t: number): void {
    for (let i = 0; i < this.cadences.length; i++) {
      const c = this.cadences[i] as DepthCadence;
      const period = DEPTH_CADENCES_MS[i] as number;
      if (period > 0 && t % period !== 0) continue;
      if (!c.hasChanges()) continue;
      const first = c.firstId;
      const last = c.lastId;
      const prev = c.prevLastId;
      const { bids, asks } = c.drain();
      this.sink.depth(this.spec.symbol, i, t, first, last, prev, bids, asks);
    }
  }

  private flushBookTicker(t: number): void {
    const bb = this.book.bestBid() ?? 0;
    const ba = this.book.bestAsk() ?? 0;
    const bq = this.book.qtyAt(BID, bb);
    const aq = this.book.qtyAt(ASK, ba);
    const l = this.lastBook;
    if (l[0] === bb && l[1] === bq && l[2] === ba && l[3] === aq) return;
    l[0] = bb;
    l[1] = bq;
    l[2] = ba;
    l[3] = aq;
    this.sink.bookTicker(this.spec.symbol, this.lastChangeId, t);
  }

  private updateMark(t: number): void {
    const mid = this.midTick();
    this.markTick += (mid - this.markTick) * 0.2;
    // Index lags the perp slightly; the premium drives funding.
    this.indexTick += (this.price.fair - this.indexTick) * 0.05;
    const premium = (this.markTick - this.indexTick) / this.indexTick;
    this.premiumEma += (premium - this.premiumEma) * 0.01;
    this.fundingRate = Math.max(-0.003, Math.min(0.003, 0.0001 + this.premiumEma));
    if (t % 1000 === 0) this.sink.markPrice(this.spec.symbol, t, t % 3000 === 0);
  }
}
