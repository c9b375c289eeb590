/**
 * CVD by print size: a print is large when its notional (price · qty) is at least `thresholdNotional`; session
 * totals of signed aggressor quantity for large and small prints, and the same over the rolling CVD window with
 * the count of large prints in it. Per print: two additions and one ring push, no allocation.
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
  /** Records: stamp, signed qty, 1 when large else 0. */
  private ring: TimeRing;

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
    const isLarge = price * Math.abs(signedQty) >= this.thresholdNotional;
    if (isLarge) this.large += signedQty;
    else this.small += signedQty;
    this.ring.push3(ts, signedQty, isLarge ? 1 : 0);
    this.ring.evictThrough(ts - this.windowMs);
  }

  figures(now: number): CvdBySizeFigures {
    const ring = this.ring;
    ring.evictThrough(now - this.windowMs);
    let large = 0;
    let small = 0;
    let count = 0;
    for (let i = 0; i < ring.size; i++) {
      if (ring.get(i, 2) > 0) {
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
    h.tag('cvdBySize').num(this.thresholdNotional).num(this.windowMs).num(this.large).num(this.small);
    this.ring.hashInto(h);
  }

  toData(): CvdBySizeData {
    return { large: this.large, small: this.small, ring: this.ring.toData() };
  }
}
