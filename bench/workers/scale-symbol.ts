/**
 * Bench symbol actor for the scale and throughput benches: the real symbol actor (engine, metrics, logs), plus
 * the ingest → symbol hop of each envelope (now − its `recvTs`, which the flood ingest stamps as it sends; µs)
 * and a received count, taken (and reset) with the `takeHops` command; for the full-market bench also event →
 * handled and event → metrics snapshot sent (µs from the same `recvTs`), and the thread's CPU time so far.
 */
import { createActor as createReal } from '../../src/actors/symbol/symbol-actor.js';
import type { Actor } from '../../src/runtime/actor.js';
import { threadId } from 'node:worker_threads';
import { threadCpuNs } from '../thread-cpu.js';
import { nowMs } from './tick-to-trade-stages.js';

export function createActor(): Actor {
  const real = createReal();
  const handle = real.handle.bind(real);
  const start = real.start.bind(real);
  let hops: number[] = [];
  /** Event at ingest → its handle() done: when an intent it raised would have left (the full-market bench). */
  let doneUs: number[] = [];
  /** Event at ingest → the metrics snapshot it closed handed to the telemetry channel. */
  let metricsUs: number[] = [];
  let received = 0;
  let current = 0;
  real.start = (ctx, restored) =>
    start(
      {
        ...ctx,
        send: (topic, message) => {
          if (topic === 'telemetry' && (message as { type?: string }).type === 'metrics' && current > 0)
            metricsUs.push((nowMs() - current) * 1_000);
          ctx.send(topic, message);
        },
      },
      restored,
    );
  real.handle = (message, topic) => {
    if (topic !== 'market') return handle(message, topic);
    current = (message as { recvTs: number }).recvTs;
    hops.push((nowMs() - current) * 1_000);
    received++;
    handle(message, topic);
    doneUs.push((nowMs() - current) * 1_000);
  };
  real.command = (name) => {
    if (name !== 'takeHops') throw new Error(`bench symbol has no command ${name}`);
    // CPU of this thread so far (every packed member reports its thread's; the run dedupes by threadId).
    const out = { hops, received, doneUs, metricsUs, threadId, cpuNs: threadCpuNs() };
    hops = [];
    doneUs = [];
    metricsUs = [];
    received = 0;
    return out;
  };
  return real;
}
