/**
 * `tapeline replay`: recorded frames → the live ingest pipeline → one SymbolEngine per symbol, in-process and
 * in tape order, so the `seq stateHash` sequence equals the one the live run logged (same code, same input).
 * Our own tapes carry ingest's control frames (symbol adds, reconnects) and REST replies; foreign recordings
 * (hftbacktest, cryptofeed) have neither, so their symbols are tracked on sight with no backfill.
 */
import { IngestPipeline } from '../../actors/ingest/ingest-pipeline.js';
import { SymbolEngine } from '../../actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS, type SymbolParams } from '../../actors/symbol/symbol-params.js';
import { DEFAULT_STRATEGY_PARAMS, type StrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import { mergeTapeBatches, type OpenedTape, openTape } from '../../venues/tape/index.js';
import type { TapeFormat, TapeFrame } from '../../venues/tape/tape-frame.js';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../../schema/config/config-schema.js';
import { TapelineError } from '../../schema/errors.js';

export interface ReplayOptions {
  tapes: string[];
  /** Tapes already opened elsewhere (a JetStream tape stream, venues/tape/tape-stream.ts), merged with `tapes`. */
  sources?: OpenedTape[];
  params?: SymbolParams;
  /** The live run's strategy parameters (default: the strategies' defaults). */
  strategyParams?: StrategyParams;
  /** Replay only the symbols this returns true for (a piscina worker's share); default all. */
  owns?: (symbol: string) => boolean;
  onSnapshot(message: MetricsMessage): void;
  /** Problems the pipeline reports (malformed frames, gaps): the replay goes on, as the live run did. */
  onIssue?(error: TapelineError): void;
  /** False: every frame through JSON.parse on this thread, as before the fast decoder (the tests' reference). */
  fastDecode?: boolean;
}

export interface ReplaySummary {
  frames: number;
  snapshots: number;
  symbols: string[];
  formats: Record<string, TapeFormat | undefined>;
}

/**
 * Opens a tape and reads its first frames, so its format is known before the pipeline is configured. The
 * venue's WS frames are read by the fast decoder and big files gunzipped on a worker (bench/fast-decode.bench.ts).
 */
async function open(path: string, fast = true): Promise<OpenedTape> {
  const opened = await openTape(path, fast ? { fastDecode: true, inflate: 'auto' } : {});
  if (opened.empty) throw new TapelineError('TL_CLI_USAGE', `tape ${path} holds no frames`);
  return opened;
}

/** One frame into the pipeline: a fast-decoded event as is, anything else as its text or REST body. */
export function feedFrame(pipeline: IngestPipeline, frame: TapeFrame): void {
  if (frame.kind === 'ws') {
    const event = frame.event;
    if (event !== undefined) pipeline.onWsEvent(event, frame.stream as string, frame.raw, frame.recvTsMs);
    else pipeline.onWsFrame(frame.raw, frame.recvTsMs);
  } else pipeline.onRestReply(frame.url ?? '', frame.data, frame.recvTsMs);
}

/** Checks every tape can be replayed together (readable, not empty, one kind); returns whether they are ours. */
export async function inspectTapes(tapes: string[]): Promise<boolean> {
  const opened = await Promise.all(tapes.map((t) => open(t)));
  return checkKinds(opened.map((o) => o.format));
}

function checkKinds(formats: Array<TapeFormat | undefined>): boolean {
  if (formats.length === 0) throw new TapelineError('TL_CLI_USAGE', 'replay needs at least one tape');
  const ours = formats.every((f) => f === 'tapeline');
  if (!ours && formats.some((f) => f === 'tapeline')) {
    throw new TapelineError(
      'TL_CLI_USAGE',
      'replay our tapes and foreign recordings separately: they need different ingest settings',
    );
  }
  return ours;
}

export async function replayTapes(opts: ReplayOptions): Promise<ReplaySummary> {
  const fast = opts.fastDecode !== false;
  const opened = [...(await Promise.all(opts.tapes.map((t) => open(t, fast)))), ...(opts.sources ?? [])];
  const formats = Object.fromEntries(opts.tapes.map((t, i) => [t, opened[i]!.format]));
  const ours = checkKinds(opened.map((o) => o.format));
  // Without a config, the same params a default live run uses (its cadence comes from the runtime config).
  const params = opts.params ?? { ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: DEFAULT_SNAPSHOT_INTERVAL_MS };
  const engines = new Map<string, SymbolEngine>();
  let snapshots = 0;
  const pipeline = new IngestPipeline(
    {
      onInput(input, recvTs) {
        let engine = engines.get(input.symbol);
        if (!engine) {
          if (opts.owns && !opts.owns(input.symbol)) return;
          engine = new SymbolEngine(input.symbol, params, opts.strategyParams ?? DEFAULT_STRATEGY_PARAMS);
          engines.set(input.symbol, engine);
        }
        const m = engine.apply(input, recvTs);
        if (m) {
          snapshots++;
          opts.onSnapshot(m);
        }
      },
      // Replies come from the tape: a request is answered only if the live run recorded its reply.
      onRequest() {},
      onIssue: (err) => opts.onIssue?.(err),
    },
    ours ? { fastDecode: fast } : { autoTrack: true, backfill: false, fastDecode: fast },
  );
  let frames = 0;
  for await (const batch of mergeTapeBatches(opened.map((o) => o.batches))) {
    frames += batch.length;
    for (let i = 0; i < batch.length; i++) feedFrame(pipeline, batch[i] as TapeFrame);
  }
  // End of input: each symbol's state after its last event, marked final (as a live run publishes at stop).
  for (const engine of engines.values()) {
    const m = engine.finalSnapshot();
    if (m) {
      snapshots++;
      opts.onSnapshot(m);
    }
  }
  return { frames, snapshots, symbols: [...engines.keys()], formats };
}

/** Which of `count` workers replays `symbol`: a stable hash, so the split never depends on tape order. */
export function workerFor(symbol: string, count: number): number {
  let h = 2166136261;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619);
  return (h >>> 0) % count;
}

/** Output order independent of how symbols were split over workers: by time, then symbol, then seq. */
export function compareSnapshots(a: MetricsMessage, b: MetricsMessage): number {
  return a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) || a.seq - b.seq;
}

/** The line `tapeline replay` prints per snapshot (and the live run's metrics.jsonl reduces to). */
export function snapshotLine(m: { symbol: string; seq: number; stateHash: string }): string {
  return `${m.symbol} ${m.seq} ${m.stateHash}`;
}
