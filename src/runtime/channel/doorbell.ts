/**
 * One wake-up word per consumer worker, shared by all its inbound rings: a producer rings after each write and
 * only pays for Atomics.notify when the consumer said it is going to sleep. The consumer parks with
 * Atomics.waitAsync, so its event loop stays free for control messages and timers (no spinning core).
 */
const RINGS = 0;
const SLEEPING = 1;

export function createDoorbell(): SharedArrayBuffer {
  return new SharedArrayBuffer(16);
}

export class Doorbell {
  private readonly cell: Int32Array;

  constructor(sab: SharedArrayBuffer) {
    this.cell = new Int32Array(sab);
  }

  /** Producer: a frame was committed. */
  ring(): void {
    Atomics.add(this.cell, RINGS, 1);
    if (Atomics.load(this.cell, SLEEPING) !== 0) Atomics.notify(this.cell, RINGS);
  }

  /** Consumer: read before the last drain; pass to `sleep` so a ring in between is never missed. */
  seen(): number {
    return Atomics.load(this.cell, RINGS);
  }

  /**
   * Consumer, for actors without I/O of their own: block the thread in a futex wait until a producer rings.
   * Wakes in a few µs instead of the tens of µs an event-loop wake costs (bench/channel-hop.bench.ts).
   */
  block(seen: number, timeoutMs: number): void {
    Atomics.store(this.cell, SLEEPING, 1);
    Atomics.wait(this.cell, RINGS, seen, timeoutMs);
    Atomics.store(this.cell, SLEEPING, 0);
  }

  /** Consumer: park until a producer rings (or timeoutMs passes). */
  async sleep(seen: number, timeoutMs: number): Promise<void> {
    Atomics.store(this.cell, SLEEPING, 1);
    const waiter = Atomics.waitAsync(this.cell, RINGS, seen, timeoutMs);
    if (waiter.async) await waiter.value;
    Atomics.store(this.cell, SLEEPING, 0);
  }
}
