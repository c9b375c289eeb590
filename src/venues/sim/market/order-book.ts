/**
 * The venue's L2 book for one symbol: integer ticks to integer quantity units, with each side's prices kept
 * sorted (best first) so top-N and snapshots are slices. Every level change is reported to `onChange`, which
 * is how update ids and depth diffs are produced. Quantity that belongs to the user's resting orders is
 * tracked per level (`userQty`) so the synthetic makers never cancel it away.
 */

export const BID = 0;
export const ASK = 1;
export type Side = typeof BID | typeof ASK;

export type LevelChange = (side: Side, tick: number, qty: number) => void;

class BookSide {
  /** Sorted best first: descending for bids, ascending for asks. */
  readonly ticks: number[] = [];
  readonly qty = new Map<number, number>();
  readonly userQty = new Map<number, number>();

  constructor(private readonly descending: boolean) {}

  best(): number | undefined {
    return this.ticks[0];
  }

  /** Index where `tick` is or would be inserted. */
  indexOf(tick: number): number {
    const a = this.ticks;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid] as number;
      if (this.descending ? v > tick : v < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(tick: number, qty: number): void {
    const had = this.qty.has(tick);
    if (qty > 0) {
      this.qty.set(tick, qty);
      if (!had) this.ticks.splice(this.indexOf(tick), 0, tick);
    } else if (had) {
      this.qty.delete(tick);
      this.ticks.splice(this.indexOf(tick), 1);
    }
  }
}

/** Told when makers shrink a level holding user quantity: `synthetic` is what is left besides the user's. */
export type MakerShrink = (side: Side, tick: number, synthetic: number) => void;

export class OrderBook {
  readonly sides: readonly [BookSide, BookSide] = [new BookSide(true), new BookSide(false)];
  /** Set by the matching engine (matching/exchange.ts): cancels ahead shorten the user's queue position. */
  makerShrink: MakerShrink | undefined;

  constructor(private readonly onChange: LevelChange) {}

  bestBid(): number | undefined {
    return this.sides[BID].best();
  }

  bestAsk(): number | undefined {
    return this.sides[ASK].best();
  }

  qtyAt(side: Side, tick: number): number {
    return this.sides[side].qty.get(tick) ?? 0;
  }

  userQtyAt(side: Side, tick: number): number {
    return this.sides[side].userQty.get(tick) ?? 0;
  }

  depth(side: Side): number {
    return this.sides[side].ticks.length;
  }

  /** Sets a maker level; never below the user's quantity resting there. Reports only real changes. */
  setLevel(side: Side, tick: number, qty: number): void {
    const s = this.sides[side];
    const floor = s.userQty.get(tick) ?? 0;
    const q = Math.max(Math.round(qty), floor);
    const before = s.qty.get(tick) ?? 0;
    if (before === q) return;
    s.set(tick, q);
    this.onChange(side, tick, q);
    if (floor > 0 && q < before) this.makerShrink?.(side, tick, q - floor);
  }

  /** Removes `qty` from a level (a fill): no floor, the user's quantity is consumed by the caller's matching. */
  consume(side: Side, tick: number, qty: number): void {
    const s = this.sides[side];
    const q = Math.max(0, (s.qty.get(tick) ?? 0) - qty);
    s.set(tick, q);
    this.onChange(side, tick, q);
  }

  /** Adds or removes user quantity at a level (order placed, cancelled or filled elsewhere). */
  addUser(side: Side, tick: number, delta: number): void {
    const s = this.sides[side];
    const u = Math.max(0, (s.userQty.get(tick) ?? 0) + delta);
    if (u === 0) s.userQty.delete(tick);
    else s.userQty.set(tick, u);
    const q = Math.max(0, (s.qty.get(tick) ?? 0) + delta);
    s.set(tick, q);
    this.onChange(side, tick, q);
  }

  /** Drops user quantity that was consumed by a fill (the level quantity was already reduced by `consume`). */
  releaseUser(side: Side, tick: number, qty: number): void {
    const s = this.sides[side];
    const u = Math.max(0, (s.userQty.get(tick) ?? 0) - qty);
    if (u === 0) s.userQty.delete(tick);
    else s.userQty.set(tick, u);
  }

  /** The best `n` levels of a side as [tick, qty] pairs (for snapshots and partial depth). */
  top(side: Side, n: number): Array<[number, number]> {
    const s = this.sides[side];
    const count = Math.min(n, s.ticks.length);
    const out = new Array<[number, number]>(count);
    for (let i = 0; i < count; i++) {
      const t = s.ticks[i] as number;
      out[i] = [t, s.qty.get(t) as number];
    }
    return out;
  }
}
