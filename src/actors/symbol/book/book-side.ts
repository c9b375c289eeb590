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
 * A removed level below the best stays as a tombstone (quantity 0, its price kept, so the order holds) instead
 * of shifting every better level down: on the recorded BTCUSDT depth@0ms a removal shifted ~500 levels of both
 * arrays (bench/RESULTS.md, "book side tombstones"). Tombstones are never at the top (the best slot is live or
 * the side is empty), a new level at a tombstone's price revives it, and they are swept out in one pass when
 * they pass a quarter of the live levels. Every reader skips them; `size` counts live levels only.
 */

/** How far an insert looks for a tombstone to shift into (sweeps keep them within a few slots of most places). */
const TOMBSTONE_REACH = 32;

export class BookSide {
  private px: Float64Array;
  private qty: Float64Array;
  /** Slots used, tombstones included. */
  private n = 0;
  /** Live levels, and tombstones (slots below the top whose quantity is 0). */
  private live = 0;
  private dead = 0;
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
    return this.live;
  }

  clear(): void {
    this.n = 0;
    this.live = 0;
    this.dead = 0;
    this.digest.clear();
  }

  /** Slot of the i-th live level from the best (0 = best: the top slot, never a tombstone). */
  private slotAt(i: number): number {
    let k = this.n - 1;
    if (i === 0) return k;
    for (let seen = 0; k >= 0; k--) {
      if ((this.qty[k] as number) === 0) continue;
      if (seen === i) return k;
      seen++;
    }
    return -1;
  }

  /** i-th level from the best (0 = best). */
  priceAt(i: number): number {
    return this.px[this.slotAt(i)] as number;
  }

  qtyAt(i: number): number {
    return this.qty[this.slotAt(i)] as number;
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
    const old = found ? (this.qty[i] as number) : 0;
    if (qty === 0) {
      if (old === 0) return;
      this.forget(price, old);
      this.qty[i] = 0;
      this.live--;
      if (i === this.n - 1) this.dropTopTombstones();
      else if (++this.dead > 64 && this.dead * 4 > this.live) this.sweep();
      return;
    }
    if (found) {
      if (old !== 0) this.forget(price, old);
      else {
        this.live++;
        this.dead--;
      }
      this.qty[i] = qty;
      this.remember(price, qty);
      return;
    }
    this.remember(price, qty);
    this.live++;
    if (this.dead > 0 && this.fillNearTombstone(i, price, qty)) return;
    if (this.n === this.px.length) this.grow();
    this.px.copyWithin(i + 1, i, this.n);
    this.qty.copyWithin(i + 1, i, this.n);
    this.px[i] = price;
    this.qty[i] = qty;
    this.n++;
  }

  /**
   * A new level whose place is before slot `i`: if a tombstone lies within TOMBSTONE_REACH slots, shift only the
   * levels between it and `i` over it (order kept) and write the level there. False when none is that near.
   */
  private fillNearTombstone(i: number, price: number, qty: number): boolean {
    const px = this.px;
    const q = this.qty;
    const up = Math.min(this.n, i + TOMBSTONE_REACH);
    for (let j = i; j < up; j++) {
      if ((q[j] as number) !== 0) continue;
      px.copyWithin(i + 1, i, j);
      q.copyWithin(i + 1, i, j);
      px[i] = price;
      q[i] = qty;
      this.dead--;
      return true;
    }
    const down = Math.max(0, i - TOMBSTONE_REACH);
    for (let j = i - 1; j >= down; j--) {
      if ((q[j] as number) !== 0) continue;
      px.copyWithin(j, j + 1, i);
      q.copyWithin(j, j + 1, i);
      px[i - 1] = price;
      q[i - 1] = qty;
      this.dead--;
      return true;
    }
    return false;
  }

  /** The top slot went: drop it and the tombstones under it, so the best slot is live again. */
  private dropTopTombstones(): void {
    this.n--;
    while (this.n > 0 && (this.qty[this.n - 1] as number) === 0) {
      this.n--;
      this.dead--;
    }
  }

  /** Removes every tombstone in one pass, order kept. */
  private sweep(): void {
    let w = 0;
    for (let r = 0; r < this.n; r++) {
      const q = this.qty[r] as number;
      if (q === 0) continue;
      this.px[w] = this.px[r] as number;
      this.qty[w] = q;
      w++;
    }
    this.n = w;
    this.dead = 0;
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
    let taken = 0;
    for (let i = this.n - 1; i >= 0 && taken < levels; i--) {
      const q = this.qty[i] as number;
      if (q === 0) continue;
      sum += q;
      taken++;
    }
    return sum;
  }

  /** Sum of quantities of levels at or better than `limit` (bids: price >= limit; asks: price <= limit). */
  qtyWithin(limit: number): number {
    let sum = 0;
    for (let i = this.n - 1; i >= 0; i--) {
      const p = this.px[i] as number;
      if (this.isBid ? p < limit : p > limit) break;
      const q = this.qty[i] as number;
      if (q !== 0) sum += q;
    }
    return sum;
  }

  /** Count, then the running digest of the levels (see running-digest.ts). */
  hashInto(h: StateHasher): void {
    h.num(this.live);
    h.word(this.digest.lane1);
    h.word(this.digest.lane2);
  }

  /** Levels best first as [price, qty, price, qty, ...] (snapshots). */
  toFlat(): number[] {
    const out: number[] = [];
    for (let i = this.n - 1; i >= 0; i--) {
      const q = this.qty[i] as number;
      if (q !== 0) out.push(this.px[i] as number, q);
    }
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
