/**
 * `IngestPipeline`: raw venue input (WS text frames, REST replies, each with its local receive time) → the
 * ordered `SymbolInput` of every symbol, plus fetch requests for the I/O shell. No I/O and no clock: the live
 * ingest actor and `tapeline replay` feed it the same frames in the same order and get the same output.
 * Symbol lifecycle and connection loss arrive as control frames (`control-frames.ts`) so tapes carry them too.
 */
import { TapelineError } from '../../schema/errors.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import { decodeEvent, decodeRest, FastFrameDecoder, type StreamEvent } from '../../venues/binance/codec/index.js';
import { decodeRestAggTrades } from '../../venues/binance/rest-agg-trades.js';
import { CONTROL_STREAM, type ControlFrame, isControlFrame } from './control-frames.js';
import type { IngestRequest } from './ingest-requests.js';
import { type FeedHealth, type FeedSink, SymbolFeed } from './symbol-feed.js';

export interface BackfillOptions {
  klineInterval: string;
  klineLimit: number;
  openInterestPeriod: string;
  openInterestLimit: number;
}

export interface IngestPipelineOptions {
  /** Symbols tracked from the start, as if an `addSymbol` control frame had come first. */
  symbols?: readonly string[];
  /** Track any symbol on first sight (replaying foreign recordings, which carry no control frames). */
  autoTrack?: boolean;
  /** Start-up backfill asked per added symbol; `false` marks backfill done at once (recordings without it). */
  backfill?: BackfillOptions | false;
  /** Diffs held per symbol while waiting for a snapshot (oldest dropped beyond). Default 5000. */
  maxBufferedDiffs?: number;
  /** aggTrades held per symbol while a REST fill is awaited (the hole is given up beyond). Default 10000. */
  maxHeldTrades?: number;
  /**
   * Read the venue's frame shapes with the fast decoder before JSON.parse (default true). False keeps the
   * JSON path for every frame: the reference the equality tests and benches compare against.
   */
  fastDecode?: boolean;
}

export interface IngestPipelineHooks {
  /** One event for one symbol actor, in that symbol's order. `recvTs` is the carrying frame's receive time. */
  onInput(input: SymbolInput, recvTs: number): void;
  /** Something the shell should fetch; the answer comes back through `onRestReply`. */
  onRequest(request: IngestRequest): void;
  /** A frame or reply that could not be used (counted in `status()` too); the shell logs it. */
  onIssue?(error: TapelineError): void;
}

export const DEFAULT_BACKFILL: Readonly<BackfillOptions> = Object.freeze({
  klineInterval: '1m',
  klineLimit: 500,
  openInterestPeriod: '5m',
  openInterestLimit: 288,
});

export interface PipelineStatus {
  frames: number;
  restReplies: number;
  controlReplies: number;
  malformed: number;
  unroutable: number;
  ignored: number;
  symbols: Record<string, FeedHealth>;
}

const RELATIVE_BASE = 'http://venue.invalid';

export class IngestPipeline implements FeedSink {
  private readonly feeds = new Map<string, SymbolFeed>();
  private readonly autoTrack: boolean;
  private readonly backfill: BackfillOptions | false;
  private readonly maxBufferedDiffs: number;
  private readonly maxHeldTrades: number;
  private frames = 0;
  private restReplies = 0;
  private controlReplies = 0;
  private malformed = 0;
  private unroutable = 0;
  private ignored = 0;
  /** Reads the venue's frame shapes straight from the text (bench/fast-decode.bench.ts); the rest take JSON.parse. */
  private readonly fast: FastFrameDecoder | undefined;

  constructor(
    private readonly hooks: IngestPipelineHooks,
    options: IngestPipelineOptions = {},
  ) {
    this.autoTrack = options.autoTrack ?? false;
    this.backfill = options.backfill ?? DEFAULT_BACKFILL;
    this.maxBufferedDiffs = options.maxBufferedDiffs ?? 5000;
    this.maxHeldTrades = options.maxHeldTrades ?? 10_000;
    this.fast = options.fastDecode === false ? undefined : new FastFrameDecoder();
    for (const s of options.symbols ?? []) this.addSymbol(s, 0);
  }

  /** One WS text frame as received: a combined envelope, a raw `/ws` payload, a control reply or our control frame. */
  onWsFrame(rawText: string, recvTs: number): void {
    const decoder = this.fast;
    const fast = decoder?.decode(rawText, 0, rawText.length);
    if (fast !== undefined && decoder?.stream !== CONTROL_STREAM) {
      this.onWsEvent(fast, (decoder as FastFrameDecoder).stream, rawText, recvTs);
      return;
    }
    this.frames++;
    let value: unknown;
    try {
      value = JSON.parse(rawText);
    } catch (err) {
      this.reject(
        new TapelineError('TL_INGEST_MALFORMED_FRAME', `venue frame is not JSON, dropped: ${rawText.slice(0, 80)}`, {
          cause: err,
        }),
      );
      return;
    }
    if (typeof value !== 'object' || value === null) {
      this.reject(
        new TapelineError(
          'TL_INGEST_MALFORMED_FRAME',
          `venue frame is not a JSON object, dropped: ${rawText.slice(0, 80)}`,
        ),
      );
      return;
    }
    const stream = (value as { stream?: unknown }).stream;
    let data: unknown = value;
    if (typeof stream === 'string') {
      data = (value as { data?: unknown }).data;
      if (stream === CONTROL_STREAM) {
        if (isControlFrame(data)) this.onControl(data, recvTs);
        else
          this.reject(
            new TapelineError('TL_INGEST_MALFORMED_FRAME', `bad ${CONTROL_STREAM} frame: ${rawText.slice(0, 120)}`),
          );
        return;
      }
    } else if ('id' in value || 'code' in value) {
      // `{"result":null,"id":1}` replies to SUBSCRIBE, or `{"code":2,"msg":...}` errors: not market data.
      this.controlReplies++;
      if ('code' in value)
        this.hooks.onIssue?.(
          new TapelineError('TL_VENUE_WS_ERROR', `venue rejected a stream request: ${rawText.slice(0, 200)}`),
        );
      return;
    }
    let event: StreamEvent | null;
    try {
      event = decodeEvent(data, typeof stream === 'string' ? stream : undefined);
    } catch (err) {
      this.reject(
        err instanceof TapelineError ? err : new TapelineError('TL_CODEC_INVALID', String(err), { cause: err }),
      );
      return;
    }
    if (event === null) {
      this.ignored++;
      return;
    }
    this.route(event, recvTs);
  }

  /**
   * A WS frame its reader already decoded with a `FastFrameDecoder` (replay's tape batches): the same as
   * `onWsFrame(rawText)` would do, without decoding twice. Our control stream is not a venue event: it takes
   * the text path.
   */
  onWsEvent(event: StreamEvent, stream: string, rawText: string, recvTs: number): void {
    if (stream === CONTROL_STREAM) {
      this.onWsFrame(rawText, recvTs);
      return;
    }
    this.frames++;
    this.route(event, recvTs);
  }

  private route(event: StreamEvent, recvTs: number): void {
    const feed = this.feedFor(event.symbol, recvTs);
    if (feed === undefined) this.unroutable++;
    else feed.onStreamEvent(event, recvTs);
  }

  /** One successful REST reply: `url` as requested (absolute or path-only), `body` the parsed JSON. */
  onRestReply(url: string, body: unknown, recvTs: number): void {
    this.restReplies++;
    try {
      this.routeRest(url, body, recvTs);
    } catch (err) {
      this.reject(
        err instanceof TapelineError ? err : new TapelineError('TL_CODEC_INVALID', String(err), { cause: err }),
      );
    }
  }

  /** Starts tracking a symbol (idempotent). Live code sends an `addSymbol` control frame instead, for the tape. */
  addSymbol(symbol: string, recvTs: number): void {
    if (this.feeds.has(symbol)) return;
    const feed = new SymbolFeed(symbol, this, this.maxBufferedDiffs, this.maxHeldTrades);
    this.feeds.set(symbol, feed);
    const b = this.backfill;
    if (b === false) {
      feed.backfillDone = true;
      this.hooks.onInput({ kind: 'backfillDone', symbol, eventTime: 0 }, recvTs);
      return;
    }
    this.hooks.onRequest({ kind: 'klines', symbol, interval: b.klineInterval, limit: b.klineLimit });
    this.hooks.onRequest({
      kind: 'openInterestHist',
      symbol,
      period: b.openInterestPeriod,
      limit: b.openInterestLimit,
    });
  }

  removeSymbol(symbol: string): void {
    this.feeds.delete(symbol);
  }

  symbols(): string[] {
    return [...this.feeds.keys()];
  }

  health(symbol: string): FeedHealth | undefined {
    return this.feeds.get(symbol)?.health();
  }

  status(): PipelineStatus {
    const symbols: Record<string, FeedHealth> = {};
    for (const [s, feed] of this.feeds) symbols[s] = feed.health();
    return {
      frames: this.frames,
      restReplies: this.restReplies,
      controlReplies: this.controlReplies,
      malformed: this.malformed,
      unroutable: this.unroutable,
      ignored: this.ignored,
      symbols,
    };
  }

  // FeedSink: the per-symbol state machines talk to the hooks through these.
  emit(input: SymbolInput, recvTs: number): void {
    this.hooks.onInput(input, recvTs);
  }

  requestSnapshot(symbol: string): void {
    this.hooks.onRequest({ kind: 'depthSnapshot', symbol });
  }

  requestTradesFrom(symbol: string, fromId: number): void {
    this.hooks.onRequest({ kind: 'aggTradesFrom', symbol, fromId });
  }

  private feedFor(symbol: string, recvTs: number): SymbolFeed | undefined {
    const feed = this.feeds.get(symbol);
    if (feed !== undefined || !this.autoTrack) return feed;
    this.addSymbol(symbol, recvTs);
    return this.feeds.get(symbol);
  }

  private onControl(c: ControlFrame, recvTs: number): void {
    for (const symbol of c.symbols) {
      if (c.op === 'addSymbol') this.addSymbol(symbol, recvTs);
      else if (c.op === 'removeSymbol') this.removeSymbol(symbol);
      else if (c.op === 'reconnect' && c.route !== 'market') {
        // Depth frames may have been lost with the connection: the book must be rebuilt from a new snapshot.
        this.feeds.get(symbol)?.book.reset(`${c.route ?? 'stream'} connection lost`, recvTs);
      } else if (c.op === 'resync')
        this.feeds.get(symbol)?.book.reset('resync asked: the symbol actor saw a gap', recvTs);
      // A lost `market` connection needs nothing here: the next aggTrade's id jump asks for the missed range.
    }
  }

  private routeRest(url: string, body: unknown, recvTs: number): void {
    const parsed = new URL(url, RELATIVE_BASE);
    const path = parsed.pathname;
    const symbol = parsed.searchParams.get('symbol')?.toUpperCase();
    if (path.endsWith('/fapi/v1/aggTrades')) {
      const feed = symbol === undefined ? undefined : this.feedFor(symbol, recvTs);
      if (feed === undefined) this.unroutable++;
      else feed.trades.onRestTrades(decodeRestAggTrades(body, feed.symbol, url), recvTs);
      return;
    }
    const events = decodeRest(url, body, recvTs);
    if (events === null) {
      this.ignored++; // time, exchangeInfo, ...: the shell's business
      return;
    }
    const first = events[0];
    const feed = this.feedFor(symbol ?? first?.symbol ?? '', recvTs);
    if (feed === undefined) {
      this.unroutable++;
      return;
    }
    if (first?.kind === 'depthSnapshot') {
      feed.book.onSnapshot(first, recvTs);
    } else if (path.endsWith('/fapi/v1/klines') || path.endsWith('/futures/data/openInterestHist')) {
      const done = feed.onBackfill(path.endsWith('/klines') ? 'klines' : 'openInterestHist', events, recvTs);
      if (done) this.hooks.onInput({ kind: 'backfillDone', symbol: feed.symbol, eventTime: feed.backfillTime }, recvTs);
    } else {
      for (let i = 0; i < events.length; i++) this.hooks.onInput(events[i] as SymbolInput, recvTs);
    }
  }

  private reject(err: TapelineError): void {
    this.malformed++;
    this.hooks.onIssue?.(err);
  }
}
