/**
 * Volume profile for the session and over a rolling window: print volume per price bucket (a print goes to the
 * nearest multiple of the bucket size), the point of control and the 70 % value area (volume-ladder.ts gives
 * the exact walk). The bucket is SymbolParams.profileBucket, or when 0 fixed once from the session's first
 * print (price-grid.ts autoBucket) and kept for the session. Prices out are bucket multiples, 8 decimals.
 * A print is one ring push; the ladders take the new prints at the next snapshot (`fold`), in print order, so the
 * trade path stays one call (per-print ladder updates cost 4× the engine's GC count: bench/symbol-metrics.bench.ts
 * "1e6 trades"). Folding earlier (an actor snapshot) gives the same floats: adds stay in print order, and
 * removals happen only at snapshots.
 */
import type { Static } from '@sinclair/typebox';
import type { ProfileSummary, VolumeProfileBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';
import { autoBucket, round8 } from './price-grid.js';
import { LadderSummary, VolumeLadder, type VolumeLadderData } from './volume-ladder.js';

export type VolumeProfileFigures = Static<typeof VolumeProfileBlock>;
type SummaryFigures = Static<typeof ProfileSummary>;

/** Share of the volume the value area holds. */
export const VALUE_AREA_SHARE = 0.7;

export interface VolumeProfileData {
  /** 0 until fixed. */
  bucket: number;
  session: VolumeLadderData;
  window: VolumeLadderData;
  /** Window records: stamp, price, qty (all folded into the ladders). */
  ring: TimeRingData;
}

export class VolumeProfile {
  private bucket: number;
  private session: VolumeLadder;
  private window: VolumeLadder;
  private ring: TimeRing;
  /** The newest `pending` ring records are not in the ladders yet. */
  private pending = 0;
  private readonly scratch = new LadderSummary();

  constructor(
    configuredBucket: number,
    public windowMs: number,
    data?: VolumeProfileData,
  ) {
    this.bucket = data && data.bucket > 0 ? data.bucket : configuredBucket;
    this.session = new VolumeLadder(false, data?.session);
    this.window = new VolumeLadder(true, data?.window);
    this.ring = data ? TimeRing.fromData(data.ring) : new TimeRing(3);
  }

  onTrade(ts: number, price: number, qty: number): void {
    this.ring.push3(ts, price, qty);
    this.pending++;
  }

  /** Adds the pending prints to both ladders, oldest first. */
  private fold(): void {
    const ring = this.ring;
    for (let i = ring.size - this.pending; i < ring.size; i++) {
      const price = ring.get(i, 1);
      if (this.bucket === 0) this.bucket = autoBucket(price);
      const k = Math.round(price / this.bucket);
      const qty = ring.get(i, 2);
      this.session.add(k, qty);
      this.window.add(k, qty);
    }
    this.pending = 0;
  }

  private evict(cutoff: number): void {
    const ring = this.ring;
    while (ring.size > 0 && ring.get(0, 0) <= cutoff) {
      this.window.remove(Math.round(ring.get(0, 1) / this.bucket), ring.get(0, 2));
      ring.dropOldest();
    }
  }

  private summary(ladder: VolumeLadder): SummaryFigures {
    const s = ladder.summarize(VALUE_AREA_SHARE, this.scratch);
    const b = this.bucket;
    if (Number.isNaN(s.poc)) return { volume: s.total, poc: null, valueAreaHigh: null, valueAreaLow: null };
    return {
      volume: s.total,
      poc: round8(s.poc * b),
      valueAreaHigh: round8(s.high * b),
      valueAreaLow: round8(s.low * b),
    };
  }

  /** Session, and the window (now − windowMs, now]. */
  figures(now: number): VolumeProfileFigures {
    this.fold();
    this.evict(now - this.windowMs);
    return {
      bucket: this.bucket > 0 ? this.bucket : null,
      session: this.summary(this.session),
      windowMs: this.windowMs,
      window: this.summary(this.window),
    };
  }

  hashInto(h: StateHasher): void {
    this.fold();
    h.tag('profile').num(this.bucket).num(this.windowMs);
    this.session.hashInto(h);
    this.window.hashInto(h);
    this.ring.hashInto(h);
  }

  toData(): VolumeProfileData {
    this.fold();
    return {
      bucket: this.bucket,
      session: this.session.toData(),
      window: this.window.toData(),
      ring: this.ring.toData(),
    };
  }
}
