/**
 * Ingest pipeline throughput per frame (issue 4 target: parse + route >= 300 k frames/s on one core): raw
 * combined-stream text → JSON.parse → codec → book sync / aggTrade continuity → the symbol's input callback.
 * Real frames when shared/data is present (BTCUSDT `@depth@0ms` from hftbacktest, `@aggTrade` from cryptofeed),
 * else synthetic chains; beside it the codec alone on the same frames, so the pipeline's own share is visible.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IngestPipeline } from '../src/actors/ingest/ingest-pipeline.js';
import { decodeStreamText } from '../src/venues/binance/codec/index.js';
import { readTape } from '../src/venues/tape/read-tape.js';
import { type BenchCase, type BenchSuite, perItem, tinybenchCase } from './harness.js';

const BATCH = 1000;

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');

interface Frames {
  texts: string[];
  source: string;
  /** A minimal snapshot that the first depth frame covers, so each sample starts in sync. */
  snapshotUrl?: string;
  snapshot?: unknown;
}

function syntheticDepth(): Frames {
  const texts: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    const U = 1000 + i * 10;
    const data = `{"e":"depthUpdate","E":${1_700_000_000_000 + i},"T":${1_700_000_000_000 + i},"s":"BTCUSDT","U":${U},"u":${U + 9},"pu":${U - 1},"b":[["61800.10","0.5"],["61799.90","0"]],"a":[["61800.20","1.25"]]}`;
    texts.push(`{"stream":"btcusdt@depth@0ms","data":${data}}`);
  }
  return { texts, source: 'synthetic', ...snapshotFor(1009) };
}

function syntheticAggTrades(): Frames {
  const texts: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    texts.push(
      `{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":${1_700_000_000_000 + i},"s":"BTCUSDT","a":${5_000 + i},"p":"61800.10","q":"0.012","f":${9_000 + i},"l":${9_000 + i},"T":${1_700_000_000_000 + i},"m":${i % 2 === 0}}}`,
    );
  }
  return { texts, source: 'synthetic' };
}

function snapshotFor(lastUpdateId: number): { snapshotUrl: string; snapshot: unknown } {
  return {
    snapshotUrl: '/fapi/v1/depth?symbol=BTCUSDT&limit=1000',
    snapshot: { lastUpdateId, E: 1, T: 1, bids: [['61800.00', '1']], asks: [['61800.50', '1']] },
  };
}

/** BATCH consecutive (pu-chained) depth frames of the BTCUSDT recording. */
async function realDepth(): Promise<Frames> {
  const path = join(DATA, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!existsSync(path)) return syntheticDepth();
  const texts: string[] = [];
  let first = -1;
  for await (const f of readTape(path)) {
    const d = f.data as { e?: string; u?: number };
    if (f.kind !== 'ws' || d.e !== 'depthUpdate') continue;
    if (first < 0) first = d.u as number;
    texts.push(f.raw);
    if (texts.length === BATCH) break;
  }
  return { texts, source: 'btcusdt_20240808.gz', ...snapshotFor(first) };
}

async function realAggTrades(): Promise<Frames> {
  const path = join(DATA, 'cryptofeed/BINANCE_FUTURES.ws.5.0');
  if (!existsSync(path)) return syntheticAggTrades();
  const texts: string[] = [];
  for await (const f of readTape(path)) {
    if (f.kind === 'ws' && (f.data as { e?: string }).e === 'aggTrade') texts.push(f.raw);
  }
  return texts.length > 0 ? { texts, source: 'BINANCE_FUTURES.ws.5.0' } : syntheticAggTrades();
}

let sink = 0;

/** One sample = a fresh pipeline (plus a tiny snapshot) and the whole batch; results divided per frame. */
function pipelineCase(name: string, load: () => Promise<Frames>, pipelineOn: boolean): BenchCase {
  let frames: Frames = { texts: [], source: '' };
  const inner = tinybenchCase(
    name,
    () => {
      const texts = frames.texts;
      if (!pipelineOn) {
        for (let i = 0; i < texts.length; i++) sink += decodeStreamText(texts[i] as string) === null ? 0 : 1;
        return;
      }
      const p = new IngestPipeline(
        { onInput: () => sink++, onRequest: () => {} },
        { symbols: ['BTCUSDT'], autoTrack: true, backfill: false },
      );
      if (frames.snapshotUrl !== undefined) p.onRestReply(frames.snapshotUrl, frames.snapshot, 0);
      for (let i = 0; i < texts.length; i++) p.onWsFrame(texts[i] as string, 1);
    },
    {
      setup: async () => {
        frames = await load();
      },
    },
  );
  return {
    name,
    async run(opts) {
      const r = await inner.run(opts);
      return perItem(r, frames.texts.length, { data: frames.source, sink: sink > 0 ? 'ok' : 'empty' });
    },
  };
}

export const suite: BenchSuite = {
  name: 'ingest',
  cases: [
    pipelineCase('ingest pipeline per depthUpdate frame', realDepth, true),
    pipelineCase('codec alone per depthUpdate frame (baseline)', realDepth, false),
    pipelineCase(
      'ingest pipeline per small depthUpdate frame (3 levels, synthetic)',
      async () => syntheticDepth(),
      true,
    ),
    pipelineCase('codec alone per small depthUpdate frame (baseline)', async () => syntheticDepth(), false),
    pipelineCase('ingest pipeline per aggTrade frame', realAggTrades, true),
    pipelineCase('codec alone per aggTrade frame (baseline)', realAggTrades, false),
  ],
};
