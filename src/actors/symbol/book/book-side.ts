import { pairDigest, SetDigest } from '../running-digest.js';
import type { StateHasher } from '../state-hash.js';

/**
 * One side of the local book: prices and quantities in two parallel Float64Arrays sorted worst → best, so the
 * best level is the last one. Diffs mostly touch the top, and an insert/delete there shifts only the few
 * levels above it (a descending layout would shift the whole 1000-level array). Lookup is a binary search.
 * Prices are the codec's numbers; the same decimal string always parses to the same double, so `===` is exact.
 * The side's stateHash contribution is a running `SetDigest` of its (price, qty) levels, updated per level
 * change, so a snapshot does not rescan the book (bench/symbol-metrics.bench.ts "stateHash: 5k-level-per-side
 * book": 218 µs per snapshot before).
 */

export class BookSide {
  private px: Float64Array;
  private qty: Float64Array;
  private n = 0;
  private readonly digest = new SetDigest();

  /** `isBid`: bids ascend (best = highest last), asks descend (best = lowest last). */
  constructor(
    readonly isBid: boolean,
    capacity = 1024,
  ) {
    this.px = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
    this.digest.clear();
  }

  /** i-th level from the best (0 = best). */
  priceAt(i: number): number {
    return this.px[this.n - 1 - i] as number;
  }

  qtyAt(i: number): number {
    return this.qty[this.n - 1 - i] as number;
  }

  /** First index whose price is not worse than `price` (the insertion point). */
  private lowerBound(price: number): number {
    let lo = 0;
    let hi = this.n;
    const px = this.px;
    if (this.isBid) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((px[mid] as number) < price) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((px[mid] as number) > price) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }

  /** Absolute quantity at `price`; 0 removes (removing an absent level is a no-op, as the venue says). */
  set(price: number, qty: number): void {
    const i = this.lowerBound(price);
    const found = i < this.n && this.px[i] === price;
    if (qty === 0) {
      if (!found) return;
      this.forget(price, this.qty[i] as number);
      this.px.copyWithin(i, i + 1, this.n);
      this.qty.copyWithin(i, i + 1, this.n);
      this.n--;
      return;
    }
    if (found) {
      this.forget(price, this.qty[i] as number);
      this.qty[i] = qty;
      this.remember(price, qty);
      return;
    }
    this.remember(price, qty);
    if (this.n === this.px.length) this.grow();
    this.px.copyWithin(i + 1, i, this.n);
    this.qty.copyWithin(i + 1, i, this.n);
    this.px[i] = price;
    this.qty[i] = qty;
    this.n++;
  }

  private remember(price: number, qty: number): void {
    pairDigest(price, qty);
    this.digest.apply(1);
  }

  private forget(price: number, qty: number): void {
    pairDigest(price, qty);
    this.digest.apply(-1);
  }

  /** Sum of quantities of the best `levels` levels. */
  topQty(levels: number): number {
    let sum = 0;
    const stop = Math.max(0, this.n - levels);
    for (let i = this.n - 1; i >= stop; i--) sum += this.qty[i] as number;
    return sum;
  }

  /** Sum of quantities of levels at or better than `limit` (bids: price >= limit; asks: price <= limit). */
  qtyWithin(limit: number): number {
    let sum = 0;
    for (let i = this.n - 1; i >= 0; i--) {
      const p = this.px[i] as number;
      if (this.isBid ? p < limit : p > limit) break;
      sum += this.qty[i] as number;
    }
    return sum;
  }

  /** Count, then the running digest of the levels (see running-digest.ts). */
  hashInto(h: StateHasher): void {
    h.num(this.n);
    h.word(this.digest.lane1);
    h.word(this.digest.lane2);
  }

  /** Levels best first as [price, qty, price, qty, ...] (snapshots). */
  toFlat(): number[] {
    const out: number[] = [];
    for (let i = this.n - 1; i >= 0; i--) out.push(this.px[i] as number, this.qty[i] as number);
    return out;
  }

  /** Replaces the side with levels given in any order (zero quantities skipped). */
  load(levels: ReadonlyArray<readonly [number, number]>): void {
    this.clear();
    for (const [p, q] of levels) this.set(p, q);
  }

  loadFlat(flat: readonly number[]): void {
    this.clear();
    for (let i = 0; i < flat.length; i += 2) this.set(flat[i] as number, flat[i + 1] as number);
  }

  private grow(): void {
    const px = new Float64Array(this.px.length * 2);
    const qty = new Float64Array(this.qty.length * 2);
    px.set(this.px);
    qty.set(this.qty);
    this.px = px;
    this.qty = qty;
  }
}
