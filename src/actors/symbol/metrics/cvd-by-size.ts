/**
 * CVD by print size: a print is large when its notional (price · qty) is at least `thresholdNotional`; session
 * totals of signed aggressor quantity for large and small prints, and the same over the rolling CVD window with
 * the count of large prints in it. Per print: one ring push; the session totals take the new prints at the
 * next snapshot (`fold`, in print order: the same floats whenever it runs), as volume-profile.ts does and why.
 */
import type { Static } from '@sinclair/typebox';
import type { CvdBySizeBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type CvdBySizeFigures = Static<typeof CvdBySizeBlock>;

export interface CvdBySizeData {
  large: number;
  small: number;
  ring: TimeRingData;
}

export class CvdBySize {
  private large = 0;
  private small = 0;
  /** Records: stamp, signed qty, signed notional (large when |notional| ≥ the threshold). */
  private ring: TimeRing;
  /** The newest `pending` ring records are not in the session totals yet. */
  private pending = 0;

  constructor(
    public thresholdNotional: number,
    public windowMs: number,
    data?: CvdBySizeData,
  ) {
    this.large = data?.large ?? 0;
    this.small = data?.small ?? 0;
    this.ring = data ? TimeRing.fromData(data.ring) : new TimeRing(3);
  }

  onTrade(ts: number, price: number, signedQty: number): void {
    this.ring.push3(ts, signedQty, price * signedQty);
    this.pending++;
  }

  private fold(): void {
    const ring = this.ring;
    for (let i = ring.size - this.pending; i < ring.size; i++) {
      const q = ring.get(i, 1);
      const isLarge = Math.abs(ring.get(i, 2)) >= this.thresholdNotional;
      if (isLarge) this.large += q;
      else this.small += q;
    }
    this.pending = 0;
  }

  figures(now: number): CvdBySizeFigures {
    this.fold();
    const ring = this.ring;
    ring.evictThrough(now - this.windowMs);
    let large = 0;
    let small = 0;
    let count = 0;
    for (let i = 0; i < ring.size; i++) {
      if (Math.abs(ring.get(i, 2)) >= this.thresholdNotional) {
        large += ring.get(i, 1);
        count++;
      } else small += ring.get(i, 1);
    }
    return {
      thresholdNotional: this.thresholdNotional,
      largeSession: this.large,
      smallSession: this.small,
      windowMs: this.windowMs,
      largeRolling: large,
      smallRolling: small,
      largeCount: count,
    };
  }

  hashInto(h: StateHasher): void {
    this.fold();
    h.tag('cvdBySize').num(this.thresholdNotional).num(this.windowMs).num(this.large).num(this.small);
    this.ring.hashInto(h);
  }

  toData(): CvdBySizeData {
    this.fold();
    return { large: this.large, small: this.small, ring: this.ring.toData() };
  }
}
