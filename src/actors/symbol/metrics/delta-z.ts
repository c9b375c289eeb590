/**
 * Delta Z: signed aggressor quantity per interval (intervals aligned to multiples of `intervalMs` of trade
 * time). The published z scores the last COMPLETED interval against the `lookback` completed intervals before
 * it (not itself), with their mean and sample standard deviation (n − 1); the in-progress interval's delta is
 * published beside it, unscored. Intervals without trades count as delta 0. z is null below `minSamples`
 * preceding intervals or when their std is 0. An interval completes when a trade stamped in a later interval
 * arrives or a snapshot cut passes its end (`cutAt`); nothing else moves it (docs/telemetry.md, "Delta z").
 */
import type { Static } from '@sinclair/typebox';
import type { DeltaZBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';

export type DeltaZFigures = Static<typeof DeltaZBlock>;

export interface DeltaZData {
  index: number;
  current: number;
  /** Completed interval deltas, oldest first (at most lookback + 1). */
  completed: number[];
  /** Time up to which intervals may roll (the latest trade stamp or snapshot cut); absent in old snapshots. */
  frontier?: number;
}

export class DeltaZ {
  /** Index (time / intervalMs) of the in-progress interval; −1 before the first trade or cut. */
  private index = -1;
  private current = 0;
  /** Completed interval deltas, a ring of `lookback + 1`: the scored one and the `lookback` before it. */
  private readonly completed: Float64Array;
  private readonly cap: number;
  private head = 0;
  private count = 0;
  private frontier = 0;
  /** Mean and sample std of the newest `lookback` completed intervals (the strategies' reading of the
   * in-progress interval), recomputed once per roll, not per event. */
  private statMean = 0;
  private statStd = 0;
  private statN = 0;
  private statsDirty = true;

  constructor(
    readonly intervalMs: number,
    readonly lookback: number,
    public minSamples: number,
  ) {
    this.cap = lookback + 1;
    this.completed = new Float64Array(this.cap);
  }

  /** `ts` is the trade's stamp (its trade time, raised to the last cut: symbol-engine.ts `stamp`). */
  onTrade(ts: number, signedQty: number): void {
    if (ts > this.frontier) this.frontier = ts;
    this.roll(Math.floor(ts / this.intervalMs));
    this.current += signedQty;
  }

  /** A snapshot cut at `now`: every later trade is stamped ≥ now, so intervals ending at or before it are done. */
  cutAt(now: number): void {
    if (now > this.frontier) this.frontier = now;
    this.roll(Math.floor(now / this.intervalMs));
  }

  figures(now: number, minSamples: number = this.minSamples): DeltaZFigures {
    this.cutAt(now);
    const n = this.count;
    const last = n > 0 ? this.at(n - 1) : null;
    // The intervals before the scored one: positions 0 .. n−2 (at most `lookback` of them).
    const samples = n > 0 ? n - 1 : 0;
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += this.at(i);
    const mean = samples > 0 ? sum / samples : 0;
    let sq = 0;
    for (let i = 0; i < samples; i++) {
      const d = this.at(i) - mean;
      sq += d * d;
    }
    const std = samples > 1 ? Math.sqrt(sq / (samples - 1)) : 0;
    const z = last !== null && samples >= minSamples && std > 0 ? (last - mean) / std : null;
    return { intervalMs: this.intervalMs, delta: last, mean, std, z, samples, inProgress: this.current };
  }

  /** Moves to the interval holding `ts`, never past the frontier (trades may still come stamped below `ts`). */
  rollTo(ts: number): void {
    if (this.frontier === 0) return; // no trade or cut yet: nothing to align to
    this.roll(Math.floor(Math.min(ts, this.frontier) / this.intervalMs));
  }

  private stats(): void {
    if (!this.statsDirty) return;
    const from = Math.max(0, this.count - this.lookback);
    const n = this.count - from;
    let sum = 0;
    for (let i = from; i < this.count; i++) sum += this.at(i);
    const mean = n > 0 ? sum / n : 0;
    let sq = 0;
    for (let i = from; i < this.count; i++) {
      const d = this.at(i) - mean;
      sq += d * d;
    }
    this.statMean = mean;
    this.statStd = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
    this.statN = n;
    this.statsDirty = false;
  }

  /** z of the in-progress (partial) interval against the newest `lookback` completed: the strategies' live
   * reading, never published. NaN below minSamples or with zero std. */
  liveZ(): number {
    this.stats();
    return this.statN >= this.minSamples && this.statStd > 0
      ? (this.current - this.statMean) / this.statStd
      : Number.NaN;
  }

  /**
   * z of the delta summed over the last `k` intervals (the in-progress one and k−1 completed), against k
   * independent intervals: mean·k and std·√k. Persistent one-sided flow scores high; one print does not.
   */
  flowZ(k: number): number {
    this.stats();
    if (this.statN < this.minSamples || this.statStd <= 0) return Number.NaN;
    let sum = this.current;
    const m = Math.min(k - 1, this.count);
    for (let i = this.count - m; i < this.count; i++) sum += this.at(i);
    const n = m + 1;
    return (sum - this.statMean * n) / (this.statStd * Math.sqrt(n));
  }

  private at(i: number): number {
    return this.completed[(this.head + i) % this.cap] as number;
  }

  private push(delta: number): void {
    this.statsDirty = true;
    if (this.count < this.cap) {
      this.completed[(this.head + this.count) % this.cap] = delta;
      this.count++;
    } else {
      this.completed[this.head] = delta;
      this.head = (this.head + 1) % this.cap;
    }
  }

  private roll(index: number): void {
    if (this.index < 0) {
      this.index = index;
      return;
    }
    if (index <= this.index) return;
    this.push(this.current);
    this.current = 0;
    // Empty intervals in between are zeros; more than the ring holds would all be overwritten anyway.
    const empty = Math.min(index - this.index - 1, this.cap);
    for (let i = 0; i < empty; i++) this.push(0);
    this.index = index;
  }

  hashInto(h: StateHasher): void {
    h.tag('deltaZ').num(this.intervalMs).num(this.lookback).num(this.index).num(this.current).num(this.count);
    h.num(this.frontier);
    for (let i = 0; i < this.count; i++) h.num(this.at(i));
  }

  toData(): DeltaZData {
    const completed: number[] = [];
    for (let i = 0; i < this.count; i++) completed.push(this.at(i));
    return { index: this.index, current: this.current, completed, frontier: this.frontier };
  }

  static fromData(intervalMs: number, lookback: number, minSamples: number, d: DeltaZData): DeltaZ {
    const z = new DeltaZ(intervalMs, lookback, minSamples);
    z.index = d.index;
    z.current = d.current;
    z.frontier = d.frontier ?? 0;
    for (const v of d.completed.slice(-(lookback + 1))) z.push(v);
    return z;
  }
}
