/**
 * CVD by print size: a print is large when its notional (price · qty) is at least `thresholdNotional`; session
 * totals of signed aggressor quantity for large and small prints, and the same over the rolling CVD window with
 * the count of large prints in it. Per print: one ring push; the session totals take the new prints at the
 * next snapshot (`fold`, in print order: the same floats whenever it runs), as volume-profile.ts does and why.
 * The rolling sums are a left-to-right fold of the window, kept between snapshots and only extended while nothing
 * left it (the same floats as a fresh scan; cvd.ts says why).
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
  // The window fold of the oldest `folded` records at ring generation `gen` (derived: never hashed or saved).
  private gen = -1;
  private folded = 0;
  private largeRolling = 0;
  private smallRolling = 0;
  private largeCount = 0;

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
    this.foldWindow();
    return {
      thresholdNotional: this.thresholdNotional,
      largeSession: this.large,
      smallSession: this.small,
      windowMs: this.windowMs,
      largeRolling: this.largeRolling,
      smallRolling: this.smallRolling,
      largeCount: this.largeCount,
    };
  }

  /** Extends the window fold to every live record (refolds from the oldest when one left or changed). */
  private foldWindow(): void {
    const ring = this.ring;
    if (ring.generation !== this.gen) {
      this.gen = ring.generation;
      this.folded = 0;
      this.largeRolling = 0;
      this.smallRolling = 0;
      this.largeCount = 0;
    }
    const n = ring.size;
    if (this.folded === n) return;
    const buf = ring.raw;
    const mask = ring.slotMask;
    const threshold = this.thresholdNotional;
    let slot = ring.slotOf(this.folded);
    let large = this.largeRolling;
    let small = this.smallRolling;
    let count = this.largeCount;
    for (let i = this.folded; i < n; i++) {
      const at = slot * 3;
      if (Math.abs(buf[at + 2] as number) >= threshold) {
        large += buf[at + 1] as number;
        count++;
      } else small += buf[at + 1] as number;
      slot = (slot + 1) & mask;
    }
    this.folded = n;
    this.largeRolling = large;
    this.smallRolling = small;
    this.largeCount = count;
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
