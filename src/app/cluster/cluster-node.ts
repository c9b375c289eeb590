/**
 * This process as one node of a cluster: connects to NATS, opens the three KV buckets, joins the membership
 * (refused on another schema hash), then runs symbol ownership and the cluster kill switch against the local
 * supervisor through the hooks it is given. Everything cluster-wide the supervisor needs goes through here.
 */
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ClusterConfig } from '../../schema/config/config-schema.js';
import { TapelineError, errorMessage } from '../../schema/errors.js';
import type { Logger } from '../../runtime/log/logger.js';
import { type ClusterSubjects, clusterSubjects } from '../../runtime/nats/cluster-subjects.js';
import { connectNats } from '../../runtime/nats/connect.js';
import { schemaHash } from '../../runtime/nats/frame-header.js';
import { ClusterKillSwitch, RISK_STALE_MS } from './cluster-kill-switch.js';
import { NodeMembership, type NodeView } from './node-membership.js';
import { rendezvousOwner } from './rendezvous.js';
import { RiskLeaseRole } from './risk-lease-role.js';
import { type OwnershipHooks, SymbolOwnership } from './symbol-ownership.js';

export interface ClusterStatus {
  node: string;
  nodes: NodeView[];
  owners: Record<string, string>;
  riskLeader: string | null;
  riskHeartbeatAgeMs: number | null;
}

export interface ClusterHooks extends OwnershipHooks {
  engage(reason: string): Promise<void>;
  riskAlive(): boolean;
}

/** How long a fresh 3-server cluster may take to elect its JetStream meta leader (measured 4.7-7.7 s). */
const JETSTREAM_READY_MS = 30_000;

async function openBucket(kvm: Kvm, name: string, replicas: number, ttl?: number): Promise<KV> {
  const deadline = Date.now() + JETSTREAM_READY_MS;
  for (;;) {
    try {
      return await kvm.create(name, { replicas, history: 1, ...(ttl ? { ttl } : {}) });
    } catch (err) {
      if (Date.now() > deadline) {
        throw new TapelineError(
          'TL_NATS_UNREACHABLE',
          `NATS answered but its JetStream KV "${name}" is not available (${errorMessage(err)}); ` +
            'start nats-server with JetStream (-js) on every server of the cluster',
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export class ClusterNode {
  private ownership: SymbolOwnership | undefined;
  private killSwitch: ClusterKillSwitch | undefined;
  private riskLease: RiskLeaseRole | undefined;

  private constructor(
    readonly config: ClusterConfig,
    readonly nc: NatsConnection,
    readonly subjects: ClusterSubjects,
    private readonly buckets: { nodes: KV; owners: KV; control: KV },
    readonly membership: NodeMembership,
    private readonly log: Logger,
  ) {}

  static async join(config: ClusterConfig, log: Logger): Promise<ClusterNode> {
    const nc = await connectNats(config.nats, { name: config.node, credential: config.credential });
    try {
      const subjects = clusterSubjects(config.name);
      const kvm = new Kvm(nc);
      const replicas = Math.min(3, config.nats.length);
      const buckets = {
        nodes: await openBucket(kvm, subjects.nodesBucket, replicas, 60_000),
        owners: await openBucket(kvm, subjects.ownersBucket, replicas),
        control: await openBucket(kvm, subjects.controlBucket, replicas),
      };
      const self = {
        id: config.node,
        roles: config.roles,
        schema: schemaHash(),
        pid: process.pid,
        startedAt: Date.now(),
      };
      const membership = await NodeMembership.join(buckets.nodes, self, (err) =>
        log.warn({ err: errorMessage(err) }, 'cluster membership error'),
      );
      log.info({ node: config.node, roles: config.roles, schema: self.schema }, 'joined the cluster');
      return new ClusterNode(config, nc, subjects, buckets, membership, log);
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  /** Starts ownership (symbols role) and the kill switch against the running supervisor. */
  async attach(hooks: ClusterHooks): Promise<void> {
    this.killSwitch = new ClusterKillSwitch({
      nc: this.nc,
      kv: this.buckets.control,
      subjects: this.subjects,
      node: this.config.node,
      engage: (reason) => hooks.engage(reason),
      riskAlive: () => hooks.riskAlive(),
      log: this.log,
    });
    await this.killSwitch.start();
    this.ownership = new SymbolOwnership(
      this.buckets.owners,
      this.membership,
      this.config.symbols, // a node without the symbols role never wins one (it is not among the candidates)
      hooks,
      this.log,
    );
    await this.ownership.start();
    this.riskLease = await RiskLeaseRole.start({
      nc: this.nc,
      node: this.config.node,
      campaign: this.config.roles.includes('risk'),
      replicas: Math.min(3, this.config.nats.length),
      engage: (reason) => hooks.engage(reason),
      log: this.log,
    });
  }

  /** On a cluster only the risk leader may arm (risk-lease-role.ts); undefined = allowed, else why not. */
  armRefusal(): string | undefined {
    if (!this.riskLease || this.riskLease.leading) return undefined;
    return `this node (${this.config.node}) is not the risk leader (leader: ${this.riskLease.leader ?? 'none yet'}); arm on the leader`;
  }

  /** Engages every node; this node's own risk is engaged by the caller first. */
  async kill(reason: string): Promise<void> {
    await this.killSwitch?.kill(reason);
  }

  status(): ClusterStatus {
    const beat = this.killSwitch?.riskHeartbeat();
    return {
      node: this.config.node,
      nodes: this.membership.view(),
      owners: this.ownership?.owners() ?? {},
      riskLeader: this.riskLeader(),
      riskHeartbeatAgeMs: beat?.ageMs ?? null,
    };
  }

  /**
   * The holder of the risk lease (risk-lease-role.ts). Before anyone holds it, the rendezvous winner of "risk" among
   * the live risk nodes whose heartbeat is fresh: the node every member would pick, or null when risk is silent.
   */
  private riskLeader(): string | null {
    if (this.riskLease?.leader) return this.riskLease.leader;
    const beat = this.killSwitch?.riskHeartbeat();
    if (beat?.ageMs === undefined || beat.ageMs > RISK_STALE_MS) return null;
    return rendezvousOwner('risk', this.membership.alive('risk')) ?? null;
  }

  async leave(): Promise<void> {
    this.killSwitch?.stop();
    await this.riskLease?.stop().catch(() => undefined);
    await this.ownership?.stop();
    await this.membership.leave();
    await this.nc.drain().catch(() => undefined);
  }
}
