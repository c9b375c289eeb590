/**
 * The ingest actor: the I/O shell around `IngestPipeline`. It owns the market WebSockets, the REST client
 * (weight limiter, clock offset, fetch scheduler, open-interest poll) and the tape; every raw frame and REST
 * reply is recorded first, then fed to the pipeline, whose `SymbolInput` events go to each symbol actor as
 * `MarketEnvelope`s. Symbol adds/removes and lost connections are control frames, so the tape replays exactly.
 */
import { join } from 'node:path';
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { errorCode, errorMessage, TapelineError } from '../../schema/errors.js';
import type { MarketEnvelope } from '../../schema/internal-messages.js';
import { symbolActorName } from '../../schema/supervisor-api.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import { ClockSync } from '../../venues/binance/clock-sync.js';
import { type MarketRoute, MarketStreams } from '../../venues/binance/market-streams.js';
import { WeightLimiter } from '../../venues/binance/rate-limiter.js';
import { RestClient, type RestReply } from '../../venues/binance/rest-client.js';
import { TapeWriter } from '../../venues/tape/index.js';
import type { TapeStreamWriter } from '../../venues/tape/tape-stream.js';
import { type IngestClusterLinks, openIngestClusterLinks } from './ingest-cluster-links.js';
import { type ControlOp, encodeControlFrame } from './control-frames.js';
import { type IngestConfig, resolveIngestConfig } from './ingest-config.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { RequestScheduler } from './request-scheduler.js';

interface Route {
  actor: string;
  seq: number;
  /** The market channel to the symbol actor, resolved once (no per-event lookup). */
  out: { send(message: unknown): void };
}

const TAPE_FLUSH_MS = 1_000;
/** Issues of one code logged in full; beyond, one line per this many (a malformed-frame storm must not flood). */
const ISSUE_LOG_EVERY = 1_000;

class IngestActor implements Actor<Record<string, never>> {
  private ctx!: ActorContext;
  private cfg!: IngestConfig;
  private pipeline!: IngestPipeline;
  private rest!: RestClient;
  private streams!: MarketStreams;
  private scheduler!: RequestScheduler;
  private readonly clock = new ClockSync();
  private tape: TapeWriter | TapeStreamWriter | undefined;
  private links: IngestClusterLinks | undefined;
  private readonly routes = new Map<string, Route>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly issues = new Map<string, number>();
  private unrouted = 0;
  private stopped = false;

  async start(ctx: ActorContext): Promise<void> {
    this.ctx = ctx;
    this.cfg = resolveIngestConfig(ctx.config);
    const cfg = this.cfg;
    this.links = await openIngestClusterLinks(ctx.config, cfg.restWeightBudget, ctx.log);
    if (this.links?.tapeStream) {
      this.tape = this.links.tapeStream;
      this.timers.push(setInterval(() => this.flushTape(), TAPE_FLUSH_MS));
      ctx.log.info({ tape: this.tape.path }, 'recording venue frames to JetStream');
    } else if (ctx.config.record) {
      const started = new Date().toISOString().replace(/[:.]/g, '-');
      this.tape = new TapeWriter(join(ctx.config.dataDir, 'tapes', `ingest-${started}.ndjson`));
      this.timers.push(setInterval(() => this.flushTape(), TAPE_FLUSH_MS));
      ctx.log.info({ tape: this.tape.path }, 'recording venue frames');
    }
    this.pipeline = new IngestPipeline(
      {
        onInput: (input, recvTs) => this.route(input, recvTs),
        onRequest: (req) => this.scheduler.submit(req),
        onIssue: (err) => this.onIssue(err),
      },
      {
        backfill: {
          klineInterval: '1m',
          klineLimit: cfg.klineBackfillLimit,
          openInterestPeriod: '5m',
          openInterestLimit: cfg.openInterestHistLimit,
        },
        maxBufferedDiffs: cfg.maxBufferedDiffs,
        maxHeldTrades: cfg.maxHeldTrades,
      },
    );
    this.rest = new RestClient({
      baseUrl: ctx.venue.rest,
      limiter: new WeightLimiter({ budgetPerMinute: cfg.restWeightBudget }),
      ...(this.links ? { sharedBudget: this.links.sharedBudget } : {}),
      timeoutMs: cfg.restTimeoutMs,
      onReply: (reply) => this.onRestReply(reply),
    });
    this.scheduler = new RequestScheduler(this.rest, cfg.depthSnapshotLimit, ctx.log);
    this.streams = new MarketStreams({
      wsBase: ctx.venue.ws,
      streamsPerConnection: cfg.streamsPerConnection,
      onFrame: (text, recvTs) => this.onFrame(text, recvTs),
      onLost: (route, symbols) => this.onLost(route, symbols),
      log: ctx.log,
      connection: {
        backoffInitialMs: cfg.reconnectInitialMs,
        backoffMaxMs: cfg.reconnectMaxMs,
        maxLifetimeMs: cfg.connectionLifetimeMs,
        overlapMs: cfg.reconnectOverlapMs,
      },
    });
    for (const s of ctx.config.symbols) this.addSymbol(s);
    this.timers.push(setInterval(() => this.pollOpenInterest(), cfg.openInterestPollMs));
    this.timers.push(setInterval(() => void this.syncClock(), cfg.clockSyncMs));
    void this.syncClock();
  }

  handle(): void {}

  command(name: string, args: Record<string, unknown>): unknown {
    const symbol = typeof args.symbol === 'string' ? args.symbol.toUpperCase() : undefined;
    if (name !== 'addSymbol' && name !== 'removeSymbol' && name !== 'resync' && name !== 'rebuild') {
      throw new TapelineError(
        'TL_INGEST_BAD_COMMAND',
        `ingest: unknown command ${JSON.stringify(name)}; use addSymbol, removeSymbol, resync or rebuild`,
      );
    }
    if (symbol === undefined)
      throw new TapelineError(
        'TL_INGEST_BAD_COMMAND',
        `ingest ${name}: "symbol" must be a symbol name such as "BTCUSDT"`,
      );
    if (name === 'addSymbol') return { added: this.addSymbol(symbol) };
    if (name === 'rebuild') {
      if (!this.routes.has(symbol)) return { rebuilt: false };
      // The pipeline forgets the symbol and tracks it anew: book sync and backfill again, streams untouched.
      // Control frames, so a replay rebuilds at the same place.
      this.control('removeSymbol', [symbol]);
      this.control('addSymbol', [symbol]);
      return { rebuilt: true };
    }
    if (name === 'resync') {
      if (!this.routes.has(symbol)) return { resynced: false };
      // Through a control frame, so the tape (and a replay) resyncs at the same place.
      this.control('resync', [symbol]);
      return { resynced: true };
    }
    return { removed: this.removeSymbol(symbol) };
  }

  status(): Record<string, unknown> {
    const p = this.pipeline.status();
    return {
      ...this.streams.status(),
      pipeline: {
        frames: p.frames,
        restReplies: p.restReplies,
        controlReplies: p.controlReplies,
        malformed: p.malformed,
        unroutable: p.unroutable + this.unrouted,
        ignored: p.ignored,
      },
      symbols: p.symbols,
      rest: {
        usedWeight: this.rest.limiter.usedWeight,
        peakWeight: this.rest.limiter.peakWeight,
        budget: this.rest.limiter.budget,
        blockedForMs: this.rest.limiter.blockedForMs(),
        // Why nothing is sent (TL_VENUE_RATE_LIMITED / TL_VENUE_BANNED) and which node of the IP was told so.
        blockedCode: this.rest.limiter.blockedForMs() > 0 ? this.rest.limiter.blockedError().code : null,
        blockedByNode: this.rest.limiter.blockedForMs() > 0 ? this.rest.limiter.blockedByNode || null : null,
        held: this.scheduler.held,
        backoffsUnshared: this.rest.backoffsUnshared,
        requests: this.rest.requests,
        failures: this.rest.failures,
        pending: this.scheduler.pending(),
      },
      clock: { synced: this.clock.synced, offsetMs: this.clock.offsetMs, rttMs: this.clock.rttMs },
      tape: this.tape === undefined ? null : { path: this.tape.path, frames: this.tape.frames },
    };
  }

  snapshot(): Record<string, never> {
    return {};
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.streams?.close();
    this.scheduler?.close();
    await this.rest?.close();
    this.tape?.close();
    await this.links?.close();
  }

  private addSymbol(symbol: string): boolean {
    if (this.routes.has(symbol)) return false;
    const actor = symbolActorName(symbol);
    this.routes.set(symbol, { actor, seq: 0, out: this.ctx.route(actor, 'market') });
    this.scheduler.track(symbol);
    this.control('addSymbol', [symbol]);
    this.streams.addSymbol(symbol);
    return true;
  }

  private removeSymbol(symbol: string): boolean {
    if (!this.routes.has(symbol)) return false;
    this.streams.removeSymbol(symbol);
    this.scheduler.forget(symbol);
    this.control('removeSymbol', [symbol]);
    this.routes.delete(symbol);
    return true;
  }

  /** Our control frames go through the same record-then-feed path as venue frames. */
  private control(op: ControlOp, symbols: string[], route?: string): void {
    this.onFrame(encodeControlFrame(op, symbols, route), Date.now());
  }

  private onFrame(text: string, recvTs: number): void {
    // The stream name is left out of the tape line: readers take it from the combined envelope itself.
    if (this.tape !== undefined) {
      try {
        this.tape.writeWs(recvTs, undefined, text);
      } catch (err) {
        this.tapeFailed(err);
      }
    }
    this.pipeline.onWsFrame(text, recvTs);
  }

  private onRestReply(reply: RestReply): void {
    if (this.stopped) return;
    this.scheduler.release(reply.url.slice(this.rest.baseUrl.length));
    if (this.tape !== undefined) {
      try {
        this.tape.writeRest(reply.recvTs, reply.url, reply.text);
      } catch (err) {
        this.tapeFailed(err);
      }
    }
    this.pipeline.onRestReply(reply.url, reply.body, reply.recvTs);
  }

  private onLost(route: MarketRoute, symbols: string[]): void {
    this.control('reconnect', symbols, route);
  }

  private route(input: SymbolInput, recvTs: number): void {
    const r = this.routes.get(input.symbol);
    if (r === undefined) {
      this.unrouted++;
      return;
    }
    const env: MarketEnvelope = { type: 'market', symbol: input.symbol, recvTs, seq: ++r.seq, event: input };
    r.out.send(env);
  }

  private pollOpenInterest(): void {
    for (const symbol of this.routes.keys()) this.scheduler.submit({ kind: 'openInterest', symbol });
  }

  private async syncClock(): Promise<void> {
    try {
      await this.clock.sync(this.rest);
      this.ctx.log.info({ offsetMs: Math.round(this.clock.offsetMs), rttMs: this.clock.rttMs }, 'venue clock offset');
    } catch (err) {
      if (!this.stopped)
        this.ctx.log.warn(
          { code: errorCode(err), error: errorMessage(err) },
          'venue clock sync failed; keeping the last offset',
        );
    }
  }

  private flushTape(): void {
    try {
      this.tape?.flush();
    } catch (err) {
      this.tapeFailed(err);
    }
  }

  /** A full disk must not stop market data: recording stops, loudly, and the live feed goes on. */
  private tapeFailed(err: unknown): void {
    this.ctx.log.error({ code: errorCode(err), error: errorMessage(err) }, 'tape write failed; recording stopped');
    this.tape = undefined;
  }

  private onIssue(err: TapelineError): void {
    const n = (this.issues.get(err.code) ?? 0) + 1;
    this.issues.set(err.code, n);
    if (n <= 10 || n % ISSUE_LOG_EVERY === 0)
      this.ctx.log.warn({ code: err.code, count: n, error: err.message }, 'venue input dropped');
  }
}

export function createActor(): Actor {
  return new IngestActor();
}
