/**
 * The execution actor: the only place an order request leaves from. A thin shell around `ExecutionEngine`
 * (signed LIMIT orders, write-ahead executions.jsonl, user-data stream, reconciliation, dead-man switch,
 * cancel-all on kill). It starts disarmed: only a kill-switch event from risk saying "armed" lets orders out.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { ApprovalIntake } from '../../runtime/nats/approval-intake.js';
import { type ClusterApproval, ensureApprovalStream } from '../../runtime/nats/approval-stream.js';
import { RISK_LEASE_KEY } from '../../runtime/nats/durable-names.js';
import { connectNats, type NatsConnection } from '../../runtime/nats/connect.js';
import { LeaderFence } from '../../runtime/nats/leader-fence.js';
import { followLeaseHolder, MIN_LEASE_TTL_MS, openLeaseBucket } from '../../runtime/nats/leader-lease.js';
import { OrderJournalStream } from '../../runtime/nats/order-journal-stream.js';
import type { ClusterConfig } from '../../schema/config/config-schema.js';
import { errorMessage, type Failure, TapelineError } from '../../schema/errors.js';
import { clientOrderIdFor } from './client-order-id.js';
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
  /** Cluster: approvals from the replicated approval stream, pulled only while this node holds the risk lease. */
  private intake: ApprovalIntake | undefined;
  private readonly fence = new LeaderFence();
  private log!: ActorContext['log'];

  async start(ctx: ActorContext, restored: ExecutionSnapshot | undefined): Promise<void> {
    this.cancelAllReceived = restored?.cancelAllReceived ?? 0;
    this.log = ctx.log;
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
      ...(this.intake
        ? { approvals: { pulling: this.intake.pulling, ...this.intake.counters, highestTerm: this.fence.highest } }
        : {}),
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
    await this.intake?.stop();
    await this.engine.stop();
    await this.nc?.drain().catch(() => undefined);
  }

  /**
   * On a cluster node (docs/cluster-durability.md): the replicated journal, read whole before any order may leave
   * (what any execution host attempted — a dead predecessor's too — is never sent again); then the risk lease,
   * followed: while this node holds it, approvals are pulled from the approval stream (their leader's term fenced)
   * and orders may leave (gate EXEC_NOT_RISK_LEADER otherwise); on taking it, a reconciliation first.
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
    const leases = await openLeaseBucket(nc, MIN_LEASE_TTL_MS, replicas);
    const stream = await OrderJournalStream.open(nc, { replicas });
    this.engine.journal.attachReplica(stream, await stream.readAll());
    this.replicaAttached = true;
    await ensureApprovalStream(nc, replicas);
    const intake = new ApprovalIntake({
      nc,
      fence: this.fence,
      attempted: (a) => this.engine.journal.attempted(clientOrderIdFor(a.decisionId)),
      refuse: (a, refusal) => this.refuseStale(a, refusal),
      submit: (a) => this.engine.submit(a),
      onIssue: (message) => this.log.warn(message),
    });
    this.intake = intake;
    this.unfollow = await followLeaseHolder(leases, RISK_LEASE_KEY, (h) => {
      if (h) this.fence.observe(h.term);
      const leading = h?.node === node;
      // A new leader's execution reads the venue back first: its predecessor's orders rest there.
      if (leading && !this.riskLeader) this.engine.reconcileNow('this node took the risk lease');
      this.riskLeader = leading;
      intake.setActive(leading);
    });
  }

  /** An approval of a deposed leader's term: never sent; the refusal is journaled (replicated) and logged. */
  private async refuseStale(a: ClusterApproval, refusal: Failure<'TL_CLUSTER_STALE_LEADER'>): Promise<void> {
    const clientOrderId = clientOrderIdFor(a.decisionId);
    this.log.error({ code: refusal.code, clientOrderId, term: a.term }, refusal.detail);
    const ids = { clientOrderId, decisionId: a.decisionId, symbol: a.symbol };
    const held = this.engine.journal.writeAhead({ ts: Date.now(), kind: 'refused', ...ids, ...refusal, term: a.term });
    await held?.catch((err: unknown) => this.log.error({ err: errorMessage(err) }, 'journal did not take a refusal'));
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
