/**
 * The consumer side of an actor's mailbox: every inbound ring, one doorbell, one loop. It drains the rings
 * round-robin in batches (so one busy channel cannot starve another), yields to the event loop between batches
 * (control calls and timers stay responsive), and parks on the doorbell when all rings are empty.
 */
import { Doorbell, holdRings, releaseRings } from './doorbell.js';
import { FrameCodec } from './frame-codec.js';
import { RingBuffer } from './ring-buffer.js';
import type { ChannelSpec } from './channel-spec.js';

export type Deliver = (message: unknown, topic: string) => void;

interface InboundRing {
  spec: ChannelSpec;
  ring: RingBuffer;
  codec: FrameCodec;
}

const BATCH = 256;
const PARK_TIMEOUT_MS = 1_000;
/** A blocking inbox returns to its event loop at least this often, so control calls and timers still run. */
const BLOCK_SLICE_MS = 2;

/**
 * `async`: park with Atomics.waitAsync (the event loop stays free: edge actors doing I/O).
 * `blocking`: park the thread with Atomics.wait in slices of BLOCK_SLICE_MS (pure actors: lower wake latency).
 */
export type WakeMode = 'async' | 'blocking';

export class Inbox {
  private readonly rings: InboundRing[];
  private bell: Doorbell | undefined;
  private scratch: Uint8Array;
  private running = false;
  /** Atomics.waitAsync does not keep a Node event loop alive; this timer does while the inbox runs. */
  private keepAlive: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;
  delivered = 0;

  private readonly wake: WakeMode;

  constructor(specs: ChannelSpec[], wake: WakeMode = 'async') {
    this.wake = wake;
    this.rings = specs.map((spec) => ({ spec, ring: new RingBuffer(spec.ring), codec: new FrameCodec() }));
    this.bell = specs[0] ? new Doorbell(specs[0].doorbell) : undefined;
    let max = 1024;
    for (const r of this.rings) max = Math.max(max, r.ring.maxFrame);
    this.scratch = new Uint8Array(max);
  }

  /**
   * Adds an inbound channel at runtime (a symbol added live). Frames already in its ring are delivered. An inbox
   * created with no channels parks on the first attached channel's doorbell from then on.
   */
  attach(spec: ChannelSpec, deliver?: Deliver): void {
    if (this.rings.some((r) => r.spec.name === spec.name)) return;
    const ring = { spec, ring: new RingBuffer(spec.ring), codec: new FrameCodec() };
    this.rings.push(ring);
    if (ring.ring.maxFrame > this.scratch.length) this.scratch = new Uint8Array(ring.ring.maxFrame);
    if (!this.bell) {
      this.bell = new Doorbell(spec.doorbell);
      if (deliver && this.wantRunning) this.start(deliver);
    } else {
      this.bell.ring();
    }
  }

  /** Removes an inbound channel (a symbol removed); unread frames in it are abandoned with the channel. */
  detach(name: string): void {
    const i = this.rings.findIndex((r) => r.spec.name === name);
    if (i >= 0) this.rings.splice(i, 1);
  }

  /**
   * Whether any inbound ring has a frame: what a packed thread asks of each of its members per pass before
   * draining it (an empty drainOnce costs ~10× more, and most of 125 members are empty on most passes).
   */
  hasFrames(): boolean {
    const rings = this.rings;
    for (let i = 0; i < rings.length; i++) if (rings[i]!.ring.hasFrames()) return true;
    return false;
  }

  /** Messages waiting across all inbound rings. */
  depth(): number {
    let n = 0;
    for (const r of this.rings) n += r.ring.depth();
    return n;
  }

  dropped(): number {
    let n = 0;
    for (const r of this.rings) n += r.ring.dropped();
    return n;
  }

  private wantRunning = false;

  start(deliver: Deliver): void {
    this.wantRunning = true;
    if (this.running || !this.bell) return;
    this.running = true;
    this.keepAlive = setInterval(() => {}, 1 << 30);
    this.stopped = this.loop(deliver, this.bell);
  }

  /** Stops after the current message; unread frames stay in the rings for whoever attaches next. */
  async stop(): Promise<void> {
    this.wantRunning = false;
    this.running = false;
    this.bell?.ring();
    await this.stopped;
    clearInterval(this.keepAlive);
  }

  /** Delivers what is queued now (up to `max`), synchronously. Used by the loop and by drain-on-shutdown. */
  drainOnce(deliver: Deliver, max: number): number {
    let total = 0;
    let progress = true;
    // What the actor publishes on drop-oldest channels during this pass wakes its consumer once, at the end.
    holdRings();
    try {
      while (progress && total < max) {
        progress = false;
        for (const r of this.rings) {
          for (let i = 0; i < BATCH; i++) {
            const len = r.ring.read(this.scratch);
            if (len < 0) break;
            // Decode from the scratch view: msgpackr copies strings and numbers out, so reuse is safe.
            const message = r.codec.decode(this.scratch.subarray(0, len));
            total++;
            this.delivered++;
            deliver(message, r.spec.topic);
            progress = true;
          }
        }
      }
    } finally {
      releaseRings();
    }
    return total;
  }

  private async loop(deliver: Deliver, bell: Doorbell): Promise<void> {
    while (this.running) {
      if (this.wake === 'blocking') {
        // Stay in a tight drain/futex-wait cycle for one slice, then let the event loop run once.
        const sliceEnd = performance.now() + BLOCK_SLICE_MS;
        for (let left = BLOCK_SLICE_MS; left > 0 && this.running; left = sliceEnd - performance.now()) {
          const seen = bell.seen();
          if (this.drainOnce(deliver, BATCH * 4) === 0) bell.block(seen, left);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      const seen = bell.seen();
      const n = this.drainOnce(deliver, BATCH * 4);
      if (!this.running) break;
      if (n > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      else await bell.sleep(seen, PARK_TIMEOUT_MS);
    }
  }
}
