/**
 * `TimeRing`: a FIFO of fixed-width numeric records (column 0 = exchange time, non-decreasing) in one
 * preallocated Float64Array, for rolling windows. No per-record objects; the buffer doubles when a
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

  /** Index of a fresh record's first field (the caller writes `stride` values at it). */
  private slot(): number {
    if (this.count === this.cap) this.grow();
    const at = ((this.head + this.count) % this.cap) * this.stride;
    this.count++;
    return at;
  }

  // One method per arity, no default parameters: monomorphic call sites. Open: push + evictThrough together still
  // cost ~75 young-gen scavenges per 1e6 trades (each alone: 0; node --trace-gc, bench "1e6 trades").
  push2(a: number, b: number): void {
    const at = this.slot();
    this.buf[at] = a;
    this.buf[at + 1] = b;
  }

  push3(a: number, b: number, c: number): void {
    const at = this.slot();
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
  }

  push4(a: number, b: number, c: number, d: number): void {
    const at = this.slot();
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
    this.buf[at + 3] = d;
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
