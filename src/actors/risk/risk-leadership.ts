/**
 * `RiskLeadership`: one risk for the cluster. The node that holds the `risk` lease (leader-lease.ts campaigns,
 * lease-follower.ts follows) leads; before it approves anything it engages its kill switch, rebuilds exposure
 * (positions, open orders, the day's realized PnL) and the attempted decisions from the replicated journal,
 * reconciles with the venue (whose positions and open orders win) and writes that reconciliation to the journal.
 * Only then does it lead — still engaged: arming stays the operator's act. Its approvals carry its term, so
 * execution refuses them once a successor exists (leader-fence.ts). Used by the risk actor of a cluster node.
 */
import { TapelineError } from '../../schema/errors.js';
import type { ApprovedOrder } from '../../schema/order-messages.js';
import type { ClusterApproval } from '../../runtime/nats/approval-stream.js';
import { replayJournal } from '../../runtime/nats/journal-replay.js';
import type { LeadershipSource } from '../../runtime/nats/lease-follower.js';
import type { ClusterJournalRecord } from '../../runtime/nats/order-journal-stream.js';
import { Exposure, type ExposureView } from './exposure.js';

export type LeadershipState = 'standby' | 'rebuilding' | 'reconciling' | 'leading';

export interface VenueView {
  positions: Record<string, number>;
  openOrders: Record<string, number>;
}

export interface RiskLeadershipOptions {
  lease: LeadershipSource;
  journal: {
    readAll(): Promise<ClusterJournalRecord[]>;
    append(record: ClusterJournalRecord): Promise<unknown>;
  };
  /** Reads positions and open orders back from the venue (execution's reconciliation). */
  reconcile(): Promise<VenueView>;
  /** The exposure to rebuild (the risk core's); a fresh one when absent. */
  exposure?: Exposure;
  now?: () => number;
  /** Every state change, with the term while not standby. */
  onState?(state: LeadershipState, term: number | undefined): void;
  onIssue?(message: string): void;
}

export class RiskLeadership {
  state: LeadershipState = 'standby';
  /** Engaged on every takeover and every kill; only `arm` (the operator, on the leader) releases it. */
  killEngaged = true;
  readonly exposure: Exposure;
  known = new Map<string, ClusterJournalRecord>();
  decisions = new Set<string>();
  /** Records read back at the last takeover, and the exposure they gave before the venue's answer. */
  rebuiltFrom = 0;
  rebuilt: ExposureView | undefined;
  private term: number | undefined;
  private takeover: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: RiskLeadershipOptions) {
    this.exposure = o.exposure ?? new Exposure();
    this.now = o.now ?? Date.now;
  }

  /** The term while leading (rebuilt and reconciled), else undefined. */
  get leaderTerm(): number | undefined {
    return this.state === 'leading' ? this.term : undefined;
  }

  start(): void {
    this.o.lease.start((leading, term) => {
      if (leading) {
        this.takeover = this.takeOver(term as number).catch((error: unknown) => {
          // Cannot rebuild: stay engaged and out of the lead; the lease's next renewal keeps it or loses it.
          this.o.onIssue?.(`risk takeover failed: ${String(error)}`);
        });
      } else this.toStandby();
    });
  }

  async stop(release: boolean): Promise<void> {
    await this.takeover;
    await this.o.lease.stop(release);
  }

  /** The operator arms the leader (never a standby, never before the rebuild). */
  arm(): void {
    if (this.state !== 'leading') {
      throw new TapelineError(
        'TL_KILL_SWITCH_ARM_REFUSED',
        `this node is not the risk leader (state ${this.state}); arm on the leader once it has rebuilt and reconciled`,
      );
    }
    this.killEngaged = false;
  }

  engage(): void {
    this.killEngaged = true;
  }

  /** Stamps an approved order with this leader's term; refused while engaged, not leading, or attempted before. */
  approval(order: ApprovedOrder): ClusterApproval {
    if (this.state !== 'leading' || this.killEngaged || this.term === undefined) {
      throw new TapelineError(
        'TL_RISK_GATE_KILL_SWITCH',
        `no approval: risk is ${this.state}${this.killEngaged ? ' with the kill switch engaged' : ''}`,
      );
    }
    if (this.decisions.has(order.decisionId)) {
      throw new TapelineError(
        'TL_RISK_DUPLICATE_DECISION',
        `decision ${order.decisionId} was attempted before (journal): never sent again`,
      );
    }
    return { ...order, term: this.term };
  }

  private async takeOver(term: number): Promise<void> {
    this.term = term;
    this.killEngaged = true;
    this.setState('rebuilding');
    const records = await this.o.journal.readAll();
    const rebuilt = replayJournal(records, this.now());
    this.exposure.restore(rebuilt, this.now());
    this.rebuilt = this.exposure.view(this.now());
    this.known = rebuilt.known;
    this.decisions = rebuilt.decisions;
    this.rebuiltFrom = rebuilt.records;
    if (this.term !== term) return; // lost the lease meanwhile
    this.setState('reconciling');
    const venue = await this.o.reconcile();
    if (this.term !== term) return;
    this.exposure.onReconciled(venue.positions, venue.openOrders);
    await this.o.journal.append({ ts: this.now(), kind: 'reconcile', positions: venue.positions, term });
    if (this.term !== term) return;
    this.setState('leading');
  }

  private toStandby(): void {
    this.term = undefined;
    this.killEngaged = true;
    this.setState('standby');
  }

  private setState(state: LeadershipState): void {
    this.state = state;
    this.o.onState?.(state, this.term);
  }
}
