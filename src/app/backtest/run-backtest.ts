/**
 * `tapeline backtest`, one thread: the tapes are read in receive-time order through the live ingest pipeline
 * (as `tapeline replay` does, so the engines see exactly replay's inputs and produce its stateHash sequence),
 * and each input goes to its symbol's SymbolBacktest. `owns` restricts the run to a worker's symbols; the
 * per-symbol results are merged by merge-results.ts the same way for one thread or many.
 */
import { IngestPipeline } from '../../actors/ingest/ingest-pipeline.js';
import { TapelineError } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import type { PaperVenue } from '../../venues/paper/paper-venue-api.js';
import { mergeTapes, readTape } from '../../venues/tape/index.js';
import type { TapeFrame } from '../../venues/tape/tape-frame.js';
import type { BacktestSettings } from './backtest-options.js';
import { BacktestRisk } from './backtest-risk.js';
import { SymbolBacktest } from './symbol-backtest.js';
import type { SymbolBacktestResult } from './symbol-recorder.js';
import { filtersFor } from './venue-filters.js';

/** Builds the paper venue of one symbol (the fill model lives in src/venues/paper; paper-venue-factory.ts). */
export type PaperVenueFactory = (symbol: string, filters: SymbolFilters, settings: BacktestSettings) => PaperVenue;

export interface RunOptions {
  settings: BacktestSettings;
  venue: PaperVenueFactory;
  /** Extra filters (`--filters FILE`), by symbol, over the built-in table. */
  filters?: Record<string, SymbolFilters>;
  /** Backtest only the symbols this returns true for (a worker's share); default all. */
  owns?: (symbol: string) => boolean;
  /** Called every ~65k frames with the frames read so far (the CLI's progress bar). */
  onProgress?(frames: number): void;
}

export interface RunResult {
  frames: number;
  symbols: SymbolBacktestResult[];
  /** Pipeline problems by code (gaps, malformed frames): the run goes on, as the live run would. */
  warnings: Record<string, number>;
}

async function open(path: string): Promise<{ ours: boolean; frames: AsyncIterable<TapeFrame> }> {
  const reader = readTape(path);
  const it = reader[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done)
    throw new TapelineError(
      'TL_BACKTEST_EMPTY_TAPE',
      `tape ${path} holds no frames; record one with tapeline run --record`,
    );
  const frames = (async function* () {
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  return { ours: reader.stats.format === 'tapeline', frames };
}

/** Checks every tape can be read and is not empty, and that ours and foreign ones are not mixed; returns whether they are ours. */
export async function inspectTapes(tapes: string[]): Promise<boolean> {
  if (tapes.length === 0) throw new TapelineError('TL_CLI_USAGE', 'backtest needs at least one tape');
  const opened = await Promise.all(tapes.map(open));
  const ours = opened.every((t) => t.ours);
  if (!ours && opened.some((t) => t.ours)) {
    throw new TapelineError(
      'TL_CLI_USAGE',
      'backtest our tapes and foreign recordings separately: they need different ingest settings',
    );
  }
  return ours;
}

export async function runBacktest(o: RunOptions): Promise<RunResult> {
  const s = o.settings;
  if (s.tapes.length === 0) throw new TapelineError('TL_CLI_USAGE', 'backtest needs at least one tape');
  const opened = await Promise.all(s.tapes.map(open));
  const ours = opened.every((t) => t.ours);
  if (!ours && opened.some((t) => t.ours)) {
    throw new TapelineError(
      'TL_CLI_USAGE',
      'backtest our tapes and foreign recordings separately: they need different ingest settings',
    );
  }
  const runs = new Map<string, SymbolBacktest>();
  // Account-wide risk (the default, as live) is one RiskCore for every symbol; per symbol, one each.
  const shared = (s.riskScope ?? 'account') === 'account' ? new BacktestRisk(s.riskParams) : undefined;
  const riskFor = (): BacktestRisk => shared ?? new BacktestRisk(s.riskParams);
  const warnings: Record<string, number> = {};
  const symbolFor = (symbol: string): SymbolBacktest | undefined => {
    let run = runs.get(symbol);
    if (run || (o.owns && !o.owns(symbol))) return run;
    const filters = filtersFor(symbol, o.filters ? new Map(Object.entries(o.filters)) : undefined);
    run = new SymbolBacktest(symbol, s, filters, o.venue(symbol, filters, s), riskFor());
    runs.set(symbol, run);
    return run;
  };
  const pipeline = new IngestPipeline(
    {
      onInput(input, recvTs) {
        symbolFor(input.symbol)?.onInput(input, recvTs);
      },
      onRequest() {},
      onIssue(err) {
        warnings[err.code] = (warnings[err.code] ?? 0) + 1;
      },
    },
    ours ? {} : { autoTrack: true, backfill: false },
  );
  let frames = 0;
  for await (const frame of mergeTapes(opened.map((t) => t.frames))) {
    frames++;
    if ((frames & 0xffff) === 0) o.onProgress?.(frames);
    if (frame.kind === 'ws') {
      // Past --to (exchange time) nothing more is read: the run ends where the window does.
      const e = (frame.data as { E?: unknown } | undefined)?.E;
      if (typeof e === 'number' && e > s.to) break;
      pipeline.onWsFrame(frame.raw, frame.recvTsMs);
    } else pipeline.onRestReply(frame.url ?? '', frame.data, frame.recvTsMs);
  }
  const symbols = [...runs.values()].map((r) => {
    r.finish();
    return r.recorder.result;
  });
  symbols.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { frames, symbols, warnings };
}
