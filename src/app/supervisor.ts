/**
 * The supervisor (main thread): resolves the venue, builds the topology, spawns one thread per actor, watches
 * heartbeats, restarts failed actors one-for-one (back-off + intensity limit) and escalates per actor kind:
 * a failed risk or execution actor engages the kill switch (safety invariant 3, docs/contract.md); a core actor past its restart intensity
 * takes the whole process down SAFE (exit 1), a symbol actor past it is left failed while the others run.
 */
import { mkdirSync } from 'node:fs';
import { ActorSlot, type SlotEnv } from '../runtime/actor-slot.js';
import type { ChannelSpec } from '../runtime/channel/channel-spec.js';
import { RingBuffer } from '../runtime/channel/ring-buffer.js';
import type { TapelineConfig } from '../schema/config/config-schema.js';
import { TapelineError, errorMessage } from '../schema/errors.js';
import { createLogger, type Logger } from '../runtime/log/logger.js';
import type { SupervisorContext } from './supervisor-context.js';
import { SupervisorOperations } from './supervisor-operations.js';
import type { SupervisorApi } from '../schema/supervisor-api.js';
import { type ActorModules, type ActorPlan, buildTopology } from './topology.js';
import { startVenue, type VenueEndpoints } from './venue-endpoints.js';
import type { ClusterNode } from './cluster/cluster-node.js';
import { clusterHooks, joinCluster } from './cluster/supervisor-cluster.js';

export interface SupervisorOptions {
  /** Replace actor modules (tests use fixtures); default: src/actors/<kind>. */
  modules?: ActorModules;
  /** Use these venue endpoints instead of starting one (tests, or an external sim). */
  venue?: VenueEndpoints;
  /** Start the admin socket (default true). */
  admin?: boolean;
}

export interface Supervisor extends SupervisorApi {
  readonly urls: { dashboard: string; ws: string; adminSocket: string; venueRest: string; venueWs: string };
  shutdown(reason: string): Promise<void>;
  /** Sends an actor-specific control command (e.g. `risk` `killSwitch`) over its comlink control plane. */
  actorCommand(actor: string, name: string, args?: Record<string, unknown>): Promise<unknown>;
  /** The actor's own status fields (counters, readiness) straight from its thread. */
  actorStatus(actor: string): Promise<Record<string, unknown>>;
  /** Resolves when the supervisor has shut down; `exitCode` is then 0 (asked to stop) or 1 (escalation). */
  readonly closed: Promise<void>;
  readonly exitCode: number;
}

/** Background refresh: one slice of the actors per tick, every actor once per round. */
const REFRESH_TICK_MS = 200;
const REFRESH_ROUND_MS = 2_000;
/**
 * A symbol actor's restart snapshot is refreshed every this many rounds (10 s), its status every round. A snapshot
 * copies the engine's book and windows on the actor's thread: with 100 symbols on one thread, a snapshot every
 * 2 s each quadrupled the ingest → symbol hop p50 (bench/full-market.bench.ts, issue 19). A restarted symbol asks
 * ingest to rebuild its book and backfill anyway (symbol-actor.ts), so an older snapshot costs little.
 */
const SNAPSHOT_EVERY_ROUNDS = 5;

export async function startSupervisor(config: TapelineConfig, opts: SupervisorOptions = {}): Promise<Supervisor> {
  mkdirSync(config.dataDir, { recursive: true });
  const log = createLogger({ dataDir: config.dataDir, base: { actor: 'supervisor' } });
  // A cluster node joins first: a refused join (schema, NATS) must fail before any venue or thread starts.
  const cluster = config.cluster ? await joinCluster(config, log) : undefined;
  let venue: VenueEndpoints;
  try {
    venue = opts.venue ?? (await startVenue(config));
  } catch (err) {
    await cluster?.leave();
    throw err;
  }
  const topology = buildTopology(config, opts.modules);
  const runtime = new SupervisorRuntime(config, log, venue, topology.actors.length, opts.modules ?? {}, cluster);
  try {
    await runtime.start(topology, opts.admin ?? true);
    if (cluster) await cluster.attach(clusterHooks(runtime));
  } catch (err) {
    log.error({ err }, `supervisor failed to start: ${errorMessage(err)}`);
    await runtime.shutdown('start failed', 1);
    throw err;
  }
  return runtime.api();
}

/** Heartbeat cells reserved beyond the actors started, for symbols added live. */
const LIVE_ACTOR_ROOM = 1024;

/** The running state; kept apart from `startSupervisor` so the failure paths read top to bottom. */
class SupervisorRuntime implements SupervisorContext {
  readonly slots = new Map<string, ActorSlot>();
  readonly rings = new Map<string, RingBuffer[]>();
  readonly startedAt = Date.now();
  readonly heartbeats: SharedArrayBuffer;
  /** Every data channel; shared with the slots, so a restarted actor is wired to channels added live. */
  channels: ChannelSpec[] = [];
  private slotEnv!: Omit<SlotEnv, 'heartbeatSlot'>;
  private readonly freeHeartbeatSlots: number[] = [];
  shuttingDown = false;
  exitCode = 0;
  gatewayPort = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private admin: { path: string; close(): Promise<void> } | undefined;
  private closing: Promise<void> | undefined;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });
  readonly ops: SupervisorOperations;

  constructor(
    readonly config: TapelineConfig,
    readonly log: Logger,
    readonly venue: VenueEndpoints,
    actorCount: number,
    readonly modules: ActorModules,
    readonly cluster: ClusterNode | undefined = undefined,
  ) {
    // Room for symbols added live; a slot's heartbeat cell is returned to the pool when it is removed.
    const cells = actorCount + LIVE_ACTOR_ROOM;
    this.heartbeats = new SharedArrayBuffer(8 * cells);
    for (let i = cells - 1; i >= 0; i--) this.freeHeartbeatSlots.push(i);
    this.ops = new SupervisorOperations(this);
  }

  async start(topology: ReturnType<typeof buildTopology>, withAdmin: boolean): Promise<void> {
    this.channels = topology.channels;
    this.slotEnv = {
      // No actor but execution (the only one that signs) is given the keys; the others learn only that they exist.
      // Likewise only the gateway is given its read token and TLS files.
      config: {
        ...this.config,
        apiKey: undefined,
        apiSecret: undefined,
        gateway: undefined,
        keysPresent: Boolean(this.venue.apiKey && this.venue.apiSecret),
      },
      configFor: (plan) => {
        // A cluster node's gateway and execution serve every symbol of the cluster, wherever its actor runs.
        const all = this.config.cluster && (plan.kind === 'gateway' || plan.kind === 'execution');
        const config = all
          ? { ...this.slotEnv.config, symbols: [...this.config.cluster!.symbols] }
          : this.slotEnv.config;
        if (plan.kind === 'execution') return { ...config, apiKey: this.venue.apiKey, apiSecret: this.venue.apiSecret };
        // Only the gateway thread is given the read token and the TLS files.
        if (plan.kind === 'gateway') return { ...config, gateway: this.config.gateway };
        return config;
      },
      venue: { kind: this.venue.kind, rest: this.venue.rest, ws: this.venue.ws },
      channels: this.channels,
      heartbeats: this.heartbeats,
      supervisorApi: this.ops,
      onFailure: (slot: ActorSlot, error: { code: string; message: string }) => this.onFailure(slot, error),
      onNotify: (slot: ActorSlot, event: { type: string; port?: unknown; symbol?: unknown }) => {
        if (event.type === 'listening' && typeof event.port === 'number') this.gatewayPort = event.port;
        if (event.type === 'bookGap' && typeof event.symbol === 'string') this.askIngest('resync', event.symbol);
        if (event.type === 'rebuild' && typeof event.symbol === 'string') this.askIngest('rebuild', event.symbol);
        this.log.info({ from: slot.name, event }, 'actor notice');
      },
    };
    for (const plan of topology.actors) this.addSlot(plan);
    // Risk first: the kill switch exists (engaged) before anything that could ask for an order. The rest
    // start in parallel (thread start-up is mostly module loading), ingest last so no data waits on a mailbox.
    const slots = [...this.slots.values()];
    await this.slots.get('risk')?.spawn();
    await Promise.all(slots.filter((s) => s.plan.kind !== 'risk' && s.plan.kind !== 'ingest').map((s) => s.spawn()));
    await Promise.all(slots.filter((s) => s.plan.kind === 'ingest').map((s) => s.spawn()));
    this.timers.push(setInterval(() => this.checkHeartbeats(), this.config.runtime.heartbeatMs));
    this.timers.push(setInterval(() => void this.refresh(), REFRESH_TICK_MS));
    if (withAdmin) {
      const { startAdminServer } = await import('./admin/admin-server.js');
      this.admin = await startAdminServer({
        path: this.config.adminSocket,
        api: this.ops,
        log: (level, msg, fields) => this.log[level](fields ?? {}, msg),
      });
    }
    this.log.info({ symbols: this.config.symbols, venue: this.venue.kind }, 'supervisor started');
  }

  private readonly lastResync = new Map<string, number>();

  /**
   * A symbol actor found a gap in its book that ingest did not see (its drop-oldest mailbox dropped a diff), or
   * restarted without its recent input: only ingest can resync the book (`resync`) or redo the book and the
   * backfill (`rebuild`), so ask it — at most once a second per symbol and command.
   */
  private askIngest(command: 'resync' | 'rebuild', symbol: string): void {
    const now = Date.now();
    const key = `${command}:${symbol}`;
    if (now - (this.lastResync.get(key) ?? 0) < 1_000) return;
    this.lastResync.set(key, now);
    const ingest = this.slots.get('ingest');
    if (!ingest?.isAlive() || !ingest.control) return;
    ingest.control
      .command(command, { symbol })
      .catch((err: unknown) => this.log.warn({ symbol, err: errorMessage(err) }, `ingest could not ${command}`));
  }

  /** Keeps a live config change for actors (re)started later. */
  updateConfig(section: 'risk' | 'execution' | 'strategies', value: Record<string, unknown>): void {
    this.config[section] = value;
    this.slotEnv.config[section] = value;
  }

  /** Registers an actor (not started); its mailbox rings must already be in `channels`. */
  addSlot(plan: ActorPlan): ActorSlot {
    const heartbeatSlot = this.freeHeartbeatSlots.pop();
    if (heartbeatSlot === undefined)
      throw new TapelineError(
        'TL_TOO_MANY_ACTORS',
        `no room for another actor: at most ${LIVE_ACTOR_ROOM} symbols can be added live after start; restart tapeline with the symbols you need in --symbols`,
      );
    Atomics.store(new BigInt64Array(this.heartbeats), heartbeatSlot, 0n);
    const slot = new ActorSlot(plan, { ...this.slotEnv, heartbeatSlot });
    this.slots.set(plan.name, slot);
    this.refreshRings(plan.name);
    return slot;
  }

  /** Forgets a stopped actor and its heartbeat cell. */
  removeSlot(name: string): void {
    const slot = this.slots.get(name);
    if (!slot) return;
    this.slots.delete(name);
    this.rings.delete(name);
    this.freeHeartbeatSlots.push(slot.heartbeatSlot);
  }

  refreshRings(name: string): void {
    this.rings.set(
      name,
      this.channels.filter((c) => c.to === name).map((c) => new RingBuffer(c.ring)),
    );
  }

  /** Mailbox depth straight from the shared rings: exact even while the actor is busy or restarting. */
  mailboxDepth(name: string): number {
    let n = 0;
    for (const r of this.rings.get(name) ?? []) n += r.depth();
    return n;
  }

  dropped(name: string): number {
    let n = 0;
    for (const r of this.rings.get(name) ?? []) n += r.dropped();
    return n;
  }

  private checkHeartbeats(): void {
    const beats = new BigInt64Array(this.heartbeats);
    const now = Date.now();
    for (const slot of this.slots.values()) {
      const last = Number(Atomics.load(beats, slot.heartbeatSlot));
      if (slot.isAlive() && last > 0 && now - last > this.config.runtime.heartbeatTimeoutMs) {
        this.log.error({ actor: slot.name, silentMs: now - last }, 'heartbeat lost: terminating the thread');
        void slot.terminate({ code: 'TL_ACTOR_HUNG', message: `no heartbeat for ${now - last} ms` });
      }
    }
  }

  private refreshCursor = 0;
  private refreshRounds = 0;

  /**
   * Background status and snapshot refresh, spread out: each tick takes the next slice of the actors, so every
   * actor is refreshed once per REFRESH_ROUND_MS. All at once, 125 packed actors sharing a thread stalled its
   * mailboxes ~30 ms every second (bench/scale.bench.ts profile, issue 8).
   */
  private async refresh(): Promise<void> {
    const slots = [...this.slots.values()];
    const perTick = Math.max(1, Math.ceil(slots.length / (REFRESH_ROUND_MS / REFRESH_TICK_MS)));
    const slice: ActorSlot[] = [];
    for (let i = 0; i < Math.min(perTick, slots.length); i++)
      slice.push(slots[(this.refreshCursor + i) % slots.length]!);
    const snapshots = this.refreshRounds % SNAPSHOT_EVERY_ROUNDS === 0;
    this.refreshCursor += perTick;
    if (this.refreshCursor >= slots.length) {
      this.refreshCursor %= Math.max(1, slots.length);
      this.refreshRounds++;
    }
    await Promise.all(
      slice.map(async (slot) => {
        try {
          await slot.refreshStatus();
          if ((slot.plan.kind === 'symbol' || slot.plan.kind === 'bridge') && snapshots) await slot.refreshSnapshot();
        } catch (err) {
          this.log.warn({ actor: slot.name, err: errorMessage(err) }, 'status refresh failed');
        }
      }),
    );
  }

  private onFailure(slot: ActorSlot, error: { code: string; message: string }): void {
    if (this.shuttingDown) return;
    this.log.error({ actor: slot.name, ...error }, `actor ${slot.name} failed: ${error.message}`);
    if (slot.plan.kind === 'execution') void this.ops.engageKillSwitch(`execution actor failed: ${error.message}`);
    if (slot.plan.kind === 'risk') this.log.warn('risk actor failed: it restarts with the kill switch engaged');
    const decision = slot.policy.onFailure(Date.now());
    if (decision.action === 'escalate') {
      slot.state = 'failed';
      const reason = `${slot.name} exceeded its restart intensity: ${decision.reason}`;
      this.log.error({ actor: slot.name }, reason);
      if (slot.plan.kind !== 'symbol') {
        void this.ops.engageKillSwitch(reason).finally(() => this.shutdown(`escalation: ${reason}`, 1));
      }
      return;
    }
    slot.state = 'restarting';
    setTimeout(() => {
      if (this.shuttingDown) return;
      slot.restarts++;
      slot.spawn().then(
        () => this.log.info({ actor: slot.name, restarts: slot.restarts }, 'actor restarted'),
        (err) => this.log.error({ actor: slot.name, err: errorMessage(err) }, 'restart failed'),
      );
    }, decision.delayMs).unref();
  }

  shutdown(reason: string, exitCode = 0): Promise<void> {
    this.closing ??= (async () => {
      this.shuttingDown = true;
      if (exitCode !== 0) this.exitCode = exitCode;
      this.log.info({ reason }, 'supervisor shutting down');
      for (const t of this.timers) clearInterval(t);
      const timeout = this.config.runtime.shutdownTimeoutMs;
      const order = ['ingest', 'symbol', 'risk', 'execution', 'gateway', 'bridge'];
      for (const kind of order) {
        await Promise.all([...this.slots.values()].filter((s) => s.plan.kind === kind).map((s) => s.stop(timeout)));
        // Symbols stopped: hand the leases back so other nodes take them now, not after this node is declared dead.
        if (kind === 'symbol') {
          await this.cluster?.leave().catch((err) => this.log.warn({ err: errorMessage(err) }, 'cluster leave failed'));
        }
      }
      await this.admin?.close().catch((err) => this.log.warn({ err: errorMessage(err) }, 'admin socket close failed'));
      await this.venue.stop().catch((err) => this.log.warn({ err: errorMessage(err) }, 'venue stop failed'));
      this.log.info({ exitCode: this.exitCode }, 'supervisor stopped');
      this.log.flush();
      this.resolveClosed();
    })();
    return this.closing;
  }

  api(): Supervisor {
    const rt = this;
    const ops = this.ops;
    const port = this.gatewayPort || this.config.port;
    return {
      urls: {
        dashboard: `${this.config.gateway?.tls ? 'https' : 'http'}://${this.config.host}:${port}/`,
        ws: `${this.config.gateway?.tls ? 'wss' : 'ws'}://${this.config.host}:${port}/ws`,
        adminSocket: this.config.adminSocket,
        venueRest: this.venue.rest,
        venueWs: this.venue.ws,
      },
      status: () => ops.status(),
      actors: () => ops.actors(),
      kill: (reason, symbol) => ops.kill(reason, symbol),
      arm: (reason, symbol) => ops.arm(reason, symbol),
      restart: (actor) => ops.restart(actor),
      symbols: (change) => ops.symbols(change),
      config: (request) => ops.config(request),
      shutdown: (reason) => rt.shutdown(reason),
      actorCommand: (actor, name, args = {}) => ops.actorCommand(actor, name, args),
      actorStatus: (actor) => ops.actorStatus(actor),
      closed: this.closed,
      get exitCode() {
        return rt.exitCode;
      },
    };
  }
}

export type { SupervisorRuntime };
export { TapelineError };
