/**
 * One wake-up word per consumer worker, shared by all its inbound rings: a producer rings after each write and
 * only pays for Atomics.notify when the consumer said it is going to sleep. The consumer parks with
 * Atomics.waitAsync, so its event loop stays free for control messages and timers (no spinning core).
 */
const RINGS = 0;
const SLEEPING = 1;
/** A process-unique id: the same doorbell reaches each thread as a different SharedArrayBuffer object. */
const ID = 2;
let nextId = 1;

export function createDoorbell(): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(16);
  new Int32Array(sab)[ID] = nextId++;
  return sab;
}

/**
 * Doorbells whose consumer runs on this very thread (a packed worker, src/runtime/packing/packed-host.ts), with
 * the consumer's drain: a producer on the same thread (ingest's socket callback sending to a symbol packed with
 * it) schedules that drain for right after its callback, instead of a waitAsync wake through the event loop
 * (≈ 40 µs per hand-off in bench/tick-to-trade.bench.ts, issue 19).
 */
const localConsumers = new Map<number, () => void>();

export function setLocalConsumer(sab: SharedArrayBuffer, drain: (() => void) | undefined): void {
  const id = new Int32Array(sab)[ID]!;
  if (drain) localConsumers.set(id, drain);
  else localConsumers.delete(id);
}

/**
 * Rings held back while a drain pass runs (`holdRings` … `releaseRings`, src/runtime/packing/packed-host.ts and
 * inbox.ts): a drop-oldest producer (telemetry) marks its consumer's doorbell instead of ringing it, and the end of
 * the pass rings each marked doorbell once. 125 packed symbols publishing a snapshot each per 100 ms cost one
 * wake of the gateway per pass instead of 125-250 (`Atomics.notify` was 13 % of a packed symbol thread's CPU in
 * the full-market profile, bench/RESULTS.md "Full-market load: publish path"). Never-drop channels (intents,
 * orders) still ring at once: their latency is the product.
 */
const held = new Map<number, Doorbell>();
let holding = 0;

/** Opens a drain pass: drop-oldest rings wait for the matching `releaseRings`. Nests. */
export function holdRings(): void {
  holding++;
}

/** Closes a drain pass: the outermost one rings every doorbell marked during it, once each. */
export function releaseRings(): void {
  if (--holding > 0 || held.size === 0) return;
  for (const bell of held.values()) bell.ring();
  held.clear();
}

export class Doorbell {
  private readonly cell: Int32Array;
  private readonly id: number;

  constructor(sab: SharedArrayBuffer) {
    this.cell = new Int32Array(sab);
    this.id = this.cell[ID]!;
  }

  /** Producer: a frame was committed. */
  ring(): void {
    Atomics.add(this.cell, RINGS, 1);
    if (Atomics.load(this.cell, SLEEPING) !== 0) Atomics.notify(this.cell, RINGS);
    if (localConsumers.size > 0) localConsumers.get(this.id)?.();
  }

  /** Producer of a drop-oldest channel: rings now, or once at the end of the drain pass in progress. */
  ringSoon(): void {
    if (holding === 0) this.ring();
    else if (!held.has(this.id)) held.set(this.id, this);
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
