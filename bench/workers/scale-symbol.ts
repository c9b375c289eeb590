/**
 * Bench symbol actor for the scale and throughput benches: the real symbol actor (engine, metrics, logs), plus
 * the ingest → symbol hop of each envelope (now − its `recvTs`, which the flood ingest stamps as it sends; µs)
 * and a received count, taken (and reset) with the `takeHops` command.
 */
import { createActor as createReal } from '../../src/actors/symbol/symbol-actor.js';
import type { Actor } from '../../src/runtime/actor.js';
import { nowMs } from './tick-to-trade-stages.js';

export function createActor(): Actor {
  const real = createReal();
  const handle = real.handle.bind(real);
  let hops: number[] = [];
  let received = 0;
  real.handle = (message, topic) => {
    if (topic === 'market') {
      hops.push((nowMs() - (message as { recvTs: number }).recvTs) * 1_000);
      received++;
    }
    handle(message, topic);
  };
  real.command = (name) => {
    if (name !== 'takeHops') throw new Error(`bench symbol has no command ${name}`);
    const out = { hops, received };
    hops = [];
    received = 0;
    return out;
  };
  return real;
}
