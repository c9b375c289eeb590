/**
 * The per-symbol actor. Until the telemetry issue fills it with metrics, it counts what it receives by event
 * kind, detects envelopes the drop-oldest market channel lost (gaps in ingest's sequence), and reports a
 * `symbol-stats` message on its telemetry channel once per snapshot interval of exchange time.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import type { MarketEnvelope, SymbolStats } from '../../schema/internal-messages.js';

interface SymbolSnapshot {
  received: number;
  missed: number;
  lastSeq: number;
  seq: number;
  lastTs: number;
  byKind: Record<string, number>;
}

function eventKind(event: unknown): string {
  if (event && typeof event === 'object') {
    const e = event as { kind?: unknown; e?: unknown };
    if (typeof e.kind === 'string') return e.kind;
    if (typeof e.e === 'string') return e.e;
  }
  return 'unknown';
}

function eventTime(event: unknown): number {
  if (event && typeof event === 'object') {
    const e = event as { eventTime?: unknown; E?: unknown };
    if (typeof e.eventTime === 'number') return e.eventTime;
    if (typeof e.E === 'number') return e.E;
  }
  return 0;
}

class SymbolActor implements Actor<SymbolSnapshot> {
  private ctx!: ActorContext;
  private state: SymbolSnapshot = { received: 0, missed: 0, lastSeq: -1, seq: 0, lastTs: 0, byKind: {} };
  private nextReportTs = 0;

  start(ctx: ActorContext, restored: SymbolSnapshot | undefined): void {
    this.ctx = ctx;
    if (restored) this.state = { ...restored, byKind: { ...restored.byKind } };
  }

  handle(message: unknown, topic: string): void {
    if (topic !== 'market') return;
    const env = message as MarketEnvelope;
    const s = this.state;
    if (s.lastSeq >= 0 && env.seq > s.lastSeq + 1) s.missed += env.seq - s.lastSeq - 1;
    s.lastSeq = env.seq;
    s.received++;
    const kind = eventKind(env.event);
    s.byKind[kind] = (s.byKind[kind] ?? 0) + 1;
    const ts = eventTime(env.event);
    if (ts > s.lastTs) s.lastTs = ts;
    // Report on exchange time, never the wall clock: same input, same reports.
    if (s.lastTs >= this.nextReportTs) {
      this.report();
      this.nextReportTs = s.lastTs - (s.lastTs % this.ctx.config.runtime.snapshotIntervalMs) + this.ctx.config.runtime.snapshotIntervalMs;
    }
  }

  private report(): void {
    const s = this.state;
    s.seq++;
    const stats: SymbolStats = {
      type: 'symbol-stats',
      symbol: this.ctx.symbol ?? '',
      ts: s.lastTs,
      seq: s.seq,
      received: s.received,
      missed: s.missed,
      byKind: s.byKind,
    };
    this.ctx.send('telemetry', stats);
  }

  status(): Record<string, unknown> {
    // Not ready until the telemetry issue gives this actor a synced book and a backfill.
    return { ready: false, received: this.state.received, missed: this.state.missed, lastEventTs: this.state.lastTs };
  }

  snapshot(): SymbolSnapshot {
    return { ...this.state, byKind: { ...this.state.byKind } };
  }

  stop(): void {}
}

export function createActor(): Actor {
  return new SymbolActor();
}
