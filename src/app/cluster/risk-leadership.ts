/**
 * `RiskLeadership`: one risk for the cluster. Every node with the risk role campaigns for the `risk` lease
 * (leader-lease.ts); the winner, before it approves anything: engages its kill switch, rebuilds exposure and the
 * set of attempted orders from the replicated journal, reconciles with the venue (whose answer wins) and writes
 * that reconciliation to the journal. Only then does it lead — still engaged: arming stays the operator's act.
 * Its approvals carry its term, so execution refuses them once a successor exists (leader-fence.ts).
 */
import { Exposure } from '../../actors/risk/exposure.js';
import { TapelineError } from '../../schema/errors.js';
import type { ClusterApproval } from '../../runtime/nats/approval-stream.js';
import type { LeaderLease } from '../../runtime/nats/leader-lease.js';
import type { ClusterJournalRecord, OrderJournalStream } from '../../runtime/nats/order-journal-stream.js';
import { replayJournal } from './journal-replay.js';

export type LeadershipState = 'standby' | 'rebuilding' | 'reconciling' | 'leading';

export interface VenueView {
  positions: Record<string, number>;
  openOrders: Record<string, number>;
}

export interface RiskLeadershipOptions {
  lease: LeaderLease;
  journal: OrderJournalStream;
  /** Reads positions and open orders back from the venue (execution's reconcile). */
  reconcile(): Promise<VenueView>;
  /** Every state change, with the term while not standby. */
  onState?(state: LeadershipState, term: number | undefined): void;
  onIssue?(message: string): void;
}

export class RiskLeadership {
  state: LeadershipState = 'standby';
  /** Engaged on every takeover; only `arm` (the operator) releases it. */
  killEngaged = true;
  exposure = new Exposure();
  known = new Map<string, ClusterJournalRecord>();
  /** Records read back at the last takeover. */
  rebuiltFrom = 0;
  private term: number | undefined;
  private takeover: Promise<void> | undefined;

  constructor(private readonly o: RiskLeadershipOptions) {}

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

  /** Stamps an approved order with this leader's term; refused while engaged or not leading. */
  approval(order: Omit<ClusterApproval, 'term'>): ClusterApproval {
    if (this.state !== 'leading' || this.killEngaged || this.term === undefined) {
      throw new TapelineError(
        'TL_RISK_GATE_KILL_SWITCH',
        `no approval: risk is ${this.state}${this.killEngaged ? ' with the kill switch engaged' : ''}`,
      );
    }
    if (this.known.has(order.clientOrderId)) {
      throw new TapelineError(
        'TL_RISK_DUPLICATE_DECISION',
        `${order.clientOrderId} was attempted before (journal): never sent again`,
      );
    }
    return { ...order, term: this.term };
  }

  private async takeOver(term: number): Promise<void> {
    this.term = term;
    this.killEngaged = true;
    this.setState('rebuilding');
    const records = await this.o.journal.readAll();
    const rebuilt = replayJournal(records);
    const exposure = new Exposure();
    exposure.onReconciled(rebuilt.positions, rebuilt.openOrders);
    this.exposure = exposure;
    this.known = rebuilt.known;
    this.rebuiltFrom = rebuilt.records;
    if (this.term !== term) return; // lost the lease meanwhile
    this.setState('reconciling');
    const venue = await this.o.reconcile();
    if (this.term !== term) return;
    exposure.onReconciled(venue.positions, venue.openOrders);
    await this.o.journal.append({ ts: Date.now(), kind: 'reconcile', positions: venue.positions, term });
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
