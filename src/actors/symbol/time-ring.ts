/**
 * `TimeRing`: a FIFO of fixed-width numeric records (column 0 = exchange time, non-decreasing) in one
 * preallocated Float64Array, for rolling windows. No per-record objects; the buffer doubles when a window holds
 * more records than its capacity (a power of two, so indexes wrap with a mask), so no record is ever lost.
 *
 * Each record's two digest lanes are computed once, when it is pushed, and kept beside it (Int32Array), so the
 * ring's stateHash contribution is a running `SequenceDigest`: O(1) per snapshot instead of a rescan of the
 * window (bench/symbol-metrics.bench.ts "metrics snapshot, 60 s window at 1000 trades/s"; RESULTS.md).
 */
import { DIGEST, recordDigest, SequenceDigest } from './running-digest.js';
import type { StateHasher } from './state-hash.js';

export interface TimeRingData {
  stride: number;
  /**
   * The live records, oldest first, flattened, as the base64 of their float64 bytes (platform order: little-endian
   * on every platform Node supports). A string clones as one copy where a number[] clones element by element:
   * a 60 s window at 1000 trades/s took 130 ms to structured-clone as arrays (bench/symbol-metrics.bench.ts
   * "snapshot() + structured clone"; RESULTS.md). Still plain JSON.
   */
  f64: string;
  /** Snapshots from before `f64`: the same records as numbers (read, never written). */
  records?: number[];
}

/** The bytes of `values` as base64 (see TimeRingData.f64). */
export function f64ToBase64(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function base64ToF64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The records of a TimeRingData, whichever form it carries. */
export function ringRecords(d: TimeRingData): ArrayLike<number> {
  return d.records ?? base64ToF64(d.f64);
}

export class TimeRing {
  private buf: Float64Array;
  /** Two digest lanes per record slot, parallel to `buf`. */
  private lanes: Int32Array;
  private readonly digest = new SequenceDigest();
  private head = 0;
  private count = 0;
  private cap: number;
  private mask: number;

  constructor(
    readonly stride: number,
    initialCapacity = 1024,
  ) {
    let cap = 1;
    while (cap < initialCapacity) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.buf = new Float64Array(cap * stride);
    this.lanes = new Int32Array(cap * 2);
  }

  get size(): number {
    return this.count;
  }

  /** Slot of a fresh record (the caller writes `stride` values at slot · stride, then calls `seal`). */
  private slot(): number {
    if (this.count === this.cap) this.grow();
    const slot = (this.head + this.count) & this.mask;
    this.count++;
    return slot;
  }

  /** Digests the record just written in `slot` into its lanes and the running digest. */
  private seal(slot: number): void {
    recordDigest(this.buf, slot * this.stride, this.stride);
    const r1 = DIGEST[0] as number;
    const r2 = DIGEST[1] as number;
    this.lanes[slot * 2] = r1;
    this.lanes[slot * 2 + 1] = r2;
    this.digest.push(r1, r2);
  }

  // One method per arity, no default parameters: monomorphic call sites.
  push2(a: number, b: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.seal(slot);
  }

  push3(a: number, b: number, c: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
    this.seal(slot);
  }

  push4(a: number, b: number, c: number, d: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
    this.buf[at + 3] = d;
    this.seal(slot);
  }

  /** Field `col` of the i-th live record (0 = oldest). */
  get(i: number, col: number): number {
    return this.buf[((this.head + i) & this.mask) * this.stride + col] as number;
  }

  /** Field `col` of the newest record (the ring must not be empty). */
  last(col: number): number {
    return this.get(this.count - 1, col);
  }

  /** Overwrites field `col` of the newest record (the ring must not be empty); its digest follows. */
  setLast(col: number, value: number): void {
    const slot = (this.head + this.count - 1) & this.mask;
    const at = slot * this.stride;
    this.buf[at + col] = value;
    const o1 = this.lanes[slot * 2] as number;
    const o2 = this.lanes[slot * 2 + 1] as number;
    recordDigest(this.buf, at, this.stride);
    const r1 = DIGEST[0] as number;
    const r2 = DIGEST[1] as number;
    this.lanes[slot * 2] = r1;
    this.lanes[slot * 2 + 1] = r2;
    this.digest.replaceLast(o1, o2, r1, r2);
  }

  /** Drops the oldest record. */
  dropOldest(): void {
    if (this.count === 0) return;
    const l = this.head * 2;
    this.digest.popFront(this.lanes[l] as number, this.lanes[l + 1] as number);
    this.head = (this.head + 1) & this.mask;
    this.count--;
  }

  /** Count and the running digest of every live record in order (see running-digest.ts). */
  hashInto(h: StateHasher): void {
    h.num(this.count);
    h.word(this.digest.lane1);
    h.word(this.digest.lane2);
  }

  /** Drops records whose time (column 0) is <= cutoff; returns how many. */
  evictThrough(cutoff: number): number {
    let n = 0;
    while (this.count > 0 && (this.buf[this.head * this.stride] as number) <= cutoff) {
      this.dropOldest();
      n++;
    }
    return n;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.digest.clear();
  }

  /** The live records in order: at most two block copies (the live span may wrap), then base64. */
  toData(): TimeRingData {
    const stride = this.stride;
    const out = new Float64Array(this.count * stride);
    const first = Math.min(this.count, this.cap - this.head);
    out.set(this.buf.subarray(this.head * stride, (this.head + first) * stride));
    out.set(this.buf.subarray(0, (this.count - first) * stride), first * stride);
    return { stride, f64: f64ToBase64(out) };
  }

  static empty(stride: number): TimeRingData {
    return { stride, f64: '' };
  }

  static fromData(d: TimeRingData): TimeRing {
    const records = ringRecords(d);
    const n = records.length / d.stride;
    let cap = 1024;
    while (cap < n) cap *= 2;
    const ring = new TimeRing(d.stride, cap);
    ring.buf.set(records);
    for (let i = 0; i < n; i++) {
      ring.count++;
      ring.seal(i);
    }
    return ring;
  }

  private grow(): void {
    const stride = this.stride;
    const next = new Float64Array(this.cap * 2 * stride);
    const lanes = new Int32Array(this.cap * 4);
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) & this.mask;
      next.set(this.buf.subarray(slot * stride, slot * stride + stride), i * stride);
      lanes[i * 2] = this.lanes[slot * 2] as number;
      lanes[i * 2 + 1] = this.lanes[slot * 2 + 1] as number;
    }
    this.buf = next;
    this.lanes = lanes;
    this.head = 0;
    this.cap *= 2;
    this.mask = this.cap - 1;
  }
}
