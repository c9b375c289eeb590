/**
 * One hop between two actor threads, each parked (no spinning) until a frame arrives: the SAB ring with its
 * doorbell against a MessagePort carrying the same msgpack bytes. Ping-pong pacing, so every frame wakes a
 * sleeping consumer (the worst case for latency). Result decides the runtime's channel (see bench/RESULTS.md).
 */
import { MessageChannel, type TransferListItem, Worker } from 'node:worker_threads';
import { createDoorbell } from '../src/runtime/channel/doorbell.js';
import { RingBuffer } from '../src/runtime/channel/ring-buffer.js';
import type { ChannelSpec } from '../src/runtime/channel/channel-spec.js';
import { type BenchCase, type BenchSuite, percentilesUs } from './harness.js';
import { measureWakeUs } from './wake-floor.js';
import { summarizeUs } from './workers/tick-to-trade-hdr.js';

const PEER = new URL('./workers/hop-peer.js', import.meta.url);

function spec(name: string, doorbell: SharedArrayBuffer): ChannelSpec {
  return {
    name,
    topic: 'market',
    from: 'a',
    to: 'b',
    policy: 'never-drop',
    ring: RingBuffer.create(64 * 1024).sab,
    doorbell,
  };
}

function runPeers(transport: 'ring' | 'ring-blocking' | 'port', count: number): Promise<Float64Array> {
  let pingData: object;
  let pongData: object;
  const transfer: { ping: TransferListItem[]; pong: TransferListItem[] } = { ping: [], pong: [] };
  if (transport !== 'port') {
    const bellPing = createDoorbell();
    const bellPong = createDoorbell();
    const toPong = spec('ping->pong', bellPong);
    const toPing = spec('pong->ping', bellPing);
    pingData = { role: 'ping', transport, count, out: toPong, in: toPing };
    pongData = { role: 'pong', transport, count, out: toPing, in: toPong };
  } else {
    const { port1, port2 } = new MessageChannel();
    pingData = { role: 'ping', transport, count, port: port1 };
    pongData = { role: 'pong', transport, count, port: port2 };
    transfer.ping.push(port1);
    transfer.pong.push(port2);
  }
  return new Promise((resolve, reject) => {
    let latencies: Float64Array | undefined;
    let finished = 0;
    const onDone = (): void => {
      if (++finished === 2) latencies ? resolve(latencies) : reject(new Error('pong peer sent no samples'));
    };
    for (const [data, list] of [
      [pongData, transfer.pong],
      [pingData, transfer.ping],
    ] as const) {
      const w = new Worker(PEER, { workerData: data, transferList: list as never });
      w.once('message', (m: { latenciesUs: Float64Array | null }) => {
        if (m.latenciesUs) latencies = m.latenciesUs;
        void w.terminate().then(onDone);
      });
      w.once('error', reject);
      w.once('exit', (code) => {
        if (finished < 2 && code !== 0 && code !== 1) reject(new Error(`bench peer exited with ${code}`));
      });
    }
  });
}

function hopCase(name: string, transport: 'ring' | 'ring-blocking' | 'port'): BenchCase {
  return {
    name,
    async run(opts) {
      const count = opts.quick ? 5_000 : 50_000;
      await runPeers(transport, Math.min(count, 2_000)); // warm-up: JIT both peers' paths
      const started = performance.now();
      const samples = await runPeers(transport, count);
      const result = percentilesUs(samples, performance.now() - started);
      const sorted = Float64Array.from(samples).sort();
      // The floor of a back-to-back ping-pong hop: the bare one-way wake, back to back, measured in this run.
      const wake = summarizeUs(await measureWakeUs(Math.min(count, 5_000), false), 0).p50Us;
      result.floorUs = wake;
      result.extra = { p999Us: sorted[Math.floor(sorted.length * 0.999)] ?? Number.NaN, wakeP50Us: wake };
      return result;
    },
  };
}

export const suite: BenchSuite = {
  name: 'channel hop',
  cases: [
    hopCase('channel hop: SAB ring (worker -> worker)', 'ring-blocking'),
    hopCase('channel hop: SAB ring, waitAsync (worker -> worker)', 'ring'),
    hopCase('channel hop: MessagePort (worker -> worker)', 'port'),
  ],
};
