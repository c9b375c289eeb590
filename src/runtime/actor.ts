/**
 * The Actor contract: a state machine with one mailbox. The runtime calls `start` once (with the last snapshot
 * when it restarts the actor), then `handle` for each message in mailbox order, then `stop`. `handle` is
 * synchronous so an actor's state depends only on the order of its input, never on scheduling.
 */
import type { Logger } from 'pino';
import type { TapelineConfig } from '../schema/config/config-schema.js';
import type { ActorKind, SupervisorApi } from '../schema/supervisor-api.js';
import type { Remote } from './control/comlink.js';

export interface ActorContext {
  readonly name: string;
  readonly kind: ActorKind;
  readonly config: TapelineConfig;
  /** Symbol of a symbol actor, else undefined. */
  readonly symbol: string | undefined;
  /** Restarts so far (0 on first start). */
  readonly restarts: number;
  readonly log: Logger;
  /** Venue endpoints the supervisor resolved (the embedded sim's, or Binance's). */
  readonly venue: { kind: string; rest: string; ws: string };
  /** Sends on an outbound channel by topic (`telemetry`, `intents`, ...) to every consumer of that topic. */
  send(topic: string, message: unknown): void;
  /** Sends on the outbound channel of `topic` that goes to actor `to` (e.g. ingest → `symbol/BTCUSDT`). */
  sendTo(to: string, topic: string, message: unknown): void;
  /** `sendTo` resolved once: a handle for per-event senders (ingest), valid across channel attach/detach. */
  route(to: string, topic: string): { send(message: unknown): void };
  /** Topics and destinations this actor may send to. */
  outputs(): ReadonlyArray<{ topic: string; to: string }>;
  /** The supervisor's operator API (gateway only: /api/status, the HTTP kill switch). */
  readonly supervisor: Remote<SupervisorApi> | undefined;
  /** Tells the supervisor something happened that it must act on (e.g. a safety actor asks for escalation). */
  notifySupervisor(event: { type: string; [key: string]: unknown }): void;
}

export interface Actor<Snapshot = unknown> {
  start(ctx: ActorContext, restored: Snapshot | undefined): void | Promise<void>;
  handle(message: unknown, topic: string): void;
  /** Finish work in hand (flush, close sockets); the inbox has already stopped delivering. */
  stop(): void | Promise<void>;
  /** A plain-data copy of the state, enough for `start(ctx, snapshot)` to resume from. */
  snapshot(): Snapshot;
  /** Extra fields for `status` replies (counters, readiness, book health...). */
  status?(): Record<string, unknown>;
  /** Actor-specific control calls (risk: `kill`, `arm`, `killSwitch`), reached over the comlink control plane. */
  command?(name: string, args: Record<string, unknown>): unknown | Promise<unknown>;
  /** Live configuration changes (strategy and risk parameters). */
  configure?(patch: Record<string, unknown>): void;
}

/** What each actor module exports. */
export type ActorFactory = () => Actor;
