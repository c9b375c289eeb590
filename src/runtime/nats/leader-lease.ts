/**
 * `LeaderLease`: one leader per role for the whole cluster, by a JetStream KV key whose bucket TTL (max age)
 * is the lease. The leader creates the key (create fails while it exists) and renews it with a compare-and-set
 * update every ttl/3; a standby polls and creates it once it expired. The term — the KV revision that created
 * the key — rises with every new leader: it is the fencing token execution checks (leader-fence.ts).
 * TTL ≥ 15 s: longer than a JetStream leader failover (4.7–7.7 s measured, issue 18), so a leader keeps its lease
 * through one. A leader that cannot renew for ttl − one renew period steps down on its own, before the key
 * can expire at the servers, so two nodes never both believe they lead (fencing covers clock slips).
 */
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { TapelineError } from '../../schema/errors.js';
import { LEASE_BUCKET } from './durable-names.js';

export const MIN_LEASE_TTL_MS = 15_000;

export interface LeaseHolder {
  node: string;
  term: number;
}

export interface LeaderLeaseOptions {
  kv: KV;
  /** The role led: 'risk', 'execution'. */
  key: string;
  node: string;
  /** The bucket's TTL (ms); the renew period is a third of it. */
  ttlMs: number;
  now?: () => number;
}

/** Opens (or creates) the lease bucket with the given TTL; refuses a TTL under 15 s. */
export async function openLeaseBucket(nc: NatsConnection, ttlMs: number, replicas: number): Promise<KV> {
  checkLeaseTtl(ttlMs);
  return await new Kvm(nc).create(LEASE_BUCKET, { ttl: ttlMs, replicas, history: 1 });
}

export function checkLeaseTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs < MIN_LEASE_TTL_MS) {
    throw new TapelineError(
      'TL_CLUSTER_LEASE_TTL_TOO_SHORT',
      `leader lease TTL ${ttlMs} ms is shorter than ${MIN_LEASE_TTL_MS} ms: a JetStream failover (up to ~8 s) would hand the lease to a second leader; use at least ${MIN_LEASE_TTL_MS}`,
    );
  }
}

export class LeaderLease {
  /** The term while this node leads, undefined otherwise. */
  term: number | undefined;
  readonly renewMs: number;
  private revision = 0;
  private lastRenewedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly now: () => number;
  private listener: ((leading: boolean, term: number | undefined) => void) | undefined;

  constructor(private readonly o: LeaderLeaseOptions) {
    checkLeaseTtl(o.ttlMs);
    this.renewMs = Math.floor(o.ttlMs / 3);
    this.now = o.now ?? Date.now;
  }

  get leading(): boolean {
    return this.term !== undefined;
  }

  /** Who holds the lease now (any node's view), or undefined when it is free. */
  async holder(): Promise<LeaseHolder | undefined> {
    const e = await this.o.kv.get(this.o.key);
    if (e?.operation !== 'PUT' || e.length === 0) return undefined;
    const v = e.json<{ node: string; term?: number }>();
    return { node: v.node, term: v.term ?? e.revision };
  }

  /** Campaigns and renews every ttl/3 until `stop`; `onChange` hears every gain and loss of the lease. */
  start(onChange: (leading: boolean, term: number | undefined) => void): void {
    this.listener = onChange;
    const tick = () => {
      this.ticking ??= this.tick().finally(() => {
        this.ticking = undefined;
      });
    };
    this.timer = setInterval(tick, this.renewMs);
    tick();
  }

  /** Stops campaigning; `release` deletes the key so a standby takes over at once (a clean shutdown). */
  async stop(release: boolean): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (release && this.term !== undefined) {
      try {
        await this.o.kv.delete(this.o.key, { previousSeq: this.revision });
      } catch {
        // Someone else already holds it, or NATS is gone: the TTL frees the key anyway.
      }
    }
    this.setTerm(undefined);
  }

  /** One campaign or renewal step (exposed for tests that drive it by hand). */
  async tick(): Promise<void> {
    if (this.term === undefined) await this.tryAcquire();
    else await this.renew();
  }

  private async tryAcquire(): Promise<void> {
    let revision: number;
    try {
      revision = await this.o.kv.create(this.o.key, JSON.stringify({ node: this.o.node }));
    } catch {
      return; // held by another node (or NATS unavailable): stay standby, poll again
    }
    this.revision = revision;
    this.lastRenewedAt = this.now();
    this.setTerm(revision);
    // Write the term into the value, so standbys and execution read it without knowing the create revision.
    await this.renew();
  }

  private async renew(): Promise<void> {
    const term = this.term as number;
    const body = JSON.stringify({ node: this.o.node, term });
    try {
      this.revision = await this.o.kv.update(this.o.key, body, this.revision);
      this.lastRenewedAt = this.now();
      return;
    } catch {
      // A timed-out update may still have landed (a failover): the key is ours if it still names our term.
      try {
        const e = await this.o.kv.get(this.o.key);
        const v = e && e.operation === 'PUT' && e.length > 0 ? e.json<{ node: string; term?: number }>() : undefined;
        if (v && v.node === this.o.node && (v.term ?? e!.revision) === term) {
          this.revision = e!.revision;
          this.revision = await this.o.kv.update(this.o.key, body, this.revision);
          this.lastRenewedAt = this.now();
          return;
        }
        if (v) {
          this.setTerm(undefined); // another node holds it: we lost it
          return;
        }
      } catch {
        // still unreachable: judged below by the time since the last renewal
      }
    }
    // Unrenewed for ttl − renewMs: the key may expire before our next try; step down first.
    if (this.now() - this.lastRenewedAt >= this.o.ttlMs - this.renewMs) this.setTerm(undefined);
  }

  private setTerm(term: number | undefined): void {
    if (term === this.term) return;
    this.term = term;
    this.listener?.(term !== undefined, term);
  }
}

/**
 * Calls `onTerm` with the term of every leader that takes the lease `key`, from now on (execution feeds its
 * fence with it, so a successor is known before its first approval). Returns the stop function.
 */
export async function followLeaseTerms(kv: KV, key: string, onTerm: (term: number) => void): Promise<() => void> {
  const watch = await kv.watch({ key });
  void (async () => {
    for await (const e of watch) {
      if (e.operation !== 'PUT' || e.length === 0) continue;
      const v = e.json<{ term?: number }>();
      onTerm(v.term ?? e.revision);
    }
  })();
  return () => watch.stop();
}

/** Calls `onHolder` with every change of who holds `key` (undefined when the key is free, deleted or expired). */
export async function followLeaseHolder(
  kv: KV,
  key: string,
  onHolder: (holder: LeaseHolder | undefined) => void,
): Promise<() => void> {
  const watch = await kv.watch({ key });
  void (async () => {
    for await (const e of watch) {
      if (e.operation !== 'PUT' || e.length === 0) {
        onHolder(undefined);
        continue;
      }
      const v = e.json<{ node: string; term?: number }>();
      onHolder({ node: v.node, term: v.term ?? e.revision });
    }
  })();
  return () => watch.stop();
}
