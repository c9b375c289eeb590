/**
 * A single-producer single-consumer ring of length-prefixed byte frames in a SharedArrayBuffer: the actor
 * mailbox. Positions are free-running uint32 counters in a shared Int32 header, so the ring survives the death
 * and restart of either side (a frame is visible only once its write is complete). The producer may drop the
 * oldest frame by CAS on the tail; the consumer copies a frame out and then CASes the tail, so a frame the
 * producer dropped mid-copy is detected and discarded, never half-read (the pino/thread-stream model).
 */
import { TapelineError } from '../../schema/errors.js';

/** Header slots (Int32 indexes). */
const HEAD = 0; // producer write position (bytes, free-running)
const TAIL = 1; // consumer read position (bytes, free-running)
const WRITTEN = 2; // frames committed
const CONSUMED = 3; // frames read
const DROPPED = 4; // frames dropped by the drop-oldest policy
const WANT_SPACE = 5; // producer waits for space (never-drop policy)
const HEADER_INTS = 8;
const HEADER_BYTES = HEADER_INTS * 4;
/** Marks the unused end of the ring: the next frame starts at offset 0. */
const WRAP = -1;

export class RingBuffer {
  readonly sab: SharedArrayBuffer;
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly ints: Int32Array;
  private readonly mask: number;

  /** Creates a new ring of `capacity` bytes (rounded up to a power of two). */
  static create(capacity: number): RingBuffer {
    let cap = 1024;
    while (cap < capacity) cap *= 2;
    if (cap > 1 << 30) throw new TapelineError('TL_CONFIG_INVALID', `ring capacity ${capacity} exceeds 1 GiB`);
    return new RingBuffer(new SharedArrayBuffer(HEADER_BYTES + cap));
  }

  /** Attaches to an existing ring (the other side of the channel, or a restarted actor). */
  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.capacity = sab.byteLength - HEADER_BYTES;
    this.mask = this.capacity - 1;
    this.header = new Int32Array(sab, 0, HEADER_INTS);
    this.bytes = new Uint8Array(sab, HEADER_BYTES, this.capacity);
    this.ints = new Int32Array(sab, HEADER_BYTES, this.capacity >> 2);
  }

  /** The largest frame payload: a quarter of the ring, so a frame plus a wrap skip always fits an empty ring. */
  get maxFrame(): number {
    return (this.capacity >> 2) - 8;
  }

  /** Frames written but not yet consumed or dropped. */
  depth(): number {
    return (
      (Atomics.load(this.header, WRITTEN) - Atomics.load(this.header, CONSUMED) - Atomics.load(this.header, DROPPED)) |
      0
    );
  }

  dropped(): number {
    return Atomics.load(this.header, DROPPED);
  }

  /**
   * A hint that a frame waits, for a consumer scanning many rings most of which are empty (a packed thread's 125
   * members): two plain loads, 5-10× cheaper than Atomics.load here (bench/RESULTS.md "Full-market load:
   * publish path"). Read after the doorbell's Atomics.load (`seen`), it sees every frame committed before that
   * ring; a frame committed later rings the doorbell again, so the consumer's wait returns and it re-scans.
   * `read` stays the authority: a false positive costs one empty read.
   */
  hasFrames(): boolean {
    return this.header[TAIL] !== this.header[HEAD];
  }

  usedBytes(): number {
    return (Atomics.load(this.header, HEAD) - Atomics.load(this.header, TAIL)) >>> 0;
  }

  /**
   * Writes one frame. When the ring is full: with `dropOldest`, the oldest frames are dropped (counted) to make
   * room; otherwise nothing is written and false is returned (the caller keeps the frame).
   */
  write(payload: Uint8Array, dropOldest: boolean): boolean {
    const len = payload.length;
    if (len > this.maxFrame) {
      throw new TapelineError(
        'TL_CHANNEL_FRAME_TOO_LARGE',
        `frame of ${len} bytes exceeds this channel's limit of ${this.maxFrame}; raise runtime.*ChannelBytes`,
      );
    }
    const need = (len + 7) & ~3; // 4-byte length prefix + payload, 4-byte aligned
    const head = Atomics.load(this.header, HEAD);
    const offset = head & this.mask;
    const contiguous = this.capacity - offset;
    // A frame never straddles the end: if it does not fit before the end, a WRAP marker skips the remainder.
    const total = contiguous < need ? contiguous + need : need;
    while (this.capacity - ((head - Atomics.load(this.header, TAIL)) >>> 0) < total) {
      if (!dropOldest || !this.dropOne()) return false;
    }
    let at = offset;
    if (contiguous < need) {
      this.ints[at >> 2] = WRAP;
      at = 0;
    }
    this.ints[at >> 2] = len;
    this.bytes.set(payload, at + 4);
    Atomics.store(this.header, HEAD, (head + total) | 0);
    Atomics.add(this.header, WRITTEN, 1);
    return true;
  }

  /** Drops the oldest frame (producer side). Returns false if the ring is empty. */
  private dropOne(): boolean {
    for (;;) {
      const tail = Atomics.load(this.header, TAIL);
      if (tail === Atomics.load(this.header, HEAD)) return false;
      const size = this.frameSpan(tail);
      if (Atomics.compareExchange(this.header, TAIL, tail, (tail + size) | 0) === tail) {
        Atomics.add(this.header, DROPPED, 1);
        return true;
      }
    }
  }

  /** Bytes a frame at `pos` occupies, including a WRAP skip in front of it. */
  private frameSpan(pos: number): number {
    const offset = pos & this.mask;
    const first = this.ints[offset >> 2]!;
    if (first === WRAP) return this.capacity - offset + ((this.ints[0]! + 7) & ~3);
    return (first + 7) & ~3;
  }

  /**
   * Copies the oldest frame into `scratch` and consumes it; returns its length, or -1 when the ring is empty.
   * `scratch` must hold `maxFrame` bytes. Retries if the producer dropped the frame while it was copied.
   */
  read(scratch: Uint8Array): number {
    for (;;) {
      const tail = Atomics.load(this.header, TAIL);
      if (tail === Atomics.load(this.header, HEAD)) return -1;
      let offset = tail & this.mask;
      let skip = 0;
      let len = this.ints[offset >> 2]!;
      if (len === WRAP) {
        skip = this.capacity - offset;
        offset = 0;
        len = this.ints[0]!;
      }
      const span = skip + ((len + 7) & ~3);
      if (len < 0 || len > this.maxFrame) {
        // Only possible if the producer overwrote this slot after dropping it; the CAS below fails then.
        if (Atomics.load(this.header, TAIL) === tail) {
          throw new TapelineError('TL_CHANNEL_CORRUPT', `ring frame length ${len} at ${tail} is invalid`);
        }
        continue;
      }
      scratch.set(this.bytes.subarray(offset + 4, offset + 4 + len), 0);
      if (Atomics.compareExchange(this.header, TAIL, tail, (tail + span) | 0) === tail) {
        Atomics.add(this.header, CONSUMED, 1);
        if (Atomics.load(this.header, WANT_SPACE) !== 0) Atomics.notify(this.header, TAIL);
        return len;
      }
    }
  }

  /** Producer side of the never-drop policy: resolves when the consumer has freed space (or after timeoutMs). */
  async waitForSpace(timeoutMs: number): Promise<void> {
    Atomics.store(this.header, WANT_SPACE, 1);
    const tail = Atomics.load(this.header, TAIL);
    const waiter = Atomics.waitAsync(this.header, TAIL, tail, timeoutMs);
    if (waiter.async) await waiter.value;
    Atomics.store(this.header, WANT_SPACE, 0);
  }
}
