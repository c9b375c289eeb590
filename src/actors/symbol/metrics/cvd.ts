/**
 * CVD: cumulative signed aggressor quantity (docs/venue-binance.md, payload fields: aggressor buy → +qty, sell (m=true) → −qty). `session`
 * is the running total since the actor started; `rolling` the sum over the window; `slope` the least-squares
 * slope of session CVD over the window's trades, base units per second. Per trade: one ring push, no allocation.
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
    const n = ring.size;
    let rolling = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      rolling += ring.get(i, 1);
      sx += ring.get(i, 0) - now;
      sy += ring.get(i, 2);
    }
    let slope = 0;
    if (n >= 2) {
      // Centered sums: x in seconds relative to the mean time, y relative to the mean CVD (stable in floats).
      const mx = sx / n;
      const my = sy / n;
      let sxx = 0;
      let sxy = 0;
      for (let i = 0; i < n; i++) {
        const dx = (ring.get(i, 0) - now - mx) / 1000;
        sxx += dx * dx;
        sxy += dx * (ring.get(i, 2) - my);
      }
      slope = sxx > 0 ? sxy / sxx : 0;
    }
    return { session: this.sessionCvd, rolling, windowMs: this.windowMs, slope };
  }

  hashInto(h: StateHasher): void {
    h.tag('cvd').num(this.windowMs).num(this.sessionCvd);
    this.ring.hashInto(h);
  }

  toData(): CvdData {
    return { session: this.sessionCvd, ring: this.ring.toData() };
  }
}
