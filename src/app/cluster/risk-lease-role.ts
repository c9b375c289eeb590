/**
 * The risk leader lease on a running cluster node (docs/cluster-durability.md): every node follows who holds the
 * `risk` lease (for `admin status`), and a node with the risk role campaigns for it. Gaining or losing the lease
 * engages this node's kill switch: a new leader starts engaged (arming is the operator's, on the leader only), and
 * a standby stays engaged, so intents reaching it are refused.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../runtime/log/logger.js';
import { RISK_LEASE_KEY } from '../../runtime/nats/durable-names.js';
import { LeaderLease, MIN_LEASE_TTL_MS, openLeaseBucket } from '../../runtime/nats/leader-lease.js';
import { errorMessage } from '../../schema/errors.js';

export interface RiskLeaseRoleOptions {
  nc: NatsConnection;
  node: string;
  /** Whether this node has the risk role (campaigns), or only follows. */
  campaign: boolean;
  replicas: number;
  /** Engages this node's kill switch. */
  engage(reason: string): Promise<void>;
  log: Logger;
  ttlMs?: number;
}

export class RiskLeaseRole {
  /** Node holding the lease as last seen, or null when free. */
  leader: string | null = null;
  term = 0;
  private lease: LeaderLease | undefined;
  private watchStop: (() => void) | undefined;

  static async start(o: RiskLeaseRoleOptions): Promise<RiskLeaseRole> {
    const role = new RiskLeaseRole();
    const ttlMs = o.ttlMs ?? MIN_LEASE_TTL_MS;
    const kv = await openLeaseBucket(o.nc, ttlMs, o.replicas);
    await role.follow(kv);
    if (o.campaign) {
      role.lease = new LeaderLease({ kv, key: RISK_LEASE_KEY, node: o.node, ttlMs });
      role.lease.start((leading, term) => {
        const reason = leading
          ? `risk leader since term ${term}: engaged until an operator arms this node`
          : 'risk lease lost or not held: standby stays engaged';
        o.log.warn({ leading, term }, reason);
        o.engage(reason).catch((err: unknown) => o.log.error({ err: errorMessage(err) }, 'engage failed'));
      });
    }
    return role;
  }

  /** Only the leader may arm. */
  get leading(): boolean {
    return this.lease?.leading === true;
  }

  async stop(): Promise<void> {
    this.watchStop?.();
    // A clean shutdown hands the lease over at once instead of after its TTL.
    await this.lease?.stop(true);
  }

  private async follow(kv: KV): Promise<void> {
    const watch = await kv.watch({ key: RISK_LEASE_KEY });
    this.watchStop = () => watch.stop();
    void (async () => {
      for await (const e of watch) {
        if (e.operation !== 'PUT' || e.length === 0) {
          this.leader = null;
          continue;
        }
        const v = e.json<{ node: string; term?: number }>();
        this.leader = v.node;
        this.term = v.term ?? e.revision;
      }
    })();
  }
}
