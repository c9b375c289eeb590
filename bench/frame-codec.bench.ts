/**
 * Encoding a channel frame: msgpackr with the schema's shared structures against JSON, for a metrics-sized
 * snapshot and a market event envelope (the per-event hot path). Bytes per frame are reported as extras.
 */
import { FrameCodec } from '../src/runtime/channel/frame-codec.js';
import { type BenchSuite, tinybenchCase } from './harness.js';

/** Shaped like DESIGN A3's metrics message (field values are illustrative). */
const metrics = {
  type: 'metrics',
  symbol: 'BTCUSDT',
  ts: 1_732_000_000_123,
  seq: 4242,
  stateHash: '9f1c2a7be01d44c3',
  ready: true,
  price: { last: 97_123.4, mid: 97_123.45, bid: 97_123.4, ask: 97_123.5, spread: 0.1, microprice: 97_123.47 },
  timeAndSales: { count: 812, buyVolume: 12.345, sellVolume: 10.101, vwap: 97_110.2, largest: 1.5, rate: 13.5 },
  cvd: { session: 2.244, rolling: 0.81, slope: 0.002 },
  obi: { levels: 10, value: 0.183, band: 0.071 },
  deltaZ: 1.92,
  openInterest: { value: 81_234.5, change: 12.5 },
  atr: { value: 84.3, high: 97_400, low: 96_850 },
};
const market = { type: 'market', symbol: 'BTCUSDT', recvTs: 1_732_000_000_130.25, seq: 991_001, event: { kind: 'aggTrade', symbol: 'BTCUSDT', eventTime: 1_732_000_000_123, price: 97_123.4, quantity: 0.012, side: 'sell', id: 2_919_919_121 } };

const codec = new FrameCodec();
const metricsBytes = codec.encode(metrics).slice();
const marketBytes = codec.encode(market).slice();
const metricsJson = JSON.stringify(metrics);
const marketJson = JSON.stringify(market);
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
    sized(tinybenchCase('msgpackr encode metrics snapshot', () => { sink = codec.encode(metrics); }), metricsBytes.length),
    sized(tinybenchCase('msgpackr decode metrics snapshot', () => { sink = codec.decode(metricsBytes); }), metricsBytes.length),
    sized(tinybenchCase('JSON encode metrics snapshot', () => { sink = JSON.stringify(metrics); }), Buffer.byteLength(metricsJson)),
    sized(tinybenchCase('JSON decode metrics snapshot', () => { sink = JSON.parse(metricsJson); }), Buffer.byteLength(metricsJson)),
    sized(tinybenchCase('msgpackr encode market envelope', () => { sink = codec.encode(market); }), marketBytes.length),
    sized(tinybenchCase('msgpackr decode market envelope', () => { sink = codec.decode(marketBytes); }), marketBytes.length),
    sized(tinybenchCase('JSON encode market envelope', () => { sink = JSON.stringify(market); }), Buffer.byteLength(marketJson)),
  ],
};

export function keep(): unknown {
  return sink;
}
