/**
 * Delta Z: the signed aggressor quantity of the current interval (intervals aligned to multiples of
 * `intervalMs` of exchange time) as a z-score against the mean and population std of the last `lookback`
 * completed intervals. Intervals without trades count as delta 0. z is null below `minSamples` or when std is 0.
 */
import type { Static } from '@sinclair/typebox';
import type { DeltaZBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';

export type DeltaZFigures = Static<typeof DeltaZBlock>;

export interface DeltaZData {
  index: number;
  current: number;
  completed: number[];
}

export class DeltaZ {
  /** Index (time / intervalMs) of the current interval; −1 before the first event. */
  private index = -1;
  private current = 0;
  /** Completed interval deltas, a ring of `lookback`. */
  private readonly completed: Float64Array;
  private head = 0;
  private count = 0;
  /** Mean and population std of the completed intervals, recomputed once per roll (not per event). */
  private statMean = 0;
  private statStd = 0;
  private statsDirty = true;

  constructor(
    readonly intervalMs: number,
    readonly lookback: number,
    public minSamples: number,
  ) {
    this.completed = new Float64Array(lookback);
  }

  onTrade(ts: number, signedQty: number): void {
    this.roll(Math.floor(ts / this.intervalMs));
    this.current += signedQty;
  }

  /**
   * Moves to the interval holding time `now − 1`: at a snapshot boundary that is the interval that just ended
   * (with the default 1 s interval = the snapshot interval), i.e. every event before the boundary.
   */
  figures(now: number, minSamples: number = this.minSamples): DeltaZFigures {
    this.roll(Math.floor((now - 1) / this.intervalMs));
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.at(i);
    const mean = this.count > 0 ? sum / this.count : 0;
    let sq = 0;
    for (let i = 0; i < this.count; i++) {
      const d = this.at(i) - mean;
      sq += d * d;
    }
    const std = this.count > 0 ? Math.sqrt(sq / this.count) : 0;
    const z = this.count >= minSamples && std > 0 ? (this.current - mean) / std : null;
    return { intervalMs: this.intervalMs, delta: this.current, mean, std, z, samples: this.count };
  }

  /** Moves to the interval holding exchange time `ts` (what a trade at `ts` does), so per-event readers see it. */
  rollTo(ts: number): void {
    this.roll(Math.floor(ts / this.intervalMs));
  }

  private stats(): void {
    if (!this.statsDirty) return;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += this.at(i);
    const mean = this.count > 0 ? sum / this.count : 0;
    let sq = 0;
    for (let i = 0; i < this.count; i++) {
      const d = this.at(i) - mean;
      sq += d * d;
    }
    this.statMean = mean;
    this.statStd = this.count > 0 ? Math.sqrt(sq / this.count) : 0;
    this.statsDirty = false;
  }

  /** z of the current (partial) interval's delta, as `figures` would give it; NaN where it gives null. */
  liveZ(): number {
    this.stats();
    return this.count >= this.minSamples && this.statStd > 0
      ? (this.current - this.statMean) / this.statStd
      : Number.NaN;
  }

  /**
   * z of the delta summed over the last `k` intervals (the current one and k−1 completed), against k
   * independent intervals: mean·k and std·√k. Persistent one-sided flow scores high; one print does not.
   */
  flowZ(k: number): number {
    this.stats();
    if (this.count < this.minSamples || this.statStd <= 0) return Number.NaN;
    let sum = this.current;
    const m = Math.min(k - 1, this.count);
    for (let i = this.count - m; i < this.count; i++) sum += this.at(i);
    const n = m + 1;
    return (sum - this.statMean * n) / (this.statStd * Math.sqrt(n));
  }

  private at(i: number): number {
    return this.completed[(this.head + i) % this.lookback] as number;
  }

  private push(delta: number): void {
    this.statsDirty = true;
    if (this.count < this.lookback) {
      this.completed[(this.head + this.count) % this.lookback] = delta;
      this.count++;
    } else {
      this.completed[this.head] = delta;
      this.head = (this.head + 1) % this.lookback;
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
    // Empty intervals in between are zeros; more than `lookback` of them would all be overwritten anyway.
    const empty = Math.min(index - this.index - 1, this.lookback);
    for (let i = 0; i < empty; i++) this.push(0);
    this.index = index;
  }

  hashInto(h: StateHasher): void {
    h.tag('deltaZ').num(this.intervalMs).num(this.lookback).num(this.index).num(this.current).num(this.count);
    for (let i = 0; i < this.count; i++) h.num(this.at(i));
  }

  toData(): DeltaZData {
    const completed: number[] = [];
    for (let i = 0; i < this.count; i++) completed.push(this.at(i));
    return { index: this.index, current: this.current, completed };
  }

  static fromData(intervalMs: number, lookback: number, minSamples: number, d: DeltaZData): DeltaZ {
    const z = new DeltaZ(intervalMs, lookback, minSamples);
    z.index = d.index;
    z.current = d.current;
    for (const v of d.completed.slice(-lookback)) z.push(v);
    return z;
  }
}
