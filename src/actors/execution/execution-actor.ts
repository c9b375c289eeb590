/**
 * The execution actor: the only place an order request leaves from. A thin shell around `ExecutionEngine`
 * (signed LIMIT orders, write-ahead executions.jsonl, user-data stream, reconciliation, dead-man switch,
 * cancel-all on kill). It starts disarmed: only a kill-switch event from risk saying "armed" lets orders out.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { connectNats, type NatsConnection } from '../../runtime/nats/connect.js';
import { followLeaseHolder, MIN_LEASE_TTL_MS, openLeaseBucket } from '../../runtime/nats/leader-lease.js';
import { OrderJournalStream } from '../../runtime/nats/order-journal-stream.js';
import type { ClusterConfig } from '../../schema/config/config-schema.js';
import { errorMessage, TapelineError } from '../../schema/errors.js';
import { ExecutionEngine } from './execution-engine.js';
import { parseExecutionParams } from './execution-params.js';

interface ExecutionSnapshot {
  cancelAllReceived: number;
}

class ExecutionActor implements Actor<ExecutionSnapshot> {
  private engine!: ExecutionEngine;
  private cancelAllReceived = 0;
  private nc: NatsConnection | undefined;
  /** Cluster: whether this node holds the risk lease (the lease key `risk`, followed live). */
  private riskLeader = false;
  /** Cluster: the replicated journal is attached (its records known); no order leaves before. */
  private replicaAttached = false;
  /** Cluster: connected to NATS now (a cut-off host sends nothing and lets the dead-man countdown run out). */
  private natsUp = true;
  private clusterLinks: Promise<void> | undefined;
  private unfollow: (() => void) | undefined;

  async start(ctx: ActorContext, restored: ExecutionSnapshot | undefined): Promise<void> {
    this.cancelAllReceived = restored?.cancelAllReceived ?? 0;
    this.engine = new ExecutionEngine({
      ...(ctx.config.cluster ? { riskLeader: () => this.replicaAttached && this.natsUp && this.riskLeader } : {}),
      rest: ctx.venue.rest,
      ws: ctx.venue.ws,
      apiKey: ctx.config.apiKey,
      apiSecret: ctx.config.apiSecret,
      dataDir: ctx.config.dataDir,
      symbols: [...ctx.config.symbols],
      executionEnabled: ctx.config.executionEnabled,
      params: parseExecutionParams(ctx.config.execution),
      send: (topic, m) => ctx.send(topic, m),
      log: ctx.log,
    });
    await this.engine.start();
    // After start, not before: opening JetStream takes seconds on a loaded host, and the gate stays closed until then.
    const cluster = ctx.config.cluster;
    if (cluster) {
      this.clusterLinks = this.openCluster(cluster).catch((err: unknown) =>
        ctx.log.error({ err: errorMessage(err) }, 'replicated journal unavailable: this node sends no order'),
      );
    }
  }

  /** `config set execution.<param>=...`: validated whole (TL_EXECUTION_PARAMS_INVALID), then applied at once. */
  configure(patch: Record<string, unknown>): void {
    const execution = (patch.execution ?? {}) as Record<string, unknown>;
    this.engine.applyParams(parseExecutionParams({ ...this.engine.params, ...execution }, 'configure'));
  }

  handle(message: unknown, topic: string): void {
    if (topic !== 'execution-commands') return;
    if ((message as { type?: string }).type === 'cancel-all') this.cancelAllReceived++;
    this.engine.onMessage(message);
  }

  command(name: string, args: Record<string, unknown> = {}): unknown {
    switch (name) {
      case 'executionState':
        return { ...this.engine.status(), orders: [...this.engine.tracker.orders.values()].map((o) => ({ ...o })) };
      case 'reconcile':
        this.engine.reconcileNow('operator');
        return { ok: true };
      case 'symbolsChanged':
        return this.engine.symbolsChanged(symbolList(args)).then(() => ({ ok: true }));
      default:
        throw new TapelineError(
          'TL_ADMIN_UNKNOWN_COMMAND',
          `execution has no command "${name}"; commands: executionState, reconcile, symbolsChanged`,
        );
    }
  }

  status(): Record<string, unknown> {
    const s = this.engine.status();
    return {
      cancelAllReceived: this.cancelAllReceived,
      armed: this.engine.armed,
      openOrders: this.engine.tracker.live().length,
      clockSynced: s.clockSynced,
      userStreamLive: s.userStreamLive,
      positionsReconciled: s.positionsReconciled,
      deadManRefreshes: this.engine.deadMan?.refreshes ?? 0,
      deadManRunning: this.engine.deadMan?.running ?? false,
      ...(this.nc ? { clusterLink: this.engine.clusterLinkUp ? 'up' : 'down' } : {}),
      paramsInForce: this.engine.paramsInForce(),
      sender: this.engine.sender?.counters ?? {},
      orderEntry: this.engine.entry
        ? { transport: this.engine.entry.transport, ...this.engine.entry.counters }
        : { transport: 'none' },
    };
  }

  snapshot(): ExecutionSnapshot {
    return { cancelAllReceived: this.cancelAllReceived };
  }

  async stop(): Promise<void> {
    await this.clusterLinks;
    this.unfollow?.();
    await this.engine.stop();
    await this.nc?.drain().catch(() => undefined);
  }

  /**
   * On a cluster node, the replicated journal (docs/cluster-durability.md), read whole before any order may leave:
   * what any execution host attempted — a dead predecessor's too — is never sent again. Also follows the risk
   * lease: orders leave only while this node holds it (gate EXEC_NOT_RISK_LEADER), the fence against a deposed leader.
   */
  private async openCluster(cluster: ClusterConfig): Promise<void> {
    const { nats: servers, node } = cluster;
    const nc = await connectNats(servers, { name: `${node}-execution`, credential: cluster.credential });
    this.nc = nc;
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type !== 'disconnect' && s.type !== 'reconnect') continue;
        this.natsUp = s.type === 'reconnect';
        this.engine.setClusterLink(this.natsUp);
      }
    })();
    const replicas = Math.min(3, servers.length);
    const leases = await openLeaseBucket(this.nc, MIN_LEASE_TTL_MS, replicas);
    this.unfollow = await followLeaseHolder(leases, 'risk', (h) => {
      this.riskLeader = h?.node === node;
    });
    const stream = await OrderJournalStream.open(this.nc, { replicas });
    this.engine.journal.attachReplica(stream, await stream.readAll());
    this.replicaAttached = true;
  }
}

export function createActor(): Actor {
  return new ExecutionActor();
}

/** The `symbolsChanged` argument: the supervisor's full symbol list after an add/remove. */
function symbolList(args: Record<string, unknown>): string[] {
  const list = args.symbols;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new TapelineError(
      'TL_ADMIN_BAD_REQUEST',
      'symbolsChanged needs {symbols: string[]}, the full list of symbols',
    );
  }
  return list as string[];
}
