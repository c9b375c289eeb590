/**
 * The per-symbol actor: feeds each `market` envelope's SymbolInput to a SymbolEngine, and sends every metrics
 * snapshot it returns on `telemetry` and appends it to `<dataDir>/logs/metrics.jsonl` (whole message; its
 * symbol, seq, stateHash are what `tapeline replay` must reproduce). Strategy signals go out as a `signal` on
 * `telemetry` and an intent (with this symbol's readiness) on `intents`; signals and near misses are appended to
 * `logs/decisions.jsonl`. Liquidation prints go out on `telemetry` as they come. At stop (shutdown, after the
 * mailbox is drained) the engine's final snapshot is published and logged like any other, marked `final`. All
 * state lives in the engine; this adds I/O and the wall clock (readiness age only).
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { TapelineError } from '../../schema/errors.js';
import { JsonlLog } from '../../runtime/log/jsonl-log.js';
import { preEncodedJson } from '../../runtime/channel/json-text-frame.js';
import type { MarketEnvelope } from '../../schema/internal-messages.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import type { SymbolReadiness } from '../../schema/order-messages.js';
import { nearMissRecord, orderIntent, signalMessage, signalRecord } from './strategy/signal-messages.js';
import { resolveStrategyParams, type StrategyParams } from './strategy/strategy-params.js';
import { SymbolEngine } from './symbol-engine.js';
import type { SymbolEngineSnapshot } from './symbol-engine-snapshot.js';
import { DEFAULT_SYMBOL_PARAMS, resolveSymbolParams, type SymbolParams } from './symbol-params.js';

export interface SymbolActorSnapshot {
  engine: SymbolEngineSnapshot;
  received: number;
  /** Envelopes missing from ingest's sequence (the drop-oldest market channel lost them). */
  missed: number;
  lastSeq: number;
}

/** Params for this run: defaults ← runtime.snapshotIntervalMs ← `strategies.symbol` of the config. */
export function paramsFromConfig(config: ActorContext['config']): SymbolParams {
  const base = { ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: config.runtime.snapshotIntervalMs };
  return resolveSymbolParams(config.strategies?.symbol, base);
}

/** Strategy params for this run: defaults ← `strategies.sweepFade` / `strategies.imbalanceBreakout`. */
export function strategyParamsFromConfig(config: ActorContext['config']): StrategyParams {
  return resolveStrategyParams(config.strategies as { sweepFade?: unknown; imbalanceBreakout?: unknown } | undefined);
}

/** Market data older than this (wall clock since its frame arrived) is stale for trading. */
const FRESH_MS = 5_000;

class SymbolActor implements Actor<SymbolActorSnapshot> {
  private ctx!: ActorContext;
  private engine!: SymbolEngine;
  private log: JsonlLog | undefined;
  private decisions: JsonlLog | undefined;
  private lastRecvTs = 0;
  private received = 0;
  private missed = 0;
  private lastSeq = -1;
  private gapsNotified = 0;

  start(ctx: ActorContext, restored: SymbolActorSnapshot | undefined): void {
    this.ctx = ctx;
    const symbol = ctx.symbol;
    if (symbol === undefined) throw new TapelineError('TL_ACTOR_FAILED', `${ctx.name}: a symbol actor needs a symbol`);
    if (restored) {
      this.engine = SymbolEngine.restore(restored.engine);
      this.received = restored.received;
      this.missed = restored.missed;
      this.lastSeq = restored.lastSeq;
      this.gapsNotified = restored.engine.book.gaps;
    } else {
      this.engine = new SymbolEngine(symbol, paramsFromConfig(ctx.config), strategyParamsFromConfig(ctx.config));
    }
    this.log = JsonlLog.open(ctx.config.dataDir, 'metrics');
    this.decisions = JsonlLog.open(ctx.config.dataDir, 'decisions');
    if (ctx.restarts > 0) {
      // Events consumed between the last snapshot and the failure are gone, so neither the book nor the
      // backfill can be trusted: only ingest can redo them (book sync and backfill, as for a new symbol).
      ctx.notifySupervisor({ type: 'rebuild', symbol });
    }
  }

  handle(message: unknown, topic: string): void {
    if (topic !== 'market') return;
    const env = message as MarketEnvelope;
    if (this.lastSeq >= 0 && env.seq > this.lastSeq + 1) this.missed += env.seq - this.lastSeq - 1;
    this.lastSeq = env.seq;
    this.received++;
    this.lastRecvTs = env.recvTs;
    const out = this.engine.apply(env.event as SymbolInput, env.recvTs);
    const outputs = this.engine.drainStrategyOutputs();
    for (let i = 0; i < outputs.length; i++) this.onStrategyOutput(outputs[i] as (typeof outputs)[number]);
    const prints = this.engine.drainPrints();
    for (let i = 0; i < prints.length; i++) this.ctx.send('telemetry', prints[i]);
    // Per message: a plain number, not engine.status() (which builds objects: issue 8's profile).
    const gaps = this.engine.bookGaps();
    if (gaps > this.gapsNotified) {
      // The book saw a `pu` gap ingest did not mark (e.g. the market channel dropped a diff): only ingest can
      // fetch a new snapshot, so say so rather than stay out of sync silently.
      this.gapsNotified = gaps;
      this.ctx.notifySupervisor({ type: 'bookGap', symbol: this.engine.symbol, gaps });
    }
    if (out) this.publish(out);
  }

  private publish(m: MetricsMessage): void {
    // The prints this snapshot counts go first, so a client's tape never lags its numbers.
    const trades = this.engine.drainTrades();
    if (trades) this.ctx.send('telemetry', trades);
    // Serialized once: the log line is also the telemetry frame (json-text-frame.ts; msgpackr was the publish
    // path's largest encode, bench/RESULTS.md "Full-market load: publish path").
    const json = JSON.stringify(m);
    preEncodedJson(m, json);
    this.ctx.send('telemetry', m);
    preEncodedJson(undefined);
    // The whole message: a log line and a `replay --metrics` line compare field for field.
    this.log?.appendJson(json);
  }

  /** A signal: logged first (so the record exists whatever happens next), then `signal` and the intent. */
  private onStrategyOutput(o: ReturnType<SymbolEngine['drainStrategyOutputs']>[number]): void {
    if ('type' in o) {
      this.decisions?.append(nearMissRecord(o));
      return;
    }
    this.decisions?.append(signalRecord(o));
    this.ctx.send('telemetry', signalMessage(o));
    // Risk's readiness gate (safety invariant 1, docs/contract.md) judges the symbol by this snapshot, taken as the intent leaves.
    const { type: _t, symbol: _s, ...readiness } = this.readiness(Date.now(), o.entry);
    this.ctx.send('intents', { ...orderIntent(o), readiness });
  }

  private readiness(now: number, markPrice: number): SymbolReadiness {
    const st = this.engine.status() as { book: { inSync: boolean }; backfillDone: boolean };
    return {
      type: 'symbol-readiness',
      symbol: this.engine.symbol,
      ts: now,
      bookInSync: st.book.inSync,
      backfillDone: st.backfillDone,
      dataFresh: now - this.lastRecvTs <= FRESH_MS,
      markPrice,
    };
  }

  status(): Record<string, unknown> {
    return { ...this.engine.status(), received: this.received, missed: this.missed };
  }

  snapshot(): SymbolActorSnapshot {
    return { engine: this.engine.snapshot(), received: this.received, missed: this.missed, lastSeq: this.lastSeq };
  }

  /**
   * Telemetry params at the top level, strategy params under `sweepFade` / `imbalanceBreakout`. Everything is
   * validated before anything changes; throws `TL_CONFIG_INVALID` naming the field.
   */
  configure(patch: Record<string, unknown>): void {
    const { sweepFade, imbalanceBreakout, ...symbolPatch } = patch;
    const next = resolveSymbolParams(symbolPatch, this.engine.currentParams());
    const strategies = resolveStrategyParams({ sweepFade, imbalanceBreakout }, this.engine.currentStrategyParams());
    this.engine.setParams(next);
    this.engine.setStrategyParams(strategies);
  }

  stop(): void {
    // The state after the last event consumed: the replay of this run's tape ends with the same snapshot.
    const last = this.engine.finalSnapshot();
    if (last) this.publish(last);
    this.log?.close();
    this.log = undefined;
    this.decisions?.close();
    this.decisions = undefined;
  }
}

export function createActor(): Actor {
  return new SymbolActor();
}
