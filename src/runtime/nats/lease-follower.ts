/**
 * `LeaseFollower`: "does this node hold lease `key`, and with which term" for code that does not campaign
 * itself (the risk and execution actors of a node; the supervisor campaigns, risk-lease-role.ts). It has the
 * `LeaderLease` shape (`start(onChange)`, `stop`), fed by a watch of the key instead of by campaigning, so the
 * same takeover logic runs on either. Every term seen, whoever holds it, also goes to `onTerm` (the fence).
 */
import type { KV } from '@nats-io/kv';
import { followLeaseHolder, type LeaseHolder } from './leader-lease.js';

/** What a leadership needs of a lease: gains and losses, with the term while held. */
export interface LeadershipSource {
  start(onChange: (leading: boolean, term: number | undefined) => void): void;
  stop(release: boolean): Promise<void>;
}

export class LeaseFollower implements LeadershipSource {
  /** The holder as last seen (undefined: free). */
  holder: LeaseHolder | undefined;
  private term: number | undefined;
  private unfollow: (() => void) | undefined;
  private started: Promise<void> | undefined;

  constructor(
    private readonly kv: KV,
    private readonly key: string,
    private readonly node: string,
    private readonly onTerm: (term: number) => void = () => {},
  ) {}

  start(onChange: (leading: boolean, term: number | undefined) => void): void {
    this.started = followLeaseHolder(this.kv, this.key, (h) => {
      this.holder = h;
      if (h) this.onTerm(h.term);
      const term = h?.node === this.node ? h.term : undefined;
      if (term === this.term) return;
      const was = this.term;
      this.term = term;
      // A new term of ours after another of ours (lost and retaken between two watch events): a loss, then a gain.
      if (was !== undefined && term !== undefined) onChange(false, undefined);
      onChange(term !== undefined, term);
    }).then((stop) => {
      this.unfollow = stop;
    });
  }

  /** Following never holds the key: `release` is the campaigner's. */
  async stop(_release: boolean): Promise<void> {
    await this.started;
    this.unfollow?.();
  }
}
