/**
 * The paper venue's cost per market event on the recorded BTCUSDT 2024-08-08 tape (depth@0ms, trades,
 * bookTicker), decoded once into memory: the venue with no orders (book rebuild only) and with a quote ladder
 * resting near the touch (queue upkeep on every diff and trade at its prices). Reported per event and as a
 * ratio to decoding the same frames, measured in the same run.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEvent } from '../src/venues/binance/codec/decode-event.js';
import { decodeRest } from '../src/venues/binance/codec/decode-rest.js';
import type { MarketEvent } from '../src/schema/market-events.js';
import { constantLatency } from '../src/venues/paper/latency-model.js';
import { PaperVenueEngine } from '../src/venues/paper/paper-venue.js';
import type { PaperEvent } from '../src/venues/paper/paper-venue-api.js';
import { readTape } from '../src/venues/tape/read-tape.js';
import { type BenchCase, BenchSkip, type BenchSuite } from './harness.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');
const FILE = 'hftbacktest/usdm/btcusdt_20240808.gz';

interface Loaded {
  events: MarketEvent[];
  recv: number[];
  decodeMs: number;
}

let loaded: Loaded | undefined;

async function load(): Promise<Loaded> {
  if (loaded) return loaded;
  const path = join(DATA, FILE);
  if (!existsSync(path)) throw new BenchSkip(`recorded data absent: ${path}`);
  const frames: Array<{ ws: boolean; data: unknown; stream?: string; url?: string; recv: number }> = [];
  for await (const f of readTape(path))
    frames.push({ ws: f.kind === 'ws', data: f.data, stream: f.stream, url: f.url, recv: f.recvTsMs });
  let events: MarketEvent[] = [];
  let recv: number[] = [];
  let decodeMs = Number.POSITIVE_INFINITY;
  // Decoded three times, the fastest kept: the ratio compares warm code with warm code.
  for (let round = 0; round < 3; round++) {
    events = [];
    recv = [];
    const t0 = performance.now();
    for (const f of frames) {
      if (f.ws) {
        const e = decodeEvent(f.data, f.stream);
        if (e !== null) {
          events.push(e);
          recv.push(f.recv);
        }
      } else {
        for (const e of decodeRest(f.url as string, f.data, f.recv) ?? []) {
          events.push(e);
          recv.push(f.recv);
        }
      }
    }
    decodeMs = Math.min(decodeMs, performance.now() - t0);
  }
  loaded = { events, recv, decodeMs };
  return loaded;
}

function venueCase(name: string, ladder: boolean): BenchCase {
  return {
    name,
    async run(opts) {
      const { events, recv, decodeMs } = await load();
      const rounds = opts.quick ? 1 : 5;
      const samples: number[] = [];
      let fills = 0;
      const out: PaperEvent[] = [];
      for (let r = 0; r < rounds; r++) {
        const v = new PaperVenueEngine({
          queue: 'probabilistic',
          latency: constantLatency(5),
          makerFeeBps: 2,
          takerFeeBps: 5,
        });
        let trades = 0;
        let id = 0;
        const t0 = performance.now();
        for (let i = 0; i < events.length; i++) {
          const e = events[i] as MarketEvent;
          const ts = recv[i] as number;
          v.onMarket(e, ts);
          if (ladder && e.kind === 'trade' && ++trades % 200 === 0) {
            const mid = v.mid('BTCUSDT');
            if (mid !== undefined) {
              // Re-quote a 5-level ladder each side, one tick apart, 10 ticks off the mid.
              v.cancelAll('BTCUSDT', ts);
              for (let k = 0; k < 5; k++) {
                const bid = (Math.floor(mid * 10) - 10 - k) / 10;
                const ask = (Math.ceil(mid * 10) + 10 + k) / 10;
                v.place(
                  {
                    symbol: 'BTCUSDT',
                    side: 'BUY',
                    type: 'LIMIT',
                    timeInForce: 'GTX',
                    price: bid.toFixed(1),
                    quantity: '0.010',
                    newClientOrderId: `b${id++}`,
                  },
                  ts,
                );
                v.place(
                  {
                    symbol: 'BTCUSDT',
                    side: 'SELL',
                    type: 'LIMIT',
                    timeInForce: 'GTX',
                    price: ask.toFixed(1),
                    quantity: '0.010',
                    newClientOrderId: `a${id++}`,
                  },
                  ts,
                );
              }
            }
          }
          if (out.length > 0) out.length = 0;
          v.drainDue(ts, out);
          for (const x of out) if (x.kind === 'fill-detail') fills++;
        }
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      const ms = samples[Math.floor(samples.length / 2)] as number;
      const perEventUs = (ms * 1000) / events.length;
      return {
        p50Us: perEventUs,
        p99Us: ((samples[samples.length - 1] as number) * 1000) / events.length,
        opsPerSec: (events.length * 1000) / ms,
        samples: samples.length,
        extra: {
          events: events.length,
          decodeUsPerEvent: (decodeMs * 1000) / events.length,
          ratioToDecode: ms / decodeMs,
          fillsPerRun: fills / rounds,
        },
      };
    },
  };
}

export const suite: BenchSuite = {
  name: 'paper-venue',
  cases: [
    venueCase('paper venue: onMarket per event, no orders (btcusdt_20240808)', false),
    venueCase('paper venue: onMarket per event, 10-order ladder re-quoted (btcusdt_20240808)', true),
  ],
};
