/**
 * How often each strategy fires, per symbol-hour, with the default parameters: on the recorded tapes through
 * the same ingest pipeline and symbol engine as `tapeline replay` (no backfill, no open interest: the tapes
 * hold neither), and on the synthetic market through the sim's own encoders and the Binance codec, either the
 * same way ("replay-style": snapshot and streams only) or as a live run sees it (backfill and OI polls).
 */
import { join } from 'node:path';
import { IngestPipeline } from '../../src/actors/ingest/ingest-pipeline.js';
import { SymbolEngine } from '../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../src/actors/symbol/symbol-params.js';
import { mergeTapes, readTape } from '../../src/venues/tape/index.js';
import { simFeed } from '../../test/actors/symbol/strategy/sim-feed.js';
import type { TapeSet } from './recorded-runs.js';

export const STRATEGIES = ['sweepFade', 'imbalanceBreakout'] as const;

export interface SignalCount {
  hours: number;
  signals: Record<string, number>;
}

const empty = (): Record<string, number> => ({ sweepFade: 0, imbalanceBreakout: 0 });

function take(engine: SymbolEngine, into: Record<string, number>): void {
  for (const o of engine.drainStrategyOutputs()) if (!('type' in o)) into[o.strategy] = (into[o.strategy] ?? 0) + 1;
}

/** One tape set replayed as `tapeline replay` does for foreign recordings (symbols tracked on sight). */
export async function recordedSignals(dataDir: string, set: TapeSet): Promise<SignalCount> {
  const engines = new Map<string, SymbolEngine>();
  const span = new Map<string, [number, number]>();
  const signals = empty();
  const pipeline = new IngestPipeline(
    {
      onInput(input, recvTs) {
        let engine = engines.get(input.symbol);
        if (!engine) {
          engine = new SymbolEngine(input.symbol, { ...DEFAULT_SYMBOL_PARAMS });
          engines.set(input.symbol, engine);
        }
        engine.apply(input, recvTs);
        take(engine, signals);
        if (input.eventTime > 0) {
          const s = span.get(input.symbol);
          if (s) s[1] = Math.max(s[1], input.eventTime);
          else span.set(input.symbol, [input.eventTime, input.eventTime]);
        }
      },
      onRequest() {},
      onIssue() {},
    },
    { autoTrack: true, backfill: false },
  );
  for await (const f of mergeTapes(set.files.map((file) => readTape(join(dataDir, file))))) {
    if (f.kind === 'ws') pipeline.onWsFrame(f.raw, f.recvTsMs);
    else pipeline.onRestReply(f.url ?? '', f.data, f.recvTsMs);
  }
  let ms = 0;
  for (const [a, b] of span.values()) ms += b - a;
  return { hours: ms / 3_600_000, signals };
}

/**
 * `minutes` of one symbol of the synthetic market. `replayStyle`: only the depth snapshot and the streams,
 * as on the recordings; otherwise the live start-up (kline and OI backfill) and an OI poll every 10 s.
 */
export function simSignals(symbol: string, seed: number, minutes: number, replayStyle: boolean): SignalCount {
  const feed = simFeed(symbol, seed);
  const engine = new SymbolEngine(symbol, { ...DEFAULT_SYMBOL_PARAMS });
  const signals = empty();
  const keep = (kind: string): boolean =>
    !replayStyle || (kind !== 'kline' && kind !== 'openInterestHist' && kind !== 'openInterest');
  for (const i of feed.start()) if (keep(i.kind)) engine.apply(i, 0);
  engine.drainStrategyOutputs();
  for (let s = 0; s < minutes * 60; s++) {
    for (const i of feed.advance(1_000)) {
      if (!keep(i.kind)) continue;
      engine.apply(i, 0);
      take(engine, signals);
    }
  }
  return { hours: minutes / 60, signals };
}

export function addCounts(a: SignalCount, b: SignalCount): SignalCount {
  const signals = empty();
  for (const k of STRATEGIES) signals[k] = (a.signals[k] ?? 0) + (b.signals[k] ?? 0);
  return { hours: a.hours + b.hours, signals };
}

export const NO_SIGNALS: SignalCount = Object.freeze({ hours: 0, signals: Object.freeze(empty()) });
