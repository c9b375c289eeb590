/**
 * A peer thread of the hop-breakdown bench. `producer`: paced by its event loop (like ingest), encodes a real
 * aggTrade envelope, writes it to the ring and rings the doorbell, stamping each step. `consumer`: parks on the
 * doorbell with Atomics.wait (like a symbol actor), then reads and decodes, stamping each step, and acks.
 * Stamps go to a shared Float64Array, one row of ROW stamps per frame.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Doorbell } from '../../src/runtime/channel/doorbell.js';
import { FrameCodec } from '../../src/runtime/channel/frame-codec.js';
import { RingBuffer } from '../../src/runtime/channel/ring-buffer.js';
import { msgpackrOnly } from './msgpackr-only.js';
import { monoMs } from './tick-to-trade-stages.js';

interface PeerData {
  role: 'producer' | 'consumer';
  codec: 'layout' | 'msgpackr';
  count: number;
  ring: SharedArrayBuffer;
  doorbell: SharedArrayBuffer;
  ack: SharedArrayBuffer;
  stamps: SharedArrayBuffer;
  /** Stamps per frame. */
  row: number;
}

const data = workerData as PeerData;
// One monotonic clock for every thread (see nowMs in tick-to-trade-stages.ts: per-thread timeOrigin skews).
const now = monoMs;
const stamps = new Float64Array(data.stamps);
const ROW = data.row;
const ack = new Int32Array(data.ack);
const ring = new RingBuffer(data.ring);
const bell = new Doorbell(data.doorbell);

function codecOf(kind: PeerData['codec']): { encode(m: unknown): Uint8Array; decode(b: Uint8Array): unknown } {
  return kind === 'layout' ? new FrameCodec() : msgpackrOnly();
}
const codec = codecOf(data.codec);

async function produce(): Promise<void> {
  for (let i = 0; i < data.count; i++) {
    await new Promise<void>((r) => setTimeout(r, 0)); // ~1 ms apart: every frame finds the consumer asleep
    const t = 1_732_000_000_000 + i;
    const envelope = {
      type: 'market',
      symbol: 'BTCUSDT',
      recvTs: Date.now(),
      seq: i,
      event: {
        kind: 'aggTrade',
        symbol: 'BTCUSDT',
        eventTime: t,
        tradeTime: t,
        aggTradeId: i,
        firstTradeId: i,
        lastTradeId: i,
        price: 61_800.1,
        qty: 0.012,
        side: i % 2 ? 'buy' : 'sell',
      },
    };
    const row = i * ROW;
    stamps[row] = now();
    const bytes = codec.encode(envelope);
    stamps[row + 1] = now();
    ring.write(bytes, true);
    stamps[row + 2] = now();
    bell.ring();
    stamps[row + 3] = now();
    const waiter = Atomics.waitAsync(ack, 0, i, 1_000);
    if (waiter.async) await waiter.value;
  }
}

function consume(): void {
  const scratch = new Uint8Array(ring.maxFrame);
  for (let i = 0; i < data.count; ) {
    const seen = bell.seen();
    if (ring.depth() === 0) {
      bell.block(seen, 2);
      continue;
    }
    const row = i * ROW;
    stamps[row + 4] = now();
    const len = ring.read(scratch);
    stamps[row + 5] = now();
    codec.decode(scratch.subarray(0, len));
    stamps[row + 6] = now();
    Atomics.store(ack, 0, ++i);
    Atomics.notify(ack, 0);
  }
}

if (data.role === 'producer') {
  // Atomics.waitAsync alone does not keep a worker's event loop alive.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await produce();
  clearInterval(keepAlive);
} else consume();
parentPort!.postMessage('done');
