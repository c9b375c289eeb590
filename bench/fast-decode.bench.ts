/**
 * Issue 19 item 4, all in one run on the recorded BTCUSDT 2024-08-08 tape: (1) WS frame decode, fast decoder
 * vs JSON.parse + codec, on every frame of the tape; (2) the ingest pipeline on the tape's first 1 000 real
 * `@depth@0ms` frames (≈ 63 levels each; target ≥ 200 k/s); (3) `tapeline replay` frames per CPU-second of the
 * replay thread (the gunzip worker's CPU is not counted: it is another core's), with the backtest/replay CPU
 * ratio, rounds alternating so both see the same load; (4) the symbol engine alone on the inputs that replay hands it
 * (no read path: the steadiest figure on a loaded machine). Figures are per CPU-second of the measuring thread
 * (thread-cpu.ts), which a loaded shared machine disturbs far less than wall time; min/median/max over rounds.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { IngestPipeline } from '../src/actors/ingest/ingest-pipeline.js';
import { mergeResults } from '../src/app/backtest/merge-results.js';
import { paperVenueFor } from '../src/app/backtest/paper-venue-factory.js';
import { runBacktest } from '../src/app/backtest/run-backtest.js';
import { SymbolEngine } from '../src/actors/symbol/symbol-engine.js';
import { feedFrame, replayTapes } from '../src/app/replay/replay-tapes.js';
import type { SymbolInput } from '../src/schema/symbol-input.js';
import { openTape } from '../src/venues/tape/index.js';
import { decodeEvent, FastFrameDecoder } from '../src/venues/binance/codec/index.js';
import { readTape } from '../src/venues/tape/read-tape.js';
import { settings } from './backtest.bench.js';
import { type BenchCase, BenchSkip, type BenchSuite, type CaseResult } from './harness.js';
import { DATA, spread, threadCpuNs } from './thread-cpu.js';

const FILE = 'hftbacktest/usdm/btcusdt_20240808.gz';
let sink = 0;

function tapePath(): string {
  const path = join(DATA, FILE);
  if (!existsSync(path)) throw new BenchSkip(`recorded data absent: ${path}`);
  return path;
}

/**
 * The tape's WS frame texts as fresh flat strings, as a WebSocket hands them over live (the reader's are
 * slices of a chunk, whose chars cost ~1.5x more to read).
 */
async function wsTexts(limitDepth?: number): Promise<string[]> {
  const texts: string[] = [];
  for await (const f of readTape(tapePath())) {
    if (f.kind !== 'ws') continue;
    if (limitDepth !== undefined && (f.data as { e?: string }).e !== 'depthUpdate') continue;
    texts.push(Buffer.from(f.raw).toString());
    if (texts.length === limitDepth) break;
  }
  return texts;
}

/** Frames per CPU-second of `work(texts)` over `rounds` rounds, each at least ~0.3 s of CPU. */
function framesPerCpuSecond(texts: string[], work: (texts: string[]) => void, rounds: number): number[] {
  const out: number[] = [];
  work(texts); // warm-up
  for (let r = 0; r < rounds; r++) {
    let frames = 0;
    const t0 = threadCpuNs();
    let t = t0;
    do {
      work(texts);
      frames += texts.length;
      t = threadCpuNs();
    } while (t - t0 < 300e6);
    out.push((frames * 1e9) / (t - t0));
  }
  return out;
}

function jsonDecode(texts: string[]): void {
  for (let i = 0; i < texts.length; i++) {
    const v = JSON.parse(texts[i] as string) as { stream: string; data: unknown };
    sink += decodeEvent(v.data, v.stream) === null ? 0 : 1;
  }
}

const fast = new FastFrameDecoder();
function fastDecode(texts: string[]): void {
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i] as string;
    sink += fast.decode(t, 0, t.length) === undefined ? 0 : 1;
  }
}

function result(perSec: number[], extra: Record<string, number | string>): CaseResult {
  const s = spread(perSec);
  return {
    p50Us: 1e6 / s.median,
    p99Us: 1e6 / s.min,
    opsPerSec: s.median,
    samples: perSec.length,
    extra: { min: Math.round(s.min), median: Math.round(s.median), max: Math.round(s.max), ...extra },
  };
}

const decodeCase: BenchCase = {
  name: 'fast decode: recorded WS frames per CPU-second (btcusdt_20240808)',
  async run(opts) {
    const texts = await wsTexts();
    const rounds = opts.quick ? 1 : 3;
    const fastRates: number[] = [];
    const jsonRates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      fastRates.push(...framesPerCpuSecond(texts, fastDecode, 1));
      jsonRates.push(...framesPerCpuSecond(texts, jsonDecode, 1));
    }
    const json = spread(jsonRates);
    return result(fastRates, {
      frames: texts.length,
      jsonMedian: Math.round(json.median),
      jsonMin: Math.round(json.min),
      jsonMax: Math.round(json.max),
      ratioToJson: spread(fastRates).median / json.median,
      load1: loadavg()[0] as number,
    });
  },
};

const depthCase: BenchCase = {
  name: 'fast decode: ingest pipeline, real 63-level depth@0ms frames per CPU-second',
  async run(opts) {
    const texts = await wsTexts(1000);
    const first = (JSON.parse(texts[0] as string) as { data: { U: number } }).data.U;
    const snapshot = { lastUpdateId: first, E: 1, T: 1, bids: [['61800.00', '1']], asks: [['61800.50', '1']] };
    const pipelineRun =
      (fastDecode: boolean) =>
      (list: string[]): void => {
        const p = new IngestPipeline(
          { onInput: () => sink++, onRequest: () => {} },
          { symbols: ['BTCUSDT'], autoTrack: true, backfill: false, fastDecode },
        );
        p.onRestReply('/fapi/v1/depth?symbol=BTCUSDT&limit=1000', snapshot, 0);
        for (let i = 0; i < list.length; i++) p.onWsFrame(list[i] as string, 1);
      };
    const rates: number[] = [];
    const jsonRates: number[] = [];
    for (let r = 0; r < (opts.quick ? 1 : 3); r++) {
      rates.push(...framesPerCpuSecond(texts, pipelineRun(true), 1));
      jsonRates.push(...framesPerCpuSecond(texts, pipelineRun(false), 1));
    }
    const json = spread(jsonRates);
    let levels = 0;
    for (const t of texts) {
      const d = (JSON.parse(t) as { data: { b: unknown[]; a: unknown[] } }).data;
      levels += d.b.length + d.a.length;
    }
    return result(rates, {
      frames: texts.length,
      levelsPerFrame: levels / texts.length,
      jsonMedian: Math.round(json.median),
      jsonMin: Math.round(json.min),
      jsonMax: Math.round(json.max),
      ratioToJson: spread(rates).median / json.median,
      load1: loadavg()[0] as number,
    });
  },
};

const replayCase: BenchCase = {
  name: 'fast decode: replay frames per replay-thread CPU-second (btcusdt_20240808)',
  async run(opts) {
    const tape = tapePath();
    const s = settings(tape);
    const rounds = opts.quick ? 1 : 3;
    const replayRates: number[] = [];
    const replayWall: number[] = [];
    const jsonRates: number[] = [];
    const backtestRates: number[] = [];
    let frames = 0;
    let fills = 0;
    const replay = (fastDecode: boolean) =>
      replayTapes({
        tapes: [tape],
        params: s.symbolParams,
        strategyParams: s.strategyParams,
        onSnapshot: () => {},
        fastDecode,
      });
    await replay(true); // warm-up: module load and JIT are start-up, not replay speed
    for (let r = 0; r < rounds; r++) {
      let c0 = threadCpuNs();
      const w0 = performance.now();
      frames = (await replay(true)).frames;
      replayRates.push((frames * 1e9) / (threadCpuNs() - c0));
      replayWall.push((frames * 1e3) / (performance.now() - w0));
      c0 = threadCpuNs();
      await replay(false);
      jsonRates.push((frames * 1e9) / (threadCpuNs() - c0));
      c0 = threadCpuNs();
      const run = await runBacktest({ settings: s, venue: paperVenueFor });
      backtestRates.push((run.frames * 1e9) / (threadCpuNs() - c0));
      fills = mergeResults(run.symbols, s.balance, run.frames, run.warnings).fills.length;
    }
    const bt = spread(backtestRates);
    const wall = spread(replayWall);
    const json = spread(jsonRates);
    return result(replayRates, {
      frames,
      wallMedian: Math.round(wall.median),
      jsonPathMedian: Math.round(json.median),
      ratioToJsonPath: spread(replayRates).median / json.median,
      backtestMedian: Math.round(bt.median),
      backtestMin: Math.round(bt.min),
      backtestMax: Math.round(bt.max),
      backtestCpuRatio: spread(replayRates).median / bt.median,
      fills,
      load1: loadavg()[0] as number,
    });
  },
};

/** The symbol inputs a replay of the tape hands its engine, with their receive times (read once). */
async function engineInputs(tape: string): Promise<{ inputs: SymbolInput[]; recv: number[] }> {
  const inputs: SymbolInput[] = [];
  const recv: number[] = [];
  const pipeline = new IngestPipeline(
    {
      onInput: (i, r) => {
        inputs.push(i);
        recv.push(r);
      },
      onRequest: () => {},
    },
    { autoTrack: true, backfill: false, fastDecode: true },
  );
  const opened = await openTape(tape, { fastDecode: true, inflate: 'auto' });
  for await (const batch of opened.batches) for (const f of batch) feedFrame(pipeline, f);
  return { inputs, recv };
}

const engineCase: BenchCase = {
  name: 'fast decode: symbol engine alone, recorded inputs per CPU-second (btcusdt_20240808)',
  async run(opts) {
    const tape = tapePath();
    const s = settings(tape);
    const { inputs, recv } = await engineInputs(tape);
    const once = (): void => {
      const e = new SymbolEngine('BTCUSDT', s.symbolParams, s.strategyParams);
      for (let i = 0; i < inputs.length; i++) if (e.apply(inputs[i] as SymbolInput, recv[i] as number)) sink++;
    };
    once(); // warm-up
    const rates: number[] = [];
    for (let r = 0; r < (opts.quick ? 2 : 7); r++) {
      const c0 = threadCpuNs();
      once();
      rates.push((inputs.length * 1e9) / (threadCpuNs() - c0));
    }
    return result(rates, { inputs: inputs.length, load1: loadavg()[0] as number });
  },
};

export const suite: BenchSuite = { name: 'fast-decode', cases: [decodeCase, depthCase, replayCase, engineCase] };
