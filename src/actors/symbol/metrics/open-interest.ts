/**
 * Open interest from the `openInterestHist` backfill rows and the `openInterest` polls (both in base asset):
 * the latest value and its change against the newest sample at least `lookbackMs` older. Samples must arrive
 * in time order (backfill first, then polls); an older or same-time sample is ignored and counted.
 */
import type { Static } from '@sinclair/typebox';
import type { OpenInterestBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type OpenInterestFigures = Static<typeof OpenInterestBlock>;

export interface OpenInterestData {
  ignored: number;
  ring: TimeRingData;
}

export class OpenInterest {
  /** Records: sample time, value. Holds the window plus the one sample just at or before its start. */
  private ring: TimeRing;
  private ignoredCount: number;

  constructor(
    public lookbackMs: number,
    data?: OpenInterestData,
  ) {
    this.ring = data ? TimeRing.fromData(data.ring) : new TimeRing(2, 64);
    this.ignoredCount = data?.ignored ?? 0;
  }

  get ignored(): number {
    return this.ignoredCount;
  }

  onSample(ts: number, value: number): void {
    const ring = this.ring;
    if (ring.size > 0 && ts <= ring.last(0)) {
      this.ignoredCount++;
      return;
    }
    ring.push2(ts, value);
    // Keep exactly one sample at or before the lookback cut: the reference for `change`.
    const cut = ts - this.lookbackMs;
    while (ring.size >= 2 && ring.get(1, 0) <= cut) ring.dropOldest();
  }

  figures(): OpenInterestFigures {
    const ring = this.ring;
    if (ring.size === 0) return { value: null, change: null, changePct: null, ts: null };
    const ts = ring.last(0);
    const value = ring.last(1);
    let change: number | null = null;
    let changePct: number | null = null;
    if (ring.get(0, 0) <= ts - this.lookbackMs) {
      const ref = ring.get(0, 1);
      change = value - ref;
      changePct = ref !== 0 ? (change / ref) * 100 : null;
    }
    return { value, change, changePct, ts };
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
