/**
 * The operator-facing surface of a running supervisor: what the admin socket, the HTTP API and tests call.
 * Shapes follow docs/contract.md, admin socket protocol; every method either resolves with the reply fields or throws a TapelineError.
 */
import type { VenueKind } from './config/config-schema.js';

export type ActorKind = 'supervisor' | 'ingest' | 'risk' | 'execution' | 'gateway' | 'symbol' | 'bridge';
/** The name of a symbol's actor (`symbol/BTCUSDT`): how ingest, the supervisor and operators address it. */
export function symbolActorName(symbol: string): string {
  return `symbol/${symbol}`;
}

export type ActorState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface ActorInfo {
  /** `supervisor` | `ingest` | `risk` | `execution` | `gateway` | `symbol/<SYMBOL>` */
  name: string;
  kind: ActorKind;
  state: ActorState;
  threadId: number;
  restarts: number;
  mailboxDepth: number;
  /** Messages dropped by a drop-oldest channel into this actor since start. */
  dropped: number;
  lastError?: { code: string; message: string; at: number } | undefined;
}

export interface KillSwitchEntry {
  engaged: boolean;
  reason: string;
  /** Wall-clock ms when the state last changed. */
  since: number;
}

export interface KillSwitchState extends KillSwitchEntry {
  /** Per-symbol kills; a symbol listed here with engaged=true cannot trade even when the global switch is off. */
  symbols: Record<string, KillSwitchEntry>;
}

export interface GateState {
  executionEnabled: boolean;
  keys: boolean;
  ready: boolean;
}

export interface StatusReply {
  supervisor: { pid: number; version: string; startedAt: number; uptimeMs: number; shuttingDown: boolean };
  killSwitch: KillSwitchState;
  gates: GateState;
  venue: { kind: VenueKind; rest: string; ws: string };
  symbols: string[];
  actors: ActorInfo[];
  /** Only on a cluster node (`--nats`): the members, who owns each symbol, and risk's leader. */
  cluster?: ClusterStatusBlock;
}

export interface ClusterStatusBlock {
  node: string;
  nodes: Array<{ id: string; roles: string[]; alive: boolean }>;
  owners: Record<string, string>;
  riskLeader: string | null;
  riskHeartbeatAgeMs: number | null;
  /** The bridge's counters: frames out/in, refused for another schema hash, dropped by the lease fence. */
  bridge?: Record<string, unknown> | undefined;
  /**
   * This node's risk: `leadership` (state standby | rebuilding | reconciling | leading, term, what the journal
   * rebuild gave) and `exposure` (positions, open orders, realized PnL today). Absent without the risk role.
   */
  risk?: Record<string, unknown> | undefined;
  /** This node's execution on the approval stream: pulling, handed on, duplicates, refused (stale term). */
  approvals?: Record<string, unknown> | undefined;
}

export interface SymbolsReply {
  symbols: string[];
  added: string[];
  removed: string[];
}

export interface SupervisorApi {
  status(): Promise<StatusReply>;
  actors(): Promise<ActorInfo[]>;
  /** Engages the kill switch (globally, or for one symbol) before it resolves. */
  kill(reason: string, symbol?: string): Promise<KillSwitchState>;
  /** Disengages; throws TL_KILL_SWITCH_ARM_REFUSED unless EXECUTION_ENABLED=true. */
  arm(reason: string, symbol?: string): Promise<KillSwitchState>;
  /** Restarts one actor by name (`symbol/BTCUSDT`, `ingest`, ...); throws TL_ACTOR_UNKNOWN. */
  restart(actor: string): Promise<ActorInfo>;
  /** Adds and removes symbols live (their actors, channels, streams); nothing else restarts. */
  symbols(change: { add?: string[]; remove?: string[] }): Promise<SymbolsReply>;
  /** Reads, or changes live, strategy and risk parameters (dotted keys: `risk.maxOrderNotional`). */
  config(request: { get?: boolean; set?: Record<string, unknown> }): Promise<Record<string, unknown>>;
}
