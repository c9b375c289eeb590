/**
 * Imbalance-Breakout: OBI beyond ±obiThreshold and the flow z (summed delta of the last few Delta Z intervals)
 * of the same sign, without a break for minPersistMs; open interest rising (new positions) once OI is known
 * (`requireOi` to wait for it); price outside the range of the last closed bars → follow the break with a
 * LIMIT at the touch. A state machine over the
 * MarketView (no clock, no I/O, numbers-only state). One signal per agreement episode (the setup).
 */
import type { StateHasher } from '../state-hash.js';
import { atrOr, type MarketView } from './market-view.js';
import { bitCount, clamp01, decisionIdFor, failedNames, round, type StrategySink } from './strategy-output.js';
import type { ImbalanceBreakoutParams } from './strategy-params.js';

export const BREAKOUT_CONDITIONS = ['obi', 'flow', 'persist', 'oi', 'break', 'cooldown'] as const;
const OBI = 1;
const FLOW = 2;
const PERSIST = 4;
const OI = 8;
const BREAK = 16;
const COOLDOWN = 32;
/** The same near miss (same failed condition, same side) is logged once per this much exchange time. */
const REPEAT_MS = 30_000;

export type ImbalanceBreakoutData = number[];

export class ImbalanceBreakout {
  /** Side OBI and flow agree on (0 none) and since when. */
  private agreeSide = 0;
  private agreeSince = 0;
  /** The episode ran out of agreement without persisting while all else held: logged when it ends. */
  private persistMissTs = -1;
  private persistMissMs = 0;
  /** agreeSince of the last signal: that episode never fires again. */
  private consumed = -1;
  private lastFire = -1;
  private lastMissMask = 0;
  private lastMissSide = 0;
  private lastMissTs = -1;

  constructor(public params: ImbalanceBreakoutParams) {}

  get lastFireTs(): number {
    return this.lastFire;
  }

  get agreeing(): number {
    return this.agreeSide;
  }

  reset(): void {
    this.agreeSide = 0;
    this.persistMissTs = -1;
  }

  evaluate(v: MarketView, out: StrategySink): void {
    const p = this.params;
    const obiSide = v.obi >= p.obiThreshold ? 1 : v.obi <= -p.obiThreshold ? -1 : 0;
    const flowSide = v.flowZ >= p.flowZ ? 1 : v.flowZ <= -p.flowZ ? -1 : 0;
    if (obiSide !== 0 && obiSide === flowSide) {
      if (this.agreeSide !== obiSide) {
        this.endEpisode(v, out);
        this.agreeSide = obiSide;
        this.agreeSince = v.ts;
      }
    } else if (this.agreeSide !== 0) {
      this.endEpisode(v, out);
      this.agreeSide = 0;
    }
    const above = v.price > v.breakHigh;
    const below = v.price < v.breakLow;
    const s = this.agreeSide || (above ? 1 : below ? -1 : 0) || obiSide || flowSide;
    if (s === 0) return;
    let failed = 0;
    if (!(s * v.obi >= p.obiThreshold)) failed |= OBI;
    if (!(s * v.flowZ >= p.flowZ)) failed |= FLOW;
    // Persistence is only its own failure when OBI and flow do agree (else they are the cause).
    const persistedMs = this.agreeSide === s ? v.ts - this.agreeSince : 0;
    if (failed === 0 && persistedMs < p.minPersistMs) failed |= PERSIST;
    // Unknown OI (no poll spans the lookback yet, or a tape without OI) is not a failure unless asked for.
    if (Number.isNaN(v.oiChangePct) ? p.requireOi : !(v.oiChangePct >= p.minOiChangePct)) failed |= OI;
    if (!(s > 0 ? above : below)) failed |= BREAK;
    if (failed === 0 && this.agreeSince === this.consumed) return; // this episode already fired
    if (failed === 0 && this.cooling(v.ts)) failed = COOLDOWN;
    if (failed === 0) {
      this.fire(v, s, persistedMs, out);
      return;
    }
    if (bitCount(failed) !== 1) return;
    if (failed === PERSIST) {
      // Normal on the way to a signal: only a near miss if the agreement ends before it persists.
      this.persistMissTs = v.ts;
      this.persistMissMs = persistedMs;
      return;
    }
    this.nearMiss(v, s, failed, persistedMs, out);
  }

  private cooling(ts: number): boolean {
    return this.lastFire >= 0 && ts - this.lastFire < this.params.cooldownMs;
  }

  private endEpisode(v: MarketView, out: StrategySink): void {
    if (this.persistMissTs >= 0 && this.agreeSince !== this.consumed) {
      this.nearMiss(v, this.agreeSide, PERSIST, this.persistMissMs, out);
    }
    this.persistMissTs = -1;
  }

  private nearMiss(v: MarketView, s: number, failed: number, persistedMs: number, out: StrategySink): void {
    if (failed === this.lastMissMask && s === this.lastMissSide && v.ts - this.lastMissTs < REPEAT_MS) return;
    if (!out.wantNearMiss('imbalanceBreakout', v.ts)) return;
    this.lastMissMask = failed;
    this.lastMissSide = s;
    this.lastMissTs = v.ts;
    out.nearMiss({
      type: 'near-miss',
      symbol: out.symbol,
      strategy: 'imbalanceBreakout',
      ts: v.ts,
      setupStart: this.agreeSide === s ? this.agreeSince : v.ts,
      failed: failedNames(failed, BREAKOUT_CONDITIONS),
      values: this.values(v, s, persistedMs),
    });
  }

  private values(v: MarketView, s: number, persistedMs: number): Record<string, number | string | null> {
    const p = this.params;
    return {
      side: s > 0 ? 'up' : 'down',
      obi: round(v.obi, 3),
      obiThreshold: p.obiThreshold,
      flowZ: round(v.flowZ, 3),
      flowZMin: p.flowZ,
      persistedMs,
      minPersistMs: p.minPersistMs,
      oiChangePct: round(v.oiChangePct, 4),
      minOiChangePct: p.minOiChangePct,
      price: round(v.price),
      rangeHigh: round(v.breakHigh),
      rangeLow: round(v.breakLow),
      atr: round(v.atr),
    };
  }

  private fire(v: MarketView, s: number, persistedMs: number, out: StrategySink): void {
    const p = this.params;
    const atr = atrOr(v.atr, v.breakHigh, v.breakLow);
    const bid = Number.isFinite(v.bid) ? v.bid : v.price;
    const ask = Number.isFinite(v.ask) ? v.ask : v.price;
    // Join the touch on the break's side (a passive LIMIT; risk sends it GTX/GTC).
    const entry = s > 0 ? bid : ask;
    const invalidation = s > 0 ? v.breakHigh - p.invalidationAtr * atr : v.breakLow + p.invalidationAtr * atr;
    const target = entry + s * p.targetAtr * atr;
    const oiKnown = !Number.isNaN(v.oiChangePct);
    // Unknown OI leaves its term out of the mean rather than counting it as weak or strong.
    const strength =
      (clamp01(Math.abs(v.obi) / (2 * p.obiThreshold)) +
        clamp01(Math.abs(v.flowZ) / (2 * p.flowZ)) +
        (oiKnown ? clamp01(p.minOiChangePct > 0 ? v.oiChangePct / (4 * p.minOiChangePct) : 1) : 0)) /
      (oiKnown ? 3 : 2);
    const level = s > 0 ? v.breakHigh : v.breakLow;
    const reason =
      `broke the ${p.rangeBars}-bar ${s > 0 ? 'high' : 'low'} ${round(level)} at ${round(v.price)}: OBI ${round(v.obi, 2)} ` +
      `and flow z ${round(v.flowZ, 1)} agree for ${round(persistedMs / 1000, 1)} s, ` +
      (oiKnown ? `OI ${round(v.oiChangePct, 2)}% over ${p.oiLookbackMs / 1000} s` : 'OI not known yet') +
      ` → follow ${s > 0 ? 'BUY' : 'SELL'}`;
    this.consumed = this.agreeSince;
    this.lastFire = v.ts;
    out.signal({
      strategy: 'imbalanceBreakout',
      symbol: out.symbol,
      ts: v.ts,
      setupStart: this.agreeSince,
      decisionId: decisionIdFor(out.symbol, 'imbalanceBreakout', this.agreeSince),
      side: s > 0 ? 'BUY' : 'SELL',
      entry,
      invalidation,
      target,
      strength: round(strength, 3) ?? 0,
      reason,
      quantity: p.quantity,
      metrics: this.values(v, s, persistedMs),
    });
  }

  hashInto(h: StateHasher): void {
    h.tag('imbalanceBreakout');
    h.num(this.agreeSide).num(this.agreeSince).num(this.persistMissTs).num(this.persistMissMs).num(this.consumed);
    h.num(this.lastFire).num(this.lastMissMask).num(this.lastMissSide).num(this.lastMissTs);
  }

  toData(): ImbalanceBreakoutData {
    return [
      this.agreeSide,
      this.agreeSince,
      this.persistMissTs,
      this.persistMissMs,
      this.consumed,
      this.lastFire,
      this.lastMissMask,
      this.lastMissSide,
      this.lastMissTs,
    ];
  }

  load(d: ImbalanceBreakoutData): void {
    [
      this.agreeSide,
      this.agreeSince,
      this.persistMissTs,
      this.persistMissMs,
      this.consumed,
      this.lastFire,
      this.lastMissMask,
      this.lastMissSide,
      this.lastMissTs,
    ] = d as [number, number, number, number, number, number, number, number, number];
  }
}
