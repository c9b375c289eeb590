/**
 * ColumnRing: a fixed-capacity ring of rows of numbers, one Float64Array per column, so the gateway's bounded
 * history costs the same memory whatever flows through it and a push allocates nothing. NaN stands for null.
 * When full, a push overwrites the oldest row.
 */
export class ColumnRing {
  readonly columns: Float64Array[];
  private head = 0;
  size = 0;

  constructor(
    readonly capacity: number,
    columnCount: number,
  ) {
    this.columns = Array.from({ length: columnCount }, () => new Float64Array(capacity));
  }

  /** Physical index of row i (0 = oldest). */
  private at(i: number): number {
    return (this.head + i) % this.capacity;
  }

  /** Appends a row and returns its physical index; the caller writes `columns[c][index]`. */
  push(): number {
    if (this.size < this.capacity) return this.at(this.size++);
    const slot = this.head;
    this.head = (this.head + 1) % this.capacity;
    return slot;
  }

  /** Physical index of the newest row; -1 when empty. */
  newest(): number {
    return this.size === 0 ? -1 : this.at(this.size - 1);
  }

  get(row: number, column: number): number {
    return (this.columns[column] as Float64Array)[this.at(row)] as number;
  }

  /** First row (0 = oldest) whose column `c` is at least `min`; `size` when none. Column c must be sorted. */
  firstAtLeast(c: number, min: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid, c) < min) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Column c of rows from..size-1 as a plain array, NaN as null. */
  slice(c: number, from: number): Array<number | null> {
    const out: Array<number | null> = [];
    for (let i = from; i < this.size; i++) {
      const v = this.get(i, c);
      out.push(Number.isNaN(v) ? null : v);
    }
    return out;
  }
}
