/**
 * The risk actor's side of a cluster (docs/cluster-durability.md): follows the `risk` lease (the supervisor
 * campaigns for it), and while this node holds it leads through `RiskLeadership` — rebuilt from the replicated
 * journal, reconciled with the venue (execution's next reconciled status), then approving. Approved orders go to
 * the replicated approval stream stamped with the lease term (message id = decisionId), not on the ring, so the
 * one execution that pulls them can fence a deposed leader. Kill-switch changes still go on the ring.
 */
import type { Logger } from 'pino';
import { ApprovalPublisher, ensureApprovalStream } from '../../runtime/nats/approval-stream.js';
import { RISK_LEASE_KEY } from '../../runtime/nats/durable-names.js';
import { connectNats, type NatsConnection } from '../../runtime/nats/connect.js';
import { MIN_LEASE_TTL_MS, openLeaseBucket } from '../../runtime/nats/leader-lease.js';
import { LeaseFollower } from '../../runtime/nats/lease-follower.js';
import { OrderJournalStream } from '../../runtime/nats/order-journal-stream.js';
import type { ClusterConfig } from '../../schema/config/config-schema.js';
import { errorCode, errorMessage } from '../../schema/errors.js';
import type { ApprovedOrder, ExecutionStatus } from '../../schema/order-messages.js';
import type { Exposure } from './exposure.js';
import { RiskLeadership, type VenueView } from './risk-leadership.js';

/**
 * An approval whose publish took longer than this waited for JetStream (a server failover takes 4.7–7.7 s): said
 * per approval, so an operator sees which orders left late and by how much.
 */
const DELAYED_MS = 1_000;

export class RiskClusterLink {
  readonly counters = { published: 0, duplicates: 0, notLeading: 0, failed: 0, delayed: 0 };
  private readonly waiters: { resolve(view: VenueView): void; reject(error: Error): void }[] = [];
  private closing = false;

  private constructor(
    readonly leadership: RiskLeadership,
    private readonly nc: NatsConnection,
    private readonly publisher: ApprovalPublisher,
    private readonly log: Logger,
  ) {}

  static async open(cluster: ClusterConfig, exposure: Exposure, log: Logger): Promise<RiskClusterLink> {
    const { nats: servers, node } = cluster;
    const nc = await connectNats(servers, { name: `${node}-risk`, credential: cluster.credential });
    const replicas = Math.min(3, servers.length);
    const kv = await openLeaseBucket(nc, MIN_LEASE_TTL_MS, replicas);
    const journal = await OrderJournalStream.open(nc, { replicas });
    await ensureApprovalStream(nc, replicas);
    let link: RiskClusterLink | undefined;
    const leadership = new RiskLeadership({
      lease: new LeaseFollower(kv, RISK_LEASE_KEY, node),
      journal,
      exposure,
      reconcile: () => new Promise((resolve, reject) => link!.waiters.push({ resolve, reject })),
      onState: (state, term) => {
        const rebuilt = state === 'reconciling' ? { rebuiltFrom: leadership.rebuiltFrom, ...leadership.rebuilt } : {};
        log.warn({ state, term, ...rebuilt }, `risk leadership: ${state}`);
      },
      onIssue: (message) => {
        if (!link?.closing) log.error(message);
      },
    });
    link = new RiskClusterLink(leadership, nc, new ApprovalPublisher(nc), log);
    leadership.start();
    return link;
  }

  /** Execution's status: a reconciled one answers a takeover's reconciliation (the venue's view wins). */
  onExecutionStatus(s: ExecutionStatus): void {
    if (!s.positionsReconciled || this.waiters.length === 0) return;
    const view = { positions: s.positions, openOrders: s.openOrders };
    for (const w of this.waiters.splice(0)) w.resolve(view);
  }

  /** An approved order to the approval stream, with this leader's term; refused (logged) when not leading. */
  publish(order: ApprovedOrder): void {
    let approval: ReturnType<RiskLeadership['approval']>;
    try {
      approval = this.leadership.approval(order);
    } catch (err) {
      this.counters.notLeading++;
      const code = errorCode(err, 'TL_RISK_GATE_KILL_SWITCH');
      this.log.error({ code, decisionId: order.decisionId }, `approval not published: ${errorMessage(err)}`);
      return;
    }
    const started = Date.now();
    this.publisher.publish(approval).then(
      (r) => {
        this.counters.published++;
        if (r.duplicate) this.counters.duplicates++;
        const delayMs = Date.now() - started;
        if (delayMs >= DELAYED_MS) {
          this.counters.delayed++;
          this.log.warn(
            { decisionId: order.decisionId, delayMs },
            'approval stored late: JetStream did not answer meanwhile (a NATS server failover?); the order follows now',
          );
        }
      },
      (err: unknown) => {
        this.counters.failed++;
        const code = errorCode(err, 'TL_CLUSTER_JOURNAL_UNAVAILABLE');
        this.log.error({ code, decisionId: order.decisionId }, `approval lost: ${errorMessage(err)}`);
      },
    );
  }

  status(): Record<string, unknown> {
    const l = this.leadership;
    return {
      state: l.state,
      term: l.leaderTerm ?? null,
      rebuiltFrom: l.rebuiltFrom,
      rebuilt: l.rebuilt,
      ...this.counters,
    };
  }

  async close(): Promise<void> {
    // A takeover still waiting for execution's reconciliation ends here (execution may already be stopped).
    this.closing = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('risk is stopping'));
    await this.leadership.stop(false);
    await this.nc.drain().catch(() => undefined);
  }
}
