/**
 * VolumeLadder: volume per price bucket on a dense array (bucket k holds the prints nearest k · bucket), with
 * the bucket range ever used, for a volume profile. Dense, not a Map: the point of control and the value area
 * walk neighbouring buckets, and a session's range is thousands of buckets, not millions. A `rolling` ladder
 * also counts prints per bucket, so removing them lands back on exactly 0 (no float residue) when a bucket
 * empties; a session ladder never removes, so it keeps (and hashes) volumes only.
 */
import type { StateHasher } from '../state-hash.js';
import { base64ToF64, f64ToBase64 } from '../time-ring.js';

export interface VolumeLadderData {
  /** Lowest and highest bucket index ever used (min > max when none). */
  min: number;
  max: number;
  /** Volumes and counts of buckets min..max, base64 float64 (time-ring.ts). */
  volumes: string;
  counts: string;
}

/** Result of `summarize`: bucket indexes (NaN when empty) and the total. */
export class LadderSummary {
  total = 0;
  poc = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
}

export class VolumeLadder {
  private base = 0;
  private vol = new Float64Array(0);
  private cnt = new Float64Array(0);
  min = 1;
  max = 0;

  constructor(
    readonly rolling: boolean,
    data?: VolumeLadderData,
  ) {
    if (!data || data.min > data.max) return;
    this.ensure(data.min);
    this.ensure(data.max);
    this.vol.set(base64ToF64(data.volumes), data.min - this.base);
    if (rolling) this.cnt.set(base64ToF64(data.counts), data.min - this.base);
    this.min = data.min;
    this.max = data.max;
  }

  add(k: number, qty: number): void {
    this.ensure(k);
    const i = k - this.base;
    this.vol[i] = (this.vol[i] as number) + qty;
    if (this.rolling) this.cnt[i] = (this.cnt[i] as number) + 1;
    if (this.min > this.max) {
      this.min = k;
      this.max = k;
    } else if (k < this.min) this.min = k;
    else if (k > this.max) this.max = k;
  }

  remove(k: number, qty: number): void {
    const i = k - this.base;
    const c = (this.cnt[i] as number) - 1;
    this.cnt[i] = c;
    this.vol[i] = c > 0 ? (this.vol[i] as number) - qty : 0;
  }

  volumeAt(k: number): number {
    return k >= this.min && k <= this.max ? (this.vol[k - this.base] as number) : 0;
  }

  /**
   * Point of control (largest volume; on a tie the lower price) and the value area: from the POC, add the
   * larger of the next bucket above and the next below (a tie goes up), one bucket at a time, until the area
   * holds at least `share` of the total volume.
   */
  summarize(share: number, out: LadderSummary): LadderSummary {
    let total = 0;
    let poc = Number.NaN;
    let best = 0;
    for (let k = this.min; k <= this.max; k++) {
      const v = this.vol[k - this.base] as number;
      total += v;
      if (v > best) {
        best = v;
        poc = k;
      }
    }
    out.total = total;
    out.poc = poc;
    if (Number.isNaN(poc)) {
      out.high = Number.NaN;
      out.low = Number.NaN;
      return out;
    }
    const target = share * total;
    let lo = poc;
    let hi = poc;
    let acc = best;
    while (acc < target && (lo > this.min || hi < this.max)) {
      const up = hi < this.max ? (this.vol[hi + 1 - this.base] as number) : -1;
      const down = lo > this.min ? (this.vol[lo - 1 - this.base] as number) : -1;
      if (up >= down) {
        hi++;
        acc += up;
      } else {
        lo--;
        acc += down;
      }
    }
    out.high = hi;
    out.low = lo;
    return out;
  }

  private ensure(k: number): void {
    const len = this.vol.length;
    if (len > 0 && k >= this.base && k < this.base + len) return;
    let from = len > 0 ? Math.min(this.base, k) : k - 512;
    let to = len > 0 ? Math.max(this.base + len, k + 1) : k + 512;
    // Grow by at least doubling, half on each side, so a drifting price does not copy per print.
    const grow = Math.max(len, 1024);
    if (k < this.base || len === 0) from -= grow >> 1;
    if (k >= this.base + len || len === 0) to += grow >> 1;
    const vol = new Float64Array(to - from);
    const cnt = new Float64Array(this.rolling ? to - from : 0);
    if (len > 0) {
      vol.set(this.vol, this.base - from);
      if (this.rolling) cnt.set(this.cnt, this.base - from);
    }
    this.base = from;
    this.vol = vol;
    this.cnt = cnt;
  }

  hashInto(h: StateHasher): void {
    h.num(this.min).num(this.max);
    if (this.min > this.max) return;
    // A session ladder has no counts: each bucket's count hashes as an absent value (NaN), as it always has.
    h.numPairs(this.vol, this.cnt, this.min - this.base, this.max - this.base + 1);
  }

  toData(): VolumeLadderData {
    if (this.min > this.max) return { min: 1, max: 0, volumes: '', counts: '' };
    const a = this.min - this.base;
    const b = this.max - this.base + 1;
    return {
      min: this.min,
      max: this.max,
      volumes: f64ToBase64(this.vol.subarray(a, b)),
      counts: f64ToBase64(this.cnt.subarray(a, b)),
    };
  }
}
