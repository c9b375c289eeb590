/**
 * The symbol actor's publish path, old against new in the same run (issue 19, full-market load), as CPU time of
 * the publishing thread (thread-cpu.ts: the shared machine's load disturbs it far less than wall time):
 * - encode: a metrics snapshot for the channel and its metrics.jsonl line — msgpackr plus JSON.stringify (before)
 *   against one JSON.stringify whose text is also the frame (json-text-frame.ts);
 * - wake: 125 packed symbols each publishing one frame per drain pass to a gateway parked on its doorbell in
 *   another thread — a ring per frame (before) against one ring per pass (doorbell.ts, holdRings).
 * Rounds alternate old and new; min/median/max of the per-round ratios are extras.
 */
import { Worker } from 'node:worker_threads';
import { ChannelSender } from '../src/runtime/channel/channel-sender.js';
import { createDoorbell, holdRings, releaseRings } from '../src/runtime/channel/doorbell.js';
import { FrameCodec } from '../src/runtime/channel/frame-codec.js';
import { preEncodedJson } from '../src/runtime/channel/json-text-frame.js';
import { RingBuffer } from '../src/runtime/channel/ring-buffer.js';
import type { MetricsMessage } from '../src/schema/metrics-message.js';
import type { BenchSuite, CaseResult } from './harness.js';
import { spread, threadCpuNs } from './thread-cpu.js';
import { newEngine } from './workers/tick-to-trade-stages.js';

const T = 1_732_000_000_123;

/** Real snapshots from the symbol engine, each with a window of trades behind it. */
function snapshots(n: number): MetricsMessage[] {
  const engine = newEngine();
  const out: MetricsMessage[] = [];
  for (let i = 1; out.length < n; i++) {
    const t = T + i * 37;
    const m = engine.apply(
      {
        kind: 'aggTrade',
        symbol: 'BTCUSDT',
        eventTime: t,
        tradeTime: t,
        aggTradeId: i,
        firstTradeId: i,
        lastTradeId: i,
        price: 61_800 + (i % 7),
        qty: 0.01,
        side: i % 2 ? 'buy' : 'sell',
      },
      t,
    );
    if (m && i > 200) out.push(m);
  }
  return out;
}

function ratioResult(newUs: number[], oldUs: number[], extra: Record<string, number>): CaseResult {
  const ratios = newUs.map((u, i) => oldUs[i]! / u);
  const r = spread(ratios);
  const n = spread(newUs);
  const o = spread(oldUs);
  return {
    p50Us: n.median,
    p99Us: n.max,
    opsPerSec: 1e6 / n.median,
    samples: newUs.length,
    extra: { ...extra, oldMedianUs: o.median, speedupMin: r.min, speedupMedian: r.median, speedupMax: r.max },
  };
}

async function encodeCase(quick: boolean): Promise<CaseResult> {
  const ms = snapshots(quick ? 200 : 1_000);
  const codec = new FrameCodec();
  const oldPath = () => {
    for (const m of ms) {
      codec.encode(m);
      JSON.stringify(m);
    }
  };
  const newPath = () => {
    for (const m of ms) {
      preEncodedJson(m, JSON.stringify(m));
      codec.encode(m);
    }
  };
  const oldUs: number[] = [];
  const newUs: number[] = [];
  for (let round = 0; round < (quick ? 3 : 9); round++) {
    for (const [fn, into] of [
      [oldPath, oldUs],
      [newPath, newUs],
    ] as const) {
      const c0 = threadCpuNs();
      fn();
      into.push((threadCpuNs() - c0) / 1_000 / ms.length);
    }
  }
  return ratioResult(newUs, oldUs, { snapshots: ms.length });
}

const SYMBOLS = 125;

async function wakeCase(quick: boolean): Promise<CaseResult> {
  const doorbell = createDoorbell();
  const rings = Array.from({ length: SYMBOLS }, () => RingBuffer.create(1 << 16).sab);
  const stop = new SharedArrayBuffer(12);
  const flags = new Int32Array(stop);
  const senders = rings.map(
    (ring, i) =>
      new ChannelSender({
        name: `s${i}->gateway:telemetry`,
        topic: 'telemetry',
        from: `s${i}`,
        to: 'gateway',
        policy: 'drop-oldest',
        ring,
        doorbell,
      }),
  );
  // Pre-encoded JSON (as the symbol actor sends it), so the pass costs the copy and the wake, not an encode.
  const frame = snapshots(1)[0]!;
  const text = JSON.stringify(frame);
  const worker = new Worker(new URL('./workers/telemetry-consumer.js', import.meta.url), {
    workerData: { rings, doorbell, stop },
  });
  await new Promise((resolve) => worker.once('online', resolve));
  const passes = quick ? 50 : 300;
  // One pass: every symbol publishes once, then the thread idles ~1 ms as between flood batches.
  const parks = { old: 0, new: 0 };
  const run = async (held: boolean): Promise<number> => {
    let cpu = 0;
    const parks0 = Atomics.load(flags, 2);
    for (let p = 0; p < passes; p++) {
      const c0 = threadCpuNs();
      if (held) holdRings();
      preEncodedJson(frame, text);
      for (const s of senders) s.send(frame);
      if (held) releaseRings();
      cpu += threadCpuNs() - c0;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    parks[held ? 'new' : 'old'] += Atomics.load(flags, 2) - parks0;
    return cpu / 1_000 / passes;
  };
  const oldUs: number[] = [];
  const newUs: number[] = [];
  try {
    for (let round = 0; round < (quick ? 2 : 5); round++) {
      oldUs.push(await run(false));
      newUs.push(await run(true));
    }
  } finally {
    Atomics.store(flags, 0, 1);
    await worker.terminate();
  }
  // The consumer's wake-ups per pass: what a wake per frame costs the gateway's thread.
  const rounds = oldUs.length * passes;
  return ratioResult(newUs, oldUs, {
    symbols: SYMBOLS,
    passes,
    consumerWakesPerPassOld: parks.old / rounds,
    consumerWakesPerPassNew: parks.new / rounds,
  });
}

export const suite: BenchSuite = {
  name: 'telemetry-publish',
  cases: [
    {
      name: 'telemetry publish: metrics snapshot, msgpackr + JSON log vs JSON once (µs CPU per snapshot)',
      run: (o) => encodeCase(o.quick),
    },
    {
      name: 'telemetry publish: 125 symbols, a wake per frame vs per pass (µs CPU per pass)',
      run: (o) => wakeCase(o.quick),
    },
  ],
};
