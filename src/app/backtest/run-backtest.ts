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
import { mergeTapeBatches, openTape } from '../../venues/tape/index.js';
import { feedFrame } from '../replay/replay-tapes.js';
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
  /** Exchange time of the first WS frame read (the one past --to included) and of the last one fed; NaN if none. */
  firstEventTs: number;
  lastEventTs: number;
}

/** As replay opens tapes (fast decoder, big files gunzipped on a worker), so both feed the same inputs. */
async function open(path: string): Promise<{ ours: boolean; batches: AsyncIterable<TapeFrame[]> }> {
  const opened = await openTape(path, { fastDecode: true, inflate: 'auto' });
  if (opened.empty)
    throw new TapelineError(
      'TL_BACKTEST_EMPTY_TAPE',
      `tape ${path} holds no frames; record one with tapeline run --record`,
    );
  return { ours: opened.format === 'tapeline', batches: opened.batches };
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

/** A WS frame's exchange time `E` (the decoded event's, or the parsed payload's); NaN when it has none. */
function eventTimeOf(frame: TapeFrame): number {
  if (frame.event !== undefined) return frame.event.eventTime;
  const e = (frame.data as { E?: unknown } | undefined)?.E;
  return typeof e === 'number' ? e : Number.NaN;
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
  let firstEventTs = Number.NaN;
  let lastEventTs = Number.NaN;
  reading: for await (const batch of mergeTapeBatches(opened.map((t) => t.batches))) {
    for (let i = 0; i < batch.length; i++) {
      const frame = batch[i] as TapeFrame;
      frames++;
      if ((frames & 0xffff) === 0) o.onProgress?.(frames);
      if (frame.kind === 'ws') {
        const e = eventTimeOf(frame);
        if (Number.isNaN(firstEventTs)) firstEventTs = e;
        // Past --to (exchange time) nothing more is read: the run ends where the window does.
        if (e > s.to) break reading;
        if (!(e <= lastEventTs)) lastEventTs = e;
      }
      feedFrame(pipeline, frame);
    }
  }
  const symbols = [...runs.values()].map((r) => {
    r.finish();
    return r.recorder.result;
  });
  symbols.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { frames, symbols, warnings, firstEventTs, lastEventTs };
}
