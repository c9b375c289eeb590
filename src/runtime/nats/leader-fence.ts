/**
 * `LeaderFence`: execution's side of fencing. Every approval carries the term (lease revision) of the risk leader
 * that issued it; execution remembers the highest term it has seen — from approvals and from watching the lease
 * key — and refuses anything older with `TL_CLUSTER_STALE_LEADER`. A leader that lost its lease (paused, cut
 * off) can thus never get an order out once its successor has spoken. Pure state; no clock, no I/O.
 */
import type { Failure } from '../../schema/errors.js';

export class LeaderFence {
  /** Highest leader term seen so far (0: none yet). */
  highest = 0;
  refused = 0;

  /** A term learned from the lease key (a new leader exists even before its first approval). */
  observe(term: number): void {
    if (term > this.highest) this.highest = term;
  }

  /** Admits an approval of `term`, or says why not. */
  admit(term: number, decisionId: string): Failure<'TL_CLUSTER_STALE_LEADER'> | undefined {
    if (Number.isInteger(term) && term > 0 && term >= this.highest) {
      this.highest = term;
      return undefined;
    }
    this.refused++;
    return {
      code: 'TL_CLUSTER_STALE_LEADER',
      detail: `approval ${decisionId} comes from risk leader term ${term}, but term ${this.highest} has taken over: not sent (the old leader lost its lease)`,
    };
  }
}
