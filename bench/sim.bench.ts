/**
 * Benchmarks of the simulated venue: how many venue frames per second the synthetic market can generate and
 * encode for 10 symbols (every stream kind encoded, no network: the capacity ceiling of the generator), the
 * same through uWS to one WS client subscribed to everything, and a signed REST order round trip on loopback.
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { type BenchCase, type BenchSuite, type CaseResult, percentilesUs } from './harness.js';
import { startSimVenue } from '../src/venues/sim/index.js';
import type { KlineBar } from '../src/venues/sim/market/klines.js';
import type { AggTradePrint, ForceOrderPrint, MarketSink } from '../src/venues/sim/market/market-events.js';
import { STEP_MS, SymbolMarket } from '../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../src/venues/sim/market/symbol-spec.js';
import { FrameEncoder } from '../src/venues/sim/server/frame-encoder.js';

const SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'BNBUSDT',
  'XRPUSDT',
  'DOGEUSDT',
  'ADAUSDT',
  'AVAXUSDT',
  'LINKUSDT',
  'LTCUSDT',
];

/** Encodes every event like the hub does for a subscriber of every stream; counts frames and bytes. */
class CountingSink implements MarketSink {
  frames = 0;
  bytes = 0;
  readonly enc = new Map<string, FrameEncoder>();
  private readonly scratch: string[] = [];
  private count(s: string): void {
    this.frames++;
    this.bytes += s.length;
  }
  aggTrade(symbol: string, E: number, t: AggTradePrint): void {
    const e = this.enc.get(symbol) as FrameEncoder;
    this.count(e.aggTrade(E, t));
    this.scratch.length = 0;
    e.trades(E, t, this.scratch);
    for (const s of this.scratch) this.count(s);
  }
  depth(symbol: string, _c: number, E: number, U: number, u: number, pu: number, b: number[], a: number[]): void {
    this.count((this.enc.get(symbol) as FrameEncoder).depthUpdate(E, U, u, pu, b, a));
  }
  bookTicker(symbol: string, u: number, E: number): void {
    this.count((this.enc.get(symbol) as FrameEncoder).bookTicker(u, E));
  }
  markPrice(symbol: string, E: number): void {
    this.count((this.enc.get(symbol) as FrameEncoder).markPrice(E));
  }
  forceOrder(symbol: string, E: number, o: ForceOrderPrint): void {
    this.count((this.enc.get(symbol) as FrameEncoder).forceOrder(E, o));
  }
  klineClosed(symbol: string, E: number, bar: KlineBar): void {
    this.count((this.enc.get(symbol) as FrameEncoder).kline(E, bar, true));
  }
}

const generatorCase: BenchCase = {
  name: 'sim: generate + encode frames, 10 symbols (per 50 ms step)',
  async run(opts) {
    const sink = new CountingSink();
    const markets = SYMBOLS.map((s) => {
      const m = new SymbolMarket(symbolSpec(s), 1, 1_723_161_600_000, sink);
      sink.enc.set(s, new FrameEncoder(m));
      return m;
    });
    const steps = opts.quick ? 400 : 4000;
    const samples = new Float64Array(steps);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const s = performance.now();
      for (const m of markets) m.step();
      samples[i] = (performance.now() - s) * 1000;
    }
    const elapsed = performance.now() - t0;
    const r = percentilesUs(samples, elapsed);
    return {
      ...r,
      extra: {
        framesPerSecCapacity: Math.round((sink.frames * 1000) / elapsed),
        framesPerSimSecond: Math.round(sink.frames / ((steps * STEP_MS) / 1000)),
        bytesPerFrame: Math.round(sink.bytes / Math.max(1, sink.frames)),
        realtimeFactor: Number(((steps * STEP_MS) / elapsed).toFixed(1)),
      },
    };
  },
};

const wireCase: BenchCase = {
  name: 'sim: frames/s delivered over WS, 10 symbols, all streams (real time)',
  async run(opts) {
    const venue = await startSimVenue({ seed: 1, symbols: SYMBOLS });
    const lower = SYMBOLS.map((s) => s.toLowerCase());
    const pub = lower.flatMap((s) => [
      `${s}@depth@0ms`,
      `${s}@depth@100ms`,
      `${s}@depth20@100ms`,
      `${s}@bookTicker`,
      `${s}@trade`,
    ]);
    const mkt = lower.flatMap((s) => [`${s}@aggTrade`, `${s}@markPrice@1s`, `${s}@kline_1m`, `${s}@forceOrder`]);
    let frames = 0;
    const sockets = [
      new WebSocket(`${venue.ws}/public/stream?streams=${pub.join('/')}`),
      new WebSocket(`${venue.ws}/market/stream?streams=${mkt.join('/')}`),
    ];
    try {
      await Promise.all(
        sockets.map((ws) => new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))),
      );
      for (const ws of sockets) ws.on('message', () => frames++);
      const ms = opts.quick ? 1000 : 5000;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      const elapsed = performance.now() - t0;
      const perSec = (frames * 1000) / elapsed;
      return {
        p50Us: Number.NaN,
        p99Us: Number.NaN,
        opsPerSec: perSec,
        samples: frames,
        extra: { framesPerSec: Math.round(perSec) },
      } satisfies CaseResult;
    } finally {
      for (const ws of sockets) ws.close();
      await venue.close();
    }
  },
};

const orderCase: BenchCase = {
  name: 'sim: signed REST order round trip (loopback, MARKET)',
  async run(opts) {
    const venue = await startSimVenue({ seed: 1, symbols: ['BTCUSDT'] });
    const agent = new Agent({ connections: 1, pipelining: 1 });
    // Stays under the venue's ORDERS limit (300 per 10 s), which the sim enforces like the real one.
    const n = opts.quick ? 100 : 280;
    const samples = new Float64Array(n);
    try {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const query = `symbol=BTCUSDT&side=${i % 2 === 0 ? 'BUY' : 'SELL'}&type=MARKET&quantity=0.002&timestamp=${Date.now()}`;
        const body = `${query}&signature=${createHmac('sha256', venue.apiSecret).update(query).digest('hex')}`;
        const s = performance.now();
        const res = await request(`${venue.rest}/fapi/v1/order`, {
          method: 'POST',
          body,
          headers: { 'x-mbx-apikey': venue.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
          dispatcher: agent,
        });
        await res.body.text();
        samples[i] = (performance.now() - s) * 1000;
        if (res.statusCode !== 200) throw new Error(`order failed with HTTP ${res.statusCode}`);
      }
      return percentilesUs(samples, performance.now() - t0);
    } finally {
      await agent.close();
      await venue.close();
    }
  },
};

export const suite: BenchSuite = { name: 'simulated venue', cases: [generatorCase, wireCase, orderCase] };
