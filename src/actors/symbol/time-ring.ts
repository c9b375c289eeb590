/**
 * `TimeRing`: a FIFO of fixed-width numeric records (column 0 = exchange time, non-decreasing) in one
 * preallocated Float64Array, for rolling windows. No per-record objects; the buffer doubles when a window holds
 * more records than its capacity (a power of two, so indexes wrap with a mask), so no record is ever lost.
 *
 * The ring's stateHash contribution is a running `SequenceDigest`, so a snapshot does not rescan the window
 * (bench/symbol-metrics.bench.ts "metrics snapshot, 60 s window at 1000 trades/s": 4.4 ms → 0.4 ms; bench/RESULTS.md).
 * Records are digested lazily, at the next `hashInto`, not per push: the oldest `sealed` live records are in the
 * digest (their two lanes kept beside them in an Int32Array), the newer ones not yet. So the trade path pays
 * nothing for the hash (digesting per push doubled the engine's cost per trade, 128 → 220 ns), each record is
 * digested at most once, and one pushed and evicted between two snapshots is never digested.
 */
import { DIGEST, recordDigest, SequenceDigest } from './running-digest.js';
import type { StateHasher } from './state-hash.js';

export interface TimeRingData {
  stride: number;
  /**
   * The live records, oldest first, flattened, as the base64 of their float64 bytes (platform order: little-endian
   * on every platform Node supports). A string clones as one copy where a number[] clones element by element:
   * a 60 s window at 1000 trades/s took 130 ms to structured-clone as arrays (bench/symbol-metrics.bench.ts
   * "snapshot() + structured clone"; bench/RESULTS.md). Still plain JSON.
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
  /** The oldest `sealed` live records are in `digest`; the rest are not digested yet. */
  private sealed = 0;
  /**
   * Bumped whenever a live record leaves or changes, never on an append: a left-to-right fold of the first k
   * records cached at generation g is still theirs while the generation is g (metrics/cvd.ts keeps such folds).
   */
  private gen = 0;
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

  get generation(): number {
    return this.gen;
  }

  /** The backing buffer, for tight scans: record i (0 = oldest) is at `slotOf(i) · stride`; slots wrap with
   * `slotMask`. Valid until the next push (a push may grow the ring into a new buffer). */
  get raw(): Float64Array {
    return this.buf;
  }

  get slotMask(): number {
    return this.mask;
  }

  slotOf(i: number): number {
    return (this.head + i) & this.mask;
  }

  /** Slot of a fresh record (the caller writes `stride` values at slot · stride). */
  private slot(): number {
    if (this.count === this.cap) this.grow();
    const slot = (this.head + this.count) & this.mask;
    this.count++;
    return slot;
  }

  /** Digests every live record not digested yet, oldest first, into its lanes and the running digest. */
  private seal(): void {
    for (; this.sealed < this.count; this.sealed++) {
      const slot = (this.head + this.sealed) & this.mask;
      recordDigest(this.buf, slot * this.stride, this.stride);
      const r1 = DIGEST[0] as number;
      const r2 = DIGEST[1] as number;
      this.lanes[slot * 2] = r1;
      this.lanes[slot * 2 + 1] = r2;
      this.digest.push(r1, r2);
    }
  }

  // One method per arity, no default parameters: monomorphic call sites.
  push2(a: number, b: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
  }

  push3(a: number, b: number, c: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
  }

  push4(a: number, b: number, c: number, d: number): void {
    const slot = this.slot();
    const at = slot * this.stride;
    this.buf[at] = a;
    this.buf[at + 1] = b;
    this.buf[at + 2] = c;
    this.buf[at + 3] = d;
  }

  /** Field `col` of the i-th live record (0 = oldest). */
  get(i: number, col: number): number {
    return this.buf[((this.head + i) & this.mask) * this.stride + col] as number;
  }

  /** Field `col` of the newest record (the ring must not be empty). */
  last(col: number): number {
    return this.get(this.count - 1, col);
  }

  /** Overwrites field `col` of the newest record (the ring must not be empty); its digest follows if it has one. */
  setLast(col: number, value: number): void {
    const slot = (this.head + this.count - 1) & this.mask;
    const at = slot * this.stride;
    this.buf[at + col] = value;
    this.gen++;
    if (this.sealed < this.count) return;
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
    this.gen++;
    if (this.sealed > 0) {
      const l = this.head * 2;
      this.digest.popFront(this.lanes[l] as number, this.lanes[l + 1] as number);
      this.sealed--;
    }
    this.head = (this.head + 1) & this.mask;
    this.count--;
  }

  /** Count and the running digest of every live record in order (see running-digest.ts). */
  hashInto(h: StateHasher): void {
    this.seal();
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
    this.sealed = 0;
    this.gen++;
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
    ring.count = n;
    return ring;
  }

  /** Doubles the capacity: the live span (which may wrap) as at most two block copies per array. */
  private grow(): void {
    const stride = this.stride;
    const next = new Float64Array(this.cap * 2 * stride);
    const lanes = new Int32Array(this.cap * 4);
    const first = Math.min(this.count, this.cap - this.head);
    next.set(this.buf.subarray(this.head * stride, (this.head + first) * stride));
    next.set(this.buf.subarray(0, (this.count - first) * stride), first * stride);
    lanes.set(this.lanes.subarray(this.head * 2, (this.head + first) * 2));
    lanes.set(this.lanes.subarray(0, (this.count - first) * 2), first * 2);
    this.buf = next;
    this.lanes = lanes;
    this.head = 0;
    this.cap *= 2;
    this.mask = this.cap - 1;
  }
}
