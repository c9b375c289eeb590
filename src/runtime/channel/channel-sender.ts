/**
 * The producer end of a data channel: encodes with msgpackr and writes into the consumer's ring. Full policy:
 * `drop-oldest` lets the ring drop (and count) the oldest frames; `never-drop` keeps the frame in a local
 * backlog, flushed in order as the consumer frees space, so orders and control are delayed but never lost.
 */

import { RingQueue } from '../ring-queue.js';
import type { ChannelSpec } from './channel-spec.js';
import { Doorbell } from './doorbell.js';
import { FrameCodec } from './frame-codec.js';
import { RingBuffer } from './ring-buffer.js';

export class ChannelSender {
  readonly spec: ChannelSpec;
  private readonly ring: RingBuffer;
  private readonly bell: Doorbell;
  private readonly codec = new FrameCodec();
  private readonly dropOldest: boolean;
  private readonly backlog = new RingQueue<Uint8Array>();
  private flushing = false;
  private closed = false;

  constructor(spec: ChannelSpec) {
    this.spec = spec;
    this.ring = new RingBuffer(spec.ring);
    this.bell = new Doorbell(spec.doorbell);
    this.dropOldest = spec.policy === 'drop-oldest';
  }

  send(message: unknown): void {
    const bytes = this.codec.encode(message);
    if (this.backlog.length === 0 && this.ring.write(bytes, this.dropOldest)) {
      // A drop-oldest consumer (telemetry) is woken once per drain pass, not once per frame (doorbell.ts).
      if (this.dropOldest) this.bell.ringSoon();
      else this.bell.ring();
      return;
    }
    // Only never-drop channels get here: keep order behind what is already waiting.
    this.backlog.push(bytes.slice());
    this.scheduleFlush();
  }

  /** Frames held locally because the consumer's ring was full. */
  backlogDepth(): number {
    return this.backlog.length;
  }

  close(): void {
    this.closed = true;
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    void this.flush();
  }

  private async flush(): Promise<void> {
    try {
      while (this.backlog.length > 0 && !this.closed) {
        let wrote = false;
        while (this.backlog.length > 0 && this.ring.write(this.backlog.peek()!, false)) {
          this.backlog.shift();
          wrote = true;
        }
        if (wrote) this.bell.ring();
        if (this.backlog.length > 0) await this.ring.waitForSpace(50);
      }
    } finally {
      this.flushing = false;
    }
  }
}
