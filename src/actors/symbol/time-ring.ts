/**
 * `TimeRing`: a FIFO of fixed-width numeric records (column 0 = exchange time, non-decreasing) in one
 * preallocated Float64Array, for rolling windows. push/evict never allocate; the buffer doubles when a
 * window holds more records than its capacity (amortized, rare), so no record is ever lost.
 */
import type { StateHasher } from './state-hash.js';

export interface TimeRingData {
  stride: number;
  /** The live records, oldest first, flattened. */
  records: number[];
}

export class TimeRing {
  private buf: Float64Array;
  private head = 0;
  private count = 0;
  private cap: number;

  constructor(
    readonly stride: number,
    initialCapacity = 1024,
  ) {
    this.cap = initialCapacity;
    this.buf = new Float64Array(initialCapacity * stride);
  }

  get size(): number {
    return this.count;
  }

  /** Appends one record; values past `stride` are ignored. */
  push(a: number, b = 0, c = 0, d = 0): void {
    if (this.count === this.cap) this.grow();
    const at = ((this.head + this.count) % this.cap) * this.stride;
    const buf = this.buf;
    buf[at] = a;
    if (this.stride > 1) buf[at + 1] = b;
    if (this.stride > 2) buf[at + 2] = c;
    if (this.stride > 3) buf[at + 3] = d;
    this.count++;
  }

  /** Field `col` of the i-th live record (0 = oldest). */
  get(i: number, col: number): number {
    return this.buf[((this.head + i) % this.cap) * this.stride + col] as number;
  }

  /** Field `col` of the newest record (the ring must not be empty). */
  last(col: number): number {
    return this.get(this.count - 1, col);
  }

  /** Overwrites field `col` of the newest record (the ring must not be empty). */
  setLast(col: number, value: number): void {
    this.buf[((this.head + this.count - 1) % this.cap) * this.stride + col] = value;
  }

  /** Drops the oldest record. */
  dropOldest(): void {
    if (this.count === 0) return;
    this.head = (this.head + 1) % this.cap;
    this.count--;
  }

  /** Every live record, oldest first (the canonical order for the state hash). */
  hashInto(h: StateHasher): void {
    h.num(this.count);
    for (let i = 0; i < this.count; i++) for (let c = 0; c < this.stride; c++) h.num(this.get(i, c));
  }

  /** Drops records whose time (column 0) is <= cutoff; returns how many. */
  evictThrough(cutoff: number): number {
    let n = 0;
    while (this.count > 0 && (this.buf[this.head * this.stride] as number) <= cutoff) {
      this.head = (this.head + 1) % this.cap;
      this.count--;
      n++;
    }
    return n;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  toData(): TimeRingData {
    const records: number[] = [];
    for (let i = 0; i < this.count; i++) for (let c = 0; c < this.stride; c++) records.push(this.get(i, c));
    return { stride: this.stride, records };
  }

  static fromData(d: TimeRingData): TimeRing {
    const n = d.records.length / d.stride;
    let cap = 1024;
    while (cap < n) cap *= 2;
    const ring = new TimeRing(d.stride, cap);
    ring.buf.set(d.records);
    ring.count = n;
    return ring;
  }

  private grow(): void {
    const next = new Float64Array(this.cap * 2 * this.stride);
    for (let i = 0; i < this.count; i++) {
      const from = ((this.head + i) % this.cap) * this.stride;
      next.set(this.buf.subarray(from, from + this.stride), i * this.stride);
    }
    this.buf = next;
    this.head = 0;
    this.cap *= 2;
  }
}
