/**
 * Encoding a channel frame: msgpackr with the schema's shared structures against JSON, for a metrics-sized
 * snapshot, and the fixed binary layout (what FrameCodec uses for market envelopes) against msgpackr and JSON
 * for an aggTrade and a 20-level depthUpdate envelope (the per-event hot path). Bytes per frame are extras.
 */
import { FrameCodec } from '../src/runtime/channel/frame-codec.js';
import { type BenchSuite, tinybenchCase } from './harness.js';
import { msgpackrOnly } from './workers/msgpackr-only.js';
import { newEngine } from './workers/tick-to-trade-stages.js';

/** A metrics message as the real symbol engine builds it (200+ trades in, every block filled). */
function realMetrics(): unknown {
  const engine = newEngine();
  for (let i = 1; i < 1_000; i++) {
    const t = T + i * 10;
    const out = engine.apply(
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
    if (out && i > 200) return out;
  }
  throw new Error('the engine emitted no metrics');
}
/** The envelopes ingest really sends: the Binance codec's event objects, keys in the codec's order. */
const T = 1_732_000_000_123;
const market = {
  type: 'market',
  symbol: 'BTCUSDT',
  recvTs: T + 7.25,
  seq: 991_001,
  event: {
    kind: 'aggTrade',
    symbol: 'BTCUSDT',
    eventTime: T,
    tradeTime: T - 1,
    aggTradeId: 2_919_919_121,
    firstTradeId: 5_100_000_001,
    lastTradeId: 5_100_000_003,
    price: 97_123.4,
    qty: 0.012,
    side: 'sell',
  },
};
const level = (i: number): [number, number] => [97_123.4 - i * 0.1, 0.001 * (i + 1)];
const depth = {
  type: 'market',
  symbol: 'BTCUSDT',
  recvTs: T + 7.25,
  seq: 991_002,
  event: {
    kind: 'depthUpdate',
    symbol: 'BTCUSDT',
    eventTime: T,
    transactionTime: T - 1,
    firstUpdateId: 8_000_000_001,
    finalUpdateId: 8_000_000_040,
    prevFinalUpdateId: 8_000_000_000,
    bids: Array.from({ length: 20 }, (_, i) => level(i)),
    asks: Array.from({ length: 20 }, (_, i) => level(-1 - i)),
  },
};

const metrics = realMetrics();
const codec = new FrameCodec();
const baseline = msgpackrOnly();
const metricsBytes = codec.encode(metrics).slice();
const marketBytes = codec.encode(market).slice();
const depthBytes = codec.encode(depth).slice();
const marketPacked = baseline.encode(market).slice();
const depthPacked = baseline.encode(depth).slice();
const metricsJson = JSON.stringify(metrics);
const marketJson = JSON.stringify(market);
const depthJson = JSON.stringify(depth);
let sink: unknown;

function sized(c: ReturnType<typeof tinybenchCase>, bytes: number) {
  return {
    name: c.name,
    async run(opts: { quick: boolean }) {
      const r = await c.run(opts);
      r.extra = { bytes };
      return r;
    },
  };
}

export const suite: BenchSuite = {
  name: 'frame codec',
  cases: [
    sized(
      tinybenchCase('msgpackr encode metrics snapshot', () => {
        sink = codec.encode(metrics);
      }),
      metricsBytes.length,
    ),
    sized(
      tinybenchCase('msgpackr decode metrics snapshot', () => {
        sink = codec.decode(metricsBytes);
      }),
      metricsBytes.length,
    ),
    sized(
      tinybenchCase('JSON encode metrics snapshot', () => {
        sink = JSON.stringify(metrics);
      }),
      Buffer.byteLength(metricsJson),
    ),
    sized(
      tinybenchCase('JSON decode metrics snapshot', () => {
        sink = JSON.parse(metricsJson);
      }),
      Buffer.byteLength(metricsJson),
    ),
    sized(
      tinybenchCase('fixed layout encode aggTrade envelope', () => {
        sink = codec.encode(market);
      }),
      marketBytes.length,
    ),
    sized(
      tinybenchCase('fixed layout decode aggTrade envelope', () => {
        sink = codec.decode(marketBytes);
      }),
      marketBytes.length,
    ),
    sized(
      tinybenchCase('msgpackr encode aggTrade envelope', () => {
        sink = baseline.encode(market);
      }),
      marketPacked.length,
    ),
    sized(
      tinybenchCase('msgpackr decode aggTrade envelope', () => {
        sink = baseline.decode(marketPacked);
      }),
      marketPacked.length,
    ),
    sized(
      tinybenchCase('JSON encode aggTrade envelope', () => {
        sink = JSON.stringify(market);
      }),
      Buffer.byteLength(marketJson),
    ),
    sized(
      tinybenchCase('JSON decode aggTrade envelope', () => {
        sink = JSON.parse(marketJson);
      }),
      Buffer.byteLength(marketJson),
    ),
    sized(
      tinybenchCase('fixed layout encode depthUpdate envelope (20+20 levels)', () => {
        sink = codec.encode(depth);
      }),
      depthBytes.length,
    ),
    sized(
      tinybenchCase('fixed layout decode depthUpdate envelope (20+20 levels)', () => {
        sink = codec.decode(depthBytes);
      }),
      depthBytes.length,
    ),
    sized(
      tinybenchCase('msgpackr encode depthUpdate envelope (20+20 levels)', () => {
        sink = baseline.encode(depth);
      }),
      depthPacked.length,
    ),
    sized(
      tinybenchCase('msgpackr decode depthUpdate envelope (20+20 levels)', () => {
        sink = baseline.decode(depthPacked);
      }),
      depthPacked.length,
    ),
    sized(
      tinybenchCase('JSON decode depthUpdate envelope (20+20 levels)', () => {
        sink = JSON.parse(depthJson);
      }),
      Buffer.byteLength(depthJson),
    ),
  ],
};

export function keep(): unknown {
  return sink;
}
