/**
 * Open interest from the `openInterestHist` backfill rows and the `openInterest` polls (both in base asset):
 * the latest value and its change against the newest sample at least `lookbackMs` older, and the OI-vs-price
 * quadrant over the same span (last trade price recorded with each sample). Samples must arrive in time
 * order (backfill first, then polls); an older or same-time sample is ignored and counted.
 */
import type { Static } from '@sinclair/typebox';
import type { OpenInterestBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type OpenInterestFigures = Static<typeof OpenInterestBlock>;
export type OiQuadrant = NonNullable<OpenInterestFigures['quadrant']>;

/**
 * The classic reading of OI against price: rising OI means new positions (longs if price rose, shorts if it
 * fell); falling OI means positions closing (shorts covering into a rise, longs liquidating into a fall).
 */
export function oiQuadrant(oiChange: number, priceChange: number): OiQuadrant | null {
  if (!Number.isFinite(oiChange) || !Number.isFinite(priceChange) || oiChange === 0 || priceChange === 0) return null;
  if (oiChange > 0) return priceChange > 0 ? 'long-buildup' : 'short-buildup';
  return priceChange > 0 ? 'short-covering' : 'long-liquidation';
}

export interface OpenInterestData {
  ignored: number;
  ring: TimeRingData;
}

export class OpenInterest {
  /** Records: sample time, value, last trade price then (NaN before the first trade). Holds the window plus
   * the one sample just at or before its start. */
  private ring: TimeRing;
  private ignoredCount: number;

  constructor(
    public lookbackMs: number,
    data?: OpenInterestData,
  ) {
    // A snapshot from before the price column (stride 2) starts a fresh window rather than misreading it.
    this.ring = data && data.ring.stride === 3 ? TimeRing.fromData(data.ring) : new TimeRing(3, 64);
    this.ignoredCount = data?.ignored ?? 0;
  }

  get ignored(): number {
    return this.ignoredCount;
  }

  onSample(ts: number, value: number, price = Number.NaN): void {
    const ring = this.ring;
    if (ring.size > 0 && ts <= ring.last(0)) {
      this.ignoredCount++;
      return;
    }
    ring.push3(ts, value, price);
    // Keep exactly one sample at or before the lookback cut: the reference for `change`.
    const cut = ts - this.lookbackMs;
    while (ring.size >= 2 && ring.get(1, 0) <= cut) ring.dropOldest();
  }

  figures(): OpenInterestFigures {
    const ring = this.ring;
    if (ring.size === 0) return { value: null, change: null, changePct: null, ts: null, quadrant: null };
    const ts = ring.last(0);
    const value = ring.last(1);
    let change: number | null = null;
    let changePct: number | null = null;
    let quadrant: OiQuadrant | null = null;
    if (ring.get(0, 0) <= ts - this.lookbackMs) {
      const ref = ring.get(0, 1);
      change = value - ref;
      changePct = ref !== 0 ? (change / ref) * 100 : null;
      quadrant = oiQuadrant(change, ring.last(2) - ring.get(0, 2));
    }
    return { value, change, changePct, ts, quadrant };
  }

  /** `figures().changePct` without the object (NaN for null): read per event by the breakout strategy. */
  changePctNow(): number {
    const ring = this.ring;
    if (ring.size === 0) return Number.NaN;
    const ts = ring.last(0);
    if (ring.get(0, 0) > ts - this.lookbackMs) return Number.NaN;
    const ref = ring.get(0, 1);
    return ref !== 0 ? ((ring.last(1) - ref) / ref) * 100 : Number.NaN;
  }

  hashInto(h: StateHasher): void {
    h.tag('oi').num(this.lookbackMs).num(this.ignoredCount);
    this.ring.hashInto(h);
  }

  toData(): OpenInterestData {
    return { ignored: this.ignoredCount, ring: this.ring.toData() };
  }
}
