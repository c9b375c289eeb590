/**
 * Sweep-Fade: an aggressive burst (|Delta Z| ≥ burstZ, ≥ minLevels price levels consumed) runs through the
 * range extreme; within holdLimitMs price is back inside the range while CVD stops confirming (little
 * follow-through = divergence, or heavy follow-through without a new extreme = absorption) and OBI turns
 * against the sweep → fade it with a LIMIT inside the range. A state machine over the ordered trades and the
 * MarketView: no clock, no I/O, numbers-only state (hashed, snapshotted). One signal per sweep (setup).
 */
import type { StateHasher } from '../state-hash.js';
import { atrOr, type MarketView } from './market-view.js';
import { bitCount, clamp01, decisionIdFor, failedNames, round, type StrategySink } from './strategy-output.js';
import type { SweepFadeParams } from './strategy-params.js';

/** Condition names (bit i = CONDITIONS[i]) as they appear in near-miss records. */
export const SWEEP_CONDITIONS = ['break', 'burst', 'levels', 'returned', 'cvd', 'obi', 'cooldown'] as const;
const BREAK = 1;
const BURST = 2;
const LEVELS = 4;
const RETURNED = 8;
const CVD = 16;
const OBI = 32;
const COOLDOWN = 64;
/** A burst that stopped short of the extreme by at most this many ATRs still counts as close. */
const NEAR_BREAK_ATR = 0.1;
/** A burst at ≥ this share of burstZ (or one level short) counts as close; ordinary flow does not. */
const NEAR_BURST = 0.75;

export type SweepFadeData = number[];

export class SweepFade {
  // Current burst (same-side aggression): side 0 = none.
  private bSide = 0;
  private bStart = 0;
  private bLast = 0;
  private bFirst = 0;
  private bPrev = 0;
  private bExtreme = 0;
  private bLevels = 0;
  private bDelta = 0;
  private bZ = 0;
  private bRefHigh = 0;
  private bRefLow = 0;
  // Armed setup (a sweep through the extreme): side 0 = none.
  private side = 0;
  private start = 0;
  private extreme = 0;
  private extremeMoved = 0;
  private refHigh = 0;
  private refLow = 0;
  private delta = 0;
  private z = 0;
  private levels = 0;
  private cvdAtEnd = 0;
  // Best evaluation of the armed setup (fewest failed conditions, latest wins ties), for its near-miss record.
  private bestFailed = 0;
  private bestTs = 0;
  private bestPrice = 0;
  private bestFollow = 0;
  private bestObi = 0;
  /** Setup start of the last signal: that sweep never fires again. */
  private consumed = -1;
  /** Exchange time of the last signal, −1 before the first (JSON-safe, unlike −Infinity). */
  private lastFire = -1;

  constructor(public params: SweepFadeParams) {}

  get lastFireTs(): number {
    return this.lastFire;
  }

  private cooling(ts: number): boolean {
    return this.lastFire >= 0 && ts - this.lastFire < this.params.cooldownMs;
  }

  get armed(): number {
    return this.side;
  }

  /** Book out of sync or backfill pending: forget bursts and setups (their numbers are not trustworthy). */
  reset(): void {
    this.bSide = 0;
    this.side = 0;
  }

  /** A trade, with `v.sweepHigh/Low` still the range before it. */
  onTrade(v: MarketView, price: number, qty: number, sign: number, out: StrategySink): void {
    const ts = v.ts;
    if (this.bSide !== 0 && (sign !== this.bSide || ts - this.bLast > this.params.burstGapMs)) this.endBurst(v, out);
    if (this.bSide === 0) {
      this.bSide = sign;
      this.bStart = ts;
      this.bFirst = price;
      this.bPrev = price;
      this.bExtreme = price;
      this.bLevels = 1;
      this.bDelta = 0;
      this.bZ = 0;
      this.bRefHigh = v.sweepHigh;
      this.bRefLow = v.sweepLow;
    } else if (sign * (price - this.bPrev) > 0) {
      this.bLevels++;
      this.bPrev = price;
      if (sign * (price - this.bExtreme) > 0) this.bExtreme = price;
    }
    this.bLast = ts;
    this.bDelta += sign * qty;
    const z = sign * v.zLive;
    if (z > this.bZ) this.bZ = z;
  }

  /** After every event: close a burst that went quiet, then judge the armed setup. */
  evaluate(v: MarketView, out: StrategySink): void {
    if (this.bSide !== 0 && v.ts - this.bLast > this.params.burstGapMs) this.endBurst(v, out);
    if (this.side === 0) return;
    const p = this.params;
    const d = this.side;
    if (v.ts - this.start > p.holdLimitMs) {
      this.expire(out);
      return;
    }
    if (d * (v.price - this.extreme) > 0) {
      this.extreme = v.price;
      this.extremeMoved = 1;
    }
    let failed = 0;
    if (!(d > 0 ? v.price < this.refHigh : v.price > this.refLow)) failed |= RETURNED;
    const follow = (d * (v.cvd - this.cvdAtEnd)) / Math.abs(this.delta);
    if (!(follow <= p.maxFollowThrough || (follow >= p.absorptionRatio && this.extremeMoved === 0))) failed |= CVD;
    if (!(d * v.obi <= -p.obiAgainst)) failed |= OBI;
    if (failed === 0 && this.cooling(v.ts)) failed = COOLDOWN;
    if (failed === 0) {
      this.fire(v, follow, out);
      return;
    }
    if (bitCount(failed) <= bitCount(this.bestFailed)) {
      this.bestFailed = failed;
      this.bestTs = v.ts;
      this.bestPrice = v.price;
      this.bestFollow = follow;
      this.bestObi = v.obi;
    }
  }

  private endBurst(v: MarketView, out: StrategySink): void {
    const s = this.bSide;
    this.bSide = 0;
    const p = this.params;
    const ref = s > 0 ? this.bRefHigh : this.bRefLow;
    let failed = 0;
    if (!(s * (this.bFirst - ref) <= 0 && s * (this.bExtreme - ref) > 0)) failed |= BREAK;
    if (!(this.bZ >= p.burstZ)) failed |= BURST;
    if (!(this.bLevels >= p.minLevels)) failed |= LEVELS;
    if (failed === 0) {
      if (this.bStart !== this.consumed) this.arm(v, s);
      return;
    }
    // Close: one arming condition missing — and for a missed break, the burst got near the extreme.
    if (bitCount(failed) !== 1) return;
    const atr = atrOr(v.atr, this.bRefHigh, this.bRefLow);
    if (failed === BREAK && !(s * (this.bExtreme - ref) >= -NEAR_BREAK_ATR * atr)) return;
    if (failed === BURST && !(this.bZ >= NEAR_BURST * p.burstZ)) return;
    if (failed === LEVELS && !(this.bLevels >= p.minLevels - 1)) return;
    if (!out.wantNearMiss('sweepFade', v.ts)) return;
    out.nearMiss({
      type: 'near-miss',
      symbol: out.symbol,
      strategy: 'sweepFade',
      ts: v.ts,
      setupStart: this.bStart,
      failed: failedNames(failed, SWEEP_CONDITIONS),
      values: {
        stage: 'sweep',
        side: s > 0 ? 'up' : 'down',
        rangeHigh: round(this.bRefHigh),
        rangeLow: round(this.bRefLow),
        burstFirst: round(this.bFirst),
        burstExtreme: round(this.bExtreme),
        burstZ: round(this.bZ, 3),
        burstZMin: p.burstZ,
        levels: this.bLevels,
        minLevels: p.minLevels,
        burstDelta: round(this.bDelta, 6),
      },
    });
  }

  private arm(v: MarketView, s: number): void {
    if (this.side === s) {
      // A second sweep the same way while armed: the same setup pushed further (keeps its range and start).
      if (s * (this.bExtreme - this.extreme) > 0) this.extreme = this.bExtreme;
      this.extremeMoved = 1;
      return;
    }
    this.side = s;
    this.start = this.bStart;
    this.extreme = this.bExtreme;
    this.extremeMoved = 0;
    this.refHigh = this.bRefHigh;
    this.refLow = this.bRefLow;
    this.delta = this.bDelta;
    this.z = this.bZ;
    this.levels = this.bLevels;
    this.cvdAtEnd = v.cvd;
    this.bestFailed = 0x7f;
  }

  private expire(out: StrategySink): void {
    const failed = this.bestFailed;
    this.side = 0;
    if (bitCount(failed) !== 1 || !out.wantNearMiss('sweepFade', this.bestTs)) return;
    out.nearMiss({
      type: 'near-miss',
      symbol: out.symbol,
      strategy: 'sweepFade',
      ts: this.bestTs,
      setupStart: this.start,
      failed: failedNames(failed, SWEEP_CONDITIONS),
      values: this.values(this.bestPrice, this.bestFollow, this.bestObi, Number.NaN),
    });
  }

  private values(price: number, follow: number, obi: number, atr: number): Record<string, number | string | null> {
    return {
      stage: 'fade',
      sweep: this.extremeSide(),
      rangeHigh: round(this.refHigh),
      rangeLow: round(this.refLow),
      sweepExtreme: round(this.extreme),
      burstZ: round(this.z, 3),
      levels: this.levels,
      sweepDelta: round(this.delta, 6),
      price: round(price),
      followThrough: round(follow, 3),
      obi: round(obi, 3),
      atr: round(atr),
    };
  }

  private extremeSide(): string {
    return this.side > 0 ? 'high' : 'low';
  }

  private fire(v: MarketView, follow: number, out: StrategySink): void {
    const p = this.params;
    const d = this.side;
    const atr = atrOr(v.atr, this.refHigh, this.refLow);
    const ask = Number.isFinite(v.ask) ? v.ask : v.price;
    const bid = Number.isFinite(v.bid) ? v.bid : v.price;
    // Fade: SELL a swept high from the ask but never above the old high; BUY a swept low mirrored.
    const entry = d > 0 ? Math.min(ask, this.refHigh) : Math.max(bid, this.refLow);
    const invalidation = this.extreme + d * p.invalidationAtr * atr;
    const mid = (this.refHigh + this.refLow) / 2;
    const target = d > 0 ? Math.max(mid, entry - p.targetAtr * atr) : Math.min(mid, entry + p.targetAtr * atr);
    const back = d > 0 ? this.refHigh - v.price : v.price - this.refLow;
    const strength = (clamp01(this.z / (2 * p.burstZ)) + clamp01(-d * v.obi) + clamp01(back / atr)) / 3;
    const level = d > 0 ? this.refHigh : this.refLow;
    const how =
      follow <= p.maxFollowThrough
        ? `CVD follow-through ${round(follow, 2)}`
        : `absorbed (follow-through ${round(follow, 2)})`;
    const reason =
      `swept the ${p.rangeBars}-bar ${this.extremeSide()} ${round(level)} on a z=${round(this.z, 1)} ` +
      `${d > 0 ? 'buy' : 'sell'} burst (${this.levels} levels) to ${round(this.extreme)}, back inside at ${round(v.price)}; ` +
      `${how}, OBI ${round(v.obi, 2)} → fade ${d > 0 ? 'SELL' : 'BUY'}`;
    this.consumed = this.start;
    this.lastFire = v.ts;
    this.side = 0;
    out.signal({
      strategy: 'sweepFade',
      symbol: out.symbol,
      ts: v.ts,
      setupStart: this.start,
      decisionId: decisionIdFor(out.symbol, 'sweepFade', this.start),
      side: d > 0 ? 'SELL' : 'BUY',
      entry,
      invalidation,
      target,
      strength: round(strength, 3) ?? 0,
      reason,
      quantity: p.quantity,
      metrics: this.values(v.price, follow, v.obi, atr),
    });
  }

  hashInto(h: StateHasher): void {
    h.tag('sweepFade');
    for (const x of this.toData()) h.num(x);
  }

  toData(): SweepFadeData {
    return [
      this.bSide,
      this.bStart,
      this.bLast,
      this.bFirst,
      this.bPrev,
      this.bExtreme,
      this.bLevels,
      this.bDelta,
      this.bZ,
      this.bRefHigh,
      this.bRefLow,
      this.side,
      this.start,
      this.extreme,
      this.extremeMoved,
      this.refHigh,
      this.refLow,
      this.delta,
      this.z,
      this.levels,
      this.cvdAtEnd,
      this.bestFailed,
      this.bestTs,
      this.bestPrice,
      this.bestFollow,
      this.bestObi,
      this.consumed,
      this.lastFire,
    ];
  }

  load(d: SweepFadeData): void {
    [
      this.bSide,
      this.bStart,
      this.bLast,
      this.bFirst,
      this.bPrev,
      this.bExtreme,
      this.bLevels,
      this.bDelta,
      this.bZ,
      this.bRefHigh,
      this.bRefLow,
      this.side,
      this.start,
      this.extreme,
      this.extremeMoved,
      this.refHigh,
      this.refLow,
      this.delta,
      this.z,
      this.levels,
      this.cvdAtEnd,
      this.bestFailed,
      this.bestTs,
      this.bestPrice,
      this.bestFollow,
      this.bestObi,
      this.consumed,
      this.lastFire,
    ] = d as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
  }
}
