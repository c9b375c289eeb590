/**
 * One symbol's L2 book in integer ticks and lots, as the tape shows it (our own paper orders are never in
 * it: they are virtual, so the tape's quantities stay the truth). Each side keeps a quantity map and an
 * ascending array of its prices; diffs touch few levels near the top, so a binary search and a splice cost
 * less than a tree here.
 */

export class BookSide {
  readonly qty = new Map<number, number>();
  /** Ascending ticks with a nonzero quantity. */
  readonly ticks: number[] = [];

  /** Sets the absolute quantity at `tick` (0 removes it); returns the quantity it replaced. */
  set(tick: number, lots: number): number {
    const prev = this.qty.get(tick);
    if (lots <= 0) {
      if (prev === undefined) return 0;
      this.qty.delete(tick);
      this.ticks.splice(this.indexOf(tick), 1);
      return prev;
    }
    this.qty.set(tick, lots);
    if (prev === undefined) {
      this.ticks.splice(this.indexOf(tick), 0, tick);
      return 0;
    }
    return prev;
  }

  at(tick: number): number {
    return this.qty.get(tick) ?? 0;
  }

  clear(): void {
    this.qty.clear();
    this.ticks.length = 0;
  }

  /** First index whose tick is >= `tick`. */
  indexOf(tick: number): number {
    const a = this.ticks;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((a[mid] as number) < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class LevelBook {
  readonly bids = new BookSide();
  readonly asks = new BookSide();

  bestBid(): number | undefined {
    const t = this.bids.ticks;
    return t.length > 0 ? t[t.length - 1] : undefined;
  }

  bestAsk(): number | undefined {
    return this.asks.ticks[0];
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}
