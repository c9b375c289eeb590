/**
 * Where one hop's time goes: a producer thread paced by its event loop (~1 ms between frames, like ingest) sends
 * a real aggTrade envelope to a consumer parked on Atomics.wait (like a symbol actor). Stamps per step: encode,
 * ring write, doorbell (Atomics.notify: a futex-wake syscall that must wake a halted vCPU), wake (notify return →
 * consumer running), read, decode. Fixed binary layout (production) against msgpackr alone. The figures behind
 * "Why the latency targets are missed" in bench/RESULTS.md.
 */
import { Worker } from 'node:worker_threads';
import { createDoorbell } from '../src/runtime/channel/doorbell.js';
import { RingBuffer } from '../src/runtime/channel/ring-buffer.js';
import { type BenchCase, type BenchSuite, type CaseResult, percentilesUs } from './harness.js';

const PEER = new URL('./workers/hop-breakdown-peer.js', import.meta.url);
const ROW = 8;
const STEPS = ['encode', 'ringWrite', 'notify', 'wake', 'read', 'decode'] as const;

async function run(codec: 'layout' | 'msgpackr', count: number): Promise<Float64Array> {
  const shared = {
    codec,
    count,
    ring: RingBuffer.create(1 << 20).sab,
    doorbell: createDoorbell(),
    ack: new SharedArrayBuffer(8),
    stamps: new SharedArrayBuffer(count * ROW * 8),
    row: ROW,
  };
  const peers = (['consumer', 'producer'] as const).map(
    (role) => new Worker(PEER, { workerData: { ...shared, role } }),
  );
  await Promise.all(
    peers.map(
      (w) =>
        new Promise((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  await Promise.all(peers.map((w) => w.terminate()));
  return new Float64Array(shared.stamps);
}

function p50(values: number[]): number {
  const s = values.sort((a, b) => a - b);
  return Number(s[Math.floor(s.length / 2)]!.toFixed(1));
}

function breakdownCase(name: string, codec: 'layout' | 'msgpackr'): BenchCase {
  return {
    name,
    async run(opts): Promise<CaseResult> {
      const count = opts.quick ? 1_500 : 10_000;
      const warm = Math.floor(count / 5);
      const started = performance.now();
      const stamps = await run(codec, count);
      const total: number[] = [];
      const steps: number[][] = STEPS.map(() => []);
      for (let i = warm; i < count; i++) {
        const r = i * ROW;
        total.push((stamps[r + 6]! - stamps[r]!) * 1_000);
        for (let s = 0; s < STEPS.length; s++) steps[s]!.push((stamps[r + s + 1]! - stamps[r + s]!) * 1_000);
      }
      const result = percentilesUs(total, performance.now() - started);
      result.extra = Object.fromEntries(STEPS.map((s, k) => [`${s}P50`, p50(steps[k]!)]));
      return result;
    },
  };
}

export const suite: BenchSuite = {
  name: 'hop breakdown',
  cases: [
    breakdownCase('hop breakdown: fixed layout (encode -> decoded)', 'layout'),
    breakdownCase('hop breakdown: msgpackr (encode -> decoded)', 'msgpackr'),
  ],
};
