/**
 * Wire codec cost per frame, on real recorded frames when shared/data is present (BTCUSDT `@depth@0ms` and
 * `@trade` from hftbacktest, `@aggTrade` from cryptofeed), else on the venue documentation examples: JSON.parse of
 * the combined frame + unwrap + codec, beside JSON.parse alone so the codec's own share is visible. Each
 * tinybench sample decodes a batch; figures are reported per frame (p50/p99 µs per frame, ops/s = frames/s).
 * Last case: a whole recording through readTape + codecs (throughput and x real time).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAggTrade } from '../src/venues/binance/codec/agg-trade.js';
import { decodeDepthUpdate } from '../src/venues/binance/codec/depth-update.js';
import { decodeEvent } from '../src/venues/binance/codec/decode-event.js';
import { decodeRest } from '../src/venues/binance/codec/decode-rest.js';
import { decodeTrade } from '../src/venues/binance/codec/trade.js';
import { readTape } from '../src/venues/tape/read-tape.js';
import { type BenchCase, BenchSkip, type BenchSuite, perItem, tinybenchCase } from './harness.js';

const BATCH = 1000;

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');

const SYNTHETIC: Record<string, string> = {
  aggTrade:
    '{"stream":"bnbusdt@aggTrade","data":{"e":"aggTrade","E":123456789,"s":"BNBUSDT","a":5933014,"p":"0.001","q":"100","nq":"100","f":100,"l":105,"T":123456785,"m":true,"st":1}}',
  trade:
    '{"stream":"btcusdt@trade","data":{"e":"trade","E":1660228023980,"T":1660228023973,"s":"BTCUSDT","t":2691833663,"p":"24670.90","q":"0.022","X":"MARKET","m":true}}',
  depthUpdate:
    '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":123456789,"T":123456788,"s":"BTCUSDT","U":157,"u":160,"pu":149,"b":[["0.0024","10"],["0.0023","5"],["0.0022","0"]],"a":[["0.0026","100"],["0.0027","3"]]}}',
};

interface Frames {
  texts: string[];
  source: string;
  levelsPerFrame: number;
}

/** Up to BATCH raw frames of one event type from a recording (or the synthetic example, repeated). */
async function loadFrames(kind: string, file: string): Promise<Frames> {
  const path = join(DATA, file);
  const texts: string[] = [];
  let levels = 0;
  if (existsSync(path)) {
    for await (const frame of readTape(path)) {
      const data = frame.data as { e?: string; b?: unknown[]; a?: unknown[] };
      if (frame.kind !== 'ws' || data.e !== kind) continue;
      texts.push(frame.raw);
      levels += (data.b?.length ?? 0) + (data.a?.length ?? 0);
      if (texts.length === BATCH) break;
    }
  }
  const source = texts.length > 0 ? file : 'synthetic';
  if (texts.length === 0) {
    const text = SYNTHETIC[kind] as string;
    for (let i = 0; i < BATCH; i++) texts.push(text);
    levels = kind === 'depthUpdate' ? 5 * BATCH : 0;
  }
  return { texts, source, levelsPerFrame: levels / texts.length };
}

let sink = 0;

/** A per-frame case: `work` runs over the whole batch per sample; results are divided back per frame. */
function perFrameCase(name: string, kind: string, file: string, work: (text: string) => number): BenchCase {
  let frames: Frames = { texts: [], source: '', levelsPerFrame: 0 };
  const inner = tinybenchCase(
    name,
    () => {
      const texts = frames.texts;
      for (let i = 0; i < texts.length; i++) sink += work(texts[i] as string);
    },
    {
      setup: async () => {
        frames = await loadFrames(kind, file);
      },
    },
  );
  return {
    name,
    async run(opts) {
      const r = await inner.run(opts);
      return perItem(r, frames.texts.length, {
        data: frames.source,
        ...(frames.levelsPerFrame > 0 ? { levelsPerFrame: frames.levelsPerFrame } : {}),
        sink: sink > 0 ? 'ok' : 'empty',
      });
    },
  };
}

type Combined = { stream: string; data: unknown };

/**
 * A whole recording through readTape (gunzip, line split, JSON.parse) + codecs, once: frames per second and
 * how many times faster than real time (the replay target of issue 4 is >= 100x per core).
 */
function replayCase(name: string, file: string): BenchCase {
  return {
    name,
    async run() {
      const path = join(DATA, file);
      if (!existsSync(path)) throw new BenchSkip(`recorded data absent: ${path}`);
      let frames = 0;
      let first = Number.NaN;
      let last = Number.NaN;
      const t0 = performance.now();
      for await (const frame of readTape(path)) {
        frames++;
        if (frame.kind === 'ws') sink += decodeEvent(frame.data, frame.stream) === null ? 0 : 1;
        else sink += decodeRest(frame.url as string, frame.data, frame.recvTsMs)?.length ?? 0;
        if (Number.isNaN(first)) first = frame.recvTsMs;
        last = frame.recvTsMs;
      }
      const elapsedMs = performance.now() - t0;
      const perFrameUs = (elapsedMs * 1000) / frames;
      return {
        p50Us: perFrameUs,
        p99Us: perFrameUs,
        opsPerSec: (frames * 1000) / elapsedMs,
        samples: 1,
        extra: { frames, elapsedMs, realtimeX: (last - first) / elapsedMs },
      };
    },
  };
}

const AGG_FILE = 'cryptofeed/BINANCE_FUTURES.ws.5.0';
const HFT_FILE = 'hftbacktest/usdm/btcusdt_20240808.gz';

export const suite: BenchSuite = {
  name: 'codec',
  cases: [
    perFrameCase(
      'codec aggTrade: JSON.parse only',
      'aggTrade',
      AGG_FILE,
      (t) => (JSON.parse(t) as Combined).stream.length,
    ),
    perFrameCase('codec aggTrade: JSON.parse + decodeAggTrade', 'aggTrade', AGG_FILE, (t) => {
      const f = JSON.parse(t) as Combined;
      return decodeAggTrade(f.data, f.stream).qty;
    }),
    perFrameCase('codec trade: JSON.parse + decodeTrade', 'trade', HFT_FILE, (t) => {
      const f = JSON.parse(t) as Combined;
      return decodeTrade(f.data, f.stream).qty;
    }),
    perFrameCase(
      'codec depthUpdate: JSON.parse only',
      'depthUpdate',
      HFT_FILE,
      (t) => (JSON.parse(t) as Combined).stream.length,
    ),
    perFrameCase('codec depthUpdate: JSON.parse + decodeDepthUpdate', 'depthUpdate', HFT_FILE, (t) => {
      const f = JSON.parse(t) as Combined;
      return decodeDepthUpdate(f.data, f.stream).bids.length;
    }),
    perFrameCase('codec depthUpdate: JSON.parse + decodeEvent dispatch', 'depthUpdate', HFT_FILE, (t) => {
      const f = JSON.parse(t) as Combined;
      return decodeEvent(f.data, f.stream) === null ? 0 : 1;
    }),
    replayCase('codec replay: readTape + decode btcusdt_20240808.gz', HFT_FILE),
  ],
};
