/**
 * The machine's latency floor (issue 19), measured in the same run as tick-to-trade so that budgets are ratios,
 * not absolute figures: (a) a bare two-thread Atomics.wait/notify ping-pong, whose half round trip is one
 * one-way wake of a parked thread; (b) the tick-to-trade pipeline collapsed into one thread (measured by
 * tick-to-trade.bench.ts). Floor = (b) + 3 × (a): the pipeline's own work plus the three hops of
 * ingest → symbol → risk → execution, each paying one wake. On this 2-vCPU guest a wake across vCPUs costs
 * ≈ 25 µs one way whatever the language (a C futex ping-pong shows the same), so ratios to it are what travel.
 */
import { Worker } from 'node:worker_threads';

/** One-way wake samples in µs (half of each round trip), `count` round trips after `warmup`. */
export async function measureWakeUs(count: number, spaced = true, warmup = 200): Promise<number[]> {
  const sab = new SharedArrayBuffer(8);
  const cells = new Int32Array(sab);
  const worker = new Worker(new URL('./workers/wake-ping.js', import.meta.url), { workerData: sab });
  await new Promise((resolve) => worker.once('online', resolve));
  const out: number[] = [];
  try {
    for (let i = 1; i <= warmup + count; i++) {
      const t0 = performance.now();
      Atomics.store(cells, 0, i);
      Atomics.notify(cells, 0);
      // Bounded: a lost wake shows as a 1 s sample instead of a hung bench.
      while (Atomics.load(cells, 1) !== i) Atomics.wait(cells, 1, i - 1, 1_000);
      const rtt = performance.now() - t0;
      if (i > warmup) out.push((rtt * 1_000) / 2);
      // Paced like the tick-to-trade frames (a timer turn apart), so both threads are really parked and
      // their vCPUs idle between round trips: back to back, the echo never sleeps deeply and the figure
      // understates what a hop pays in the actor run.
      if (spaced) await new Promise<void>((r) => setTimeout(r, 0));
    }
  } finally {
    Atomics.store(cells, 0, -1);
    Atomics.notify(cells, 0);
    await worker.terminate();
  }
  return out;
}

/** Hops a frame makes through the isolated placement (ingest → symbol → risk → execution). */
export const FLOOR_HOPS = 3;

/** Floor = one-thread pipeline p50 + FLOOR_HOPS × one-way wake p50. */
export function floorUs(pipelineP50Us: number, wakeP50Us: number): number {
  return pipelineP50Us + FLOOR_HOPS * wakeP50Us;
}
