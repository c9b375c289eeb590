/**
 * Sweeps: stop runs just beyond the recent range extremes, and the odd large market order anywhere. A run
 * walks the book 0.3–0.9 ATR in one burst, then either continues (a breakout push) or is absorbed and reverts.
 */
import { ABSORB, type FlowEpisodes } from './flow-episodes.js';
import type { KlineSet } from './klines.js';
import { ASK, BID, type OrderBook } from './order-book.js';
import type { PriceProcess } from './price-process.js';
import type { Rng } from './rng.js';

/**
 * Magnitudes (real-market behaviour they model):
 * - Stops rest just beyond obvious levels — here the high/low of the last 15 one-minute bars. When the touch
 *   is within 0.2 ATR of such an extreme and fair presses toward it, a run triggers with ~10 %/s (so most
 *   approaches do not trigger one); at most one run per 20 s per symbol.
 * - A run is a cascade of stop-market orders: it takes every level up to 0.3–0.9 ATR beyond the touch (and at
 *   least a few ticks past the extreme) within one step, as cascades fill within ~100 ms.
 * - Outcome: continuation more often in a trending regime with the run (60 %) than against it or in a quiet or
 *   volatile market (35–40 %). A continuation leaves fair beyond the extreme and starts a 15–45 s push; an
 *   absorbed run pulls fair back 0.1–0.4 ATR inside the range within a few seconds, the book turning against it.
 * - Makers pull most quotes in the cascade's path as the stops trigger: the run prints 8–30 s worth of average
 *   taker volume (a BTC stop run of 0.1–0.3 % prints ~$5–30M against ~$1M/s), not the whole resting depth.
 * - After a continuation, makers re-quote both sides around the new price within ~100 ms, leaning with the break.
 * - Stops are half short covering, half breakout entries: the run itself leaves OI about unchanged.
 * - Besides runs, a large market order through 3–8 levels at a random moment (rarer than before: 0.02–0.1 %/step).
 */
const RANGE_BARS = 15;
const ATR_BARS = 14;
const NEAR_ATR = 0.2;
const RUN_CHANCE_PER_STEP = 0.005;
const MIN_GAP_MS = 20_000;

export interface SweepHost {
  readonly book: OrderBook;
  readonly price: PriceProcess;
  readonly klines: KlineSet;
  readonly episodes: FlowEpisodes;
  /** Mean taker volume per second right now (units), the scale of a cascade. */
  flowUnitsPerSecond(): number;
  /** Makers re-quote the `side` of the book around its new touch at once (after a run moved it). */
  requote(side: number): void;
  /** Takes liquidity as one aggressor; `oiShare` overrides the open/close share of its prints. */
  sweep(
    takerBuy: boolean,
    units: number,
    limitTick: number | undefined,
    time: number,
    oiShare: number,
  ): number | undefined;
}

export class StopRuns {
  private lastRun = -1;
  rangeHigh = 0;
  rangeLow = 0;
  atr = 0;
  /** 1m bars from before the market started (the venue's backfill history), oldest first. */
  prior: Array<{ h: number; l: number; n: number }> = [];

  constructor(private readonly rng: Rng) {}

  /** Returns true when a sweep happened this step (the caller adds the excitation of the burst). */
  step(h: SweepHost, time: number): boolean {
    this.measure(h);
    if (this.lastRun >= 0 && time - this.lastRun < MIN_GAP_MS) return false;
    const ask = h.book.bestAsk();
    const bid = h.book.bestBid();
    if (ask === undefined || bid === undefined) return false;
    const near = NEAR_ATR * this.atr;
    const fair = h.price.fair;
    const mid = (ask + bid) / 2;
    const upNear = ask <= this.rangeHigh && this.rangeHigh - ask <= near && fair >= mid;
    const downNear = bid >= this.rangeLow && bid - this.rangeLow <= near && fair <= mid;
    if ((upNear || downNear) && this.rng.chance(RUN_CHANCE_PER_STEP)) {
      const dir = upNear && downNear ? (this.rangeHigh - ask <= bid - this.rangeLow ? 1 : -1) : upNear ? 1 : -1;
      return this.run(h, time, dir, ask, bid);
    }
    const p = h.price.regime === 'quiet' ? 0.0002 : h.price.regime === 'trending' ? 0.0005 : 0.001;
    if (this.rng.chance(p)) return this.randomSweep(h, time);
    return false;
  }

  /** Range of the last RANGE_BARS 1m bars (current included) and the mean bar range as ATR, in ticks. */
  private measure(h: SweepHost): void {
    const cur = h.klines.get('1m');
    const live = h.klines.closed1m;
    const closed = live.length >= RANGE_BARS ? live : [...this.prior.slice(-RANGE_BARS), ...live];
    let hi = cur.n > 0 ? cur.h : cur.c;
    let lo = cur.n > 0 ? cur.l : cur.c;
    for (let i = Math.max(0, closed.length - (RANGE_BARS - 1)); i < closed.length; i++) {
      const b = closed[i];
      if (!b || b.n === 0) continue;
      if (b.h > hi) hi = b.h;
      if (b.l < lo) lo = b.l;
    }
    let sum = 0;
    let n = 0;
    for (let i = Math.max(0, closed.length - ATR_BARS); i < closed.length; i++) {
      const b = closed[i];
      if (b && b.n > 0) {
        sum += b.h - b.l;
        n++;
      }
    }
    // Before a few bars closed: the expected 1m range of the latent process (≈1.6 σ√60).
    const model = 1.6 * h.price.volTicks() * Math.sqrt(60);
    this.atr = n >= 3 ? sum / n : model;
    this.rangeHigh = hi;
    this.rangeLow = lo;
  }

  private run(h: SweepHost, time: number, dir: number, ask: number, bid: number): boolean {
    const rng = this.rng;
    const travel = Math.max(3, Math.round((0.3 + 0.6 * rng.next()) * this.atr));
    const extreme = dir > 0 ? Math.max(this.rangeHigh + 2, ask + travel) : Math.min(this.rangeLow - 2, bid - travel);
    // Makers see the stops trigger and pull most of their quotes ahead of the cascade (the book thins out
    // before the move: "air pockets"); what is left prints as the run, 8–30 s worth of average volume.
    pullAhead(h.book, dir, extreme, (8 + 22 * rng.next()) * h.flowUnitsPerSecond());
    const units = unitsUpTo(h.book, dir, extreme);
    const reached = h.sweep(dir > 0, units, extreme, time, 0.08 * (rng.next() - 0.5));
    if (reached === undefined) return false;
    this.lastRun = time;
    const trendWith = h.price.regime === 'trending' && Math.sign(h.price.drift) === dir;
    const pContinue = trendWith ? 0.6 : h.price.regime === 'trending' ? 0.35 : 0.4;
    if (rng.chance(pContinue)) {
      // Fair jumps to the run's extreme and keeps going: stops cleared, breakout traders pile in.
      h.price.kick(reached - h.price.fair + dir * 0.1 * this.atr);
      h.episodes.startPush(time, dir, 15_000 + rng.int(30_000), true);
      // The makers re-quote around the new price at once, the book leaning with the break (the levels just
      // beyond the run are now the touch: sized as such, not as the deep levels they were).
      h.requote(dir > 0 ? ASK : BID);
      h.requote(dir > 0 ? BID : ASK);
    } else {
      const level = dir > 0 ? this.rangeHigh : this.rangeLow;
      h.episodes.startAbsorb(time, dir, level - dir * (0.1 + 0.3 * rng.next()) * this.atr);
    }
    return true;
  }

  /** A large market order through 3–8 levels: continues or is absorbed like a run, but without a push. */
  private randomSweep(h: SweepHost, time: number): boolean {
    const rng = this.rng;
    const dir = rng.chance(0.5) ? 1 : -1;
    const levels = 3 + rng.int(6);
    const top = h.book.top(dir > 0 ? ASK : BID, levels);
    const last = top[top.length - 1];
    if (!last) return false;
    const reached = h.sweep(dir > 0, unitsUpTo(h.book, dir, last[0]), last[0], time, 0);
    if (reached === undefined) return false;
    if (h.episodes.kind !== ABSORB && rng.chance(0.5)) h.price.kick(reached - h.price.fair + dir * levels * 0.5);
    else h.price.kick(-dir * levels * 0.3);
    return true;
  }
}

/** Thins the levels a `dir` run will take (touch up to `limit`) proportionally to about `budget` units. */
function pullAhead(book: OrderBook, dir: number, limit: number, budget: number): void {
  const side = dir > 0 ? ASK : BID;
  const total = unitsUpTo(book, dir, limit);
  if (total <= budget) return;
  const f = budget / total;
  const s = book.sides[side];
  const ticks: number[] = [];
  for (const tick of s.ticks) {
    if (dir > 0 ? tick > limit : tick < limit) break;
    ticks.push(tick);
  }
  for (const tick of ticks) book.setLevel(side, tick, Math.max(1, Math.round((s.qty.get(tick) as number) * f)));
}

/** Resting quantity on the side a `dir` taker hits, from the touch up to `limit` inclusive. */
function unitsUpTo(book: OrderBook, dir: number, limit: number): number {
  const s = book.sides[dir > 0 ? ASK : BID];
  let units = 0;
  for (const tick of s.ticks) {
    if (dir > 0 ? tick > limit : tick < limit) break;
    units += s.qty.get(tick) as number;
  }
  return units;
}
