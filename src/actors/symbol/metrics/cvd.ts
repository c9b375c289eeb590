/**
 * CVD: cumulative signed aggressor quantity (docs/venue-binance.md, payload fields: aggressor buy → +qty, sell (m=true) → −qty). `session`
 * is the running total since the actor started; `rolling` the sum over the window; `slope` the least-squares
 * slope of session CVD over the window's trades, base units per second. Per trade: one ring push, no allocation.
 * At a snapshot the sums over the window are left-to-right folds, oldest first; they are kept between snapshots
 * and only extended while nothing left the window (same terms, same order: the same floats as a fresh scan).
 * The slope's centered pass depends on the snapshot time, so it runs at every snapshot (bench/RESULTS.md,
 * "window folds"; the scan it replaces is test/actors/symbol/metrics/window-scan-oracle.ts).
 */
import type { Static } from '@sinclair/typebox';
import type { CvdBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type CvdFigures = Static<typeof CvdBlock>;

export interface CvdData {
  session: number;
  ring: TimeRingData;
}

export class Cvd {
  /** Initialized at its declaration: a field first defined as undefined (ES2022 class fields) is tagged in V8,
   * and every fractional write to it allocated a HeapNumber (15 scavenges per 1e6 Cvd.onTrade → 1; the GC count
   * of bench/symbol-metrics.bench.ts "1e6 trades" is the standing check; bench/RESULTS.md, issue 8). */
  private sessionCvd = 0;
  /** Records: exchange time, signed qty, session CVD after the trade. */
  private ring: TimeRing;
  // The folds of the oldest `folded` records at ring generation `gen` (derived state: never hashed or saved).
  private gen = -1;
  private folded = 0;
  private rolling = 0;
  /** Σ (time − timeRef), exact while every time is an integer (`intTimes`): Σ (time − now) is then exact too. */
  private sumT = 0;
  private timeRef = 0;
  private intTimes = true;
  private sumY = 0;

  constructor(
    public windowMs: number,
    data?: CvdData,
  ) {
    this.sessionCvd = data?.session ?? 0;
    this.ring = data ? TimeRing.fromData(data.ring) : new TimeRing(3);
  }

  get session(): number {
    return this.sessionCvd;
  }

  onTrade(ts: number, signedQty: number): void {
    this.sessionCvd += signedQty;
    this.ring.push3(ts, signedQty, this.sessionCvd);
    this.ring.evictThrough(ts - this.windowMs);
  }

  figures(now: number): CvdFigures {
    const ring = this.ring;
    ring.evictThrough(now - this.windowMs);
    this.fold();
    const n = ring.size;
    const rolling = this.rolling;
    let slope = 0;
    if (n >= 2) {
      // Centered sums: x in seconds relative to the mean time, y relative to the mean CVD (stable in floats).
      const mx = this.sumRelative(now) / n;
      const my = this.sumY / n;
      const buf = ring.raw;
      const mask = ring.slotMask;
      let slot = ring.slotOf(0);
      let sxx = 0;
      let sxy = 0;
      for (let i = 0; i < n; i++) {
        const at = slot * 3;
        const dx = ((buf[at] as number) - now - mx) / 1000;
        sxx += dx * dx;
        sxy += dx * ((buf[at + 2] as number) - my);
        slot = (slot + 1) & mask;
      }
      slope = sxx > 0 ? sxy / sxx : 0;
    }
    return { session: this.sessionCvd, rolling, windowMs: this.windowMs, slope };
  }

  /**
   * Σ (time − now) over the window, as the scan's fold gives it: with integer times and `now` every partial sum
   * is an integer far below 2^53, so the fold is exact and equals sumT + n·(timeRef − now); otherwise the fold.
   */
  private sumRelative(now: number): number {
    const ring = this.ring;
    const n = ring.size;
    if (this.intTimes && Number.isInteger(now)) return this.sumT + n * (this.timeRef - now);
    let sx = 0;
    for (let i = 0; i < n; i++) sx += ring.get(i, 0) - now;
    return sx;
  }

  /** Extends the cached folds to every live record (refolds from the oldest when one left or changed). */
  private fold(): void {
    const ring = this.ring;
    const n = ring.size;
    if (ring.generation !== this.gen) {
      this.gen = ring.generation;
      this.folded = 0;
      this.rolling = 0;
      this.sumT = 0;
      this.timeRef = n > 0 ? ring.get(0, 0) : 0;
      this.intTimes = Number.isInteger(this.timeRef);
      this.sumY = 0;
    }
    if (this.folded === n) return;
    const buf = ring.raw;
    const mask = ring.slotMask;
    const ref = this.timeRef;
    let slot = ring.slotOf(this.folded);
    let rolling = this.rolling;
    let sumT = this.sumT;
    let sumY = this.sumY;
    let intTimes = this.intTimes;
    for (let i = this.folded; i < n; i++) {
      const at = slot * 3;
      const t = buf[at] as number;
      rolling += buf[at + 1] as number;
      sumT += t - ref;
      sumY += buf[at + 2] as number;
      if (!Number.isInteger(t)) intTimes = false;
      slot = (slot + 1) & mask;
    }
    this.folded = n;
    this.rolling = rolling;
    this.sumT = sumT;
    this.sumY = sumY;
    this.intTimes = intTimes;
  }

  hashInto(h: StateHasher): void {
    h.tag('cvd').num(this.windowMs).num(this.sessionCvd);
    this.ring.hashInto(h);
  }

  toData(): CvdData {
    return { session: this.sessionCvd, ring: this.ring.toData() };
  }
}
