/**
 * `KvRestBudget`: one REST weight budget per IP for the whole cluster. The venue counts request weight per IP
 * and minute (docs/venue-binance.md, rate limits), so several ingest nodes behind one IP must share one counter:
 * a JetStream KV key per IP and minute, raised by compare-and-set (create, then update at the read revision;
 * a lost race re-reads). The REST client asks it after its own WeightLimiter (rest-client.ts, `sharedBudget`).
 * The same read brings the IP's shared 429/418 backoff (rest-backoff.ts): while another node's Retry-After runs,
 * `reserve` answers with it instead of a weight. When NATS cannot answer, `reserve` throws
 * `TL_CLUSTER_REST_BUDGET_UNAVAILABLE` rather than guess: an unshared guess is how several nodes together earn a
 * 429, then a ban.
 */
import { jetstream } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { TapelineError } from '../../schema/errors.js';
import { REST_BACKOFF_BUCKET, REST_BUDGET_BUCKET, subjectToken } from './durable-names.js';
import { BACKOFF_MAX_AGE_MS, type IpBackoff, isConflict, KvRestBackoff } from './rest-backoff.js';

export type { IpBackoff } from './rest-backoff.js';

/** What the REST client needs of a cluster-wide budget (rest-client.ts). */
export interface SharedWeightBudget {
  /**
   * Counts `weight` cluster-wide and returns 0 (send now), the ms to wait for the next minute, or the IP's
   * backoff when another node's 429/418 Retry-After still runs (nothing counted then).
   */
  reserve(weight: number): Promise<number | IpBackoff>;
  /** The venue's `X-MBX-USED-WEIGHT-1M`: raises the shared counter to it (other users of the IP count too). */
  observe(usedWeight: number): void;
  /** This node got 429/418: every node of the IP waits until `until` (never shortens a later one). */
  backOff(status: 429 | 418, until: number): Promise<IpBackoff>;
}

export interface KvRestBudgetOptions {
  /** The public IP the nodes share (or any name for it): one counter per value. */
  ip: string;
  /** This node's id, named in the backoff it records (default: the IP name). */
  node?: string;
  budgetPerMinute: number;
  replicas?: number;
  /** Per KV request; past it the budget is unavailable (default 2000 ms). */
  timeoutMs?: number;
  now?: () => number;
}

const MINUTE = 60_000;
/** Lost CAS races before giving up: each loser re-reads, so this bounds contention, not correctness. */
const MAX_RACES = 32;
const encoder = new TextEncoder();

export class KvRestBudget implements SharedWeightBudget {
  /** CAS conflicts met (contention between nodes). */
  races = 0;
  readonly backoff: KvRestBackoff;
  private readonly prefix: string;
  private readonly now: () => number;

  private constructor(
    private readonly kv: KV,
    backoffKv: KV,
    private readonly o: KvRestBudgetOptions,
  ) {
    this.prefix = subjectToken(o.ip);
    this.now = o.now ?? Date.now;
    this.backoff = new KvRestBackoff(backoffKv, this.prefix, o.node ?? o.ip, this.now);
  }

  static async open(nc: NatsConnection, o: KvRestBudgetOptions): Promise<KvRestBudget> {
    const js = jetstream(nc, { timeout: o.timeoutMs ?? 2_000 });
    try {
      const kvm = new Kvm(js);
      const replicas = o.replicas ?? 1;
      const kv = await kvm.create(REST_BUDGET_BUCKET, { ttl: 2 * MINUTE, history: 1, replicas });
      // Its own bucket: a ban outlives the counters' 2-minute age by up to 3 days.
      const backoffKv = await kvm.create(REST_BACKOFF_BUCKET, { ttl: BACKOFF_MAX_AGE_MS, history: 1, replicas });
      return new KvRestBudget(kv, backoffKv, o);
    } catch (error) {
      throw unavailable(o.ip, error);
    }
  }

  async reserve(weight: number): Promise<number | IpBackoff> {
    const now = this.now();
    const key = `${this.prefix}.${Math.floor(now / MINUTE)}`;
    try {
      // Both reads at once: the backoff check costs no extra round trip (bench/cluster-durability.bench.ts).
      const [first, backoff] = await Promise.all([this.kv.get(key), this.backoff.current()]);
      if (backoff) return backoff;
      for (let race = 0; race < MAX_RACES; race++) {
        const e = race === 0 ? first : await this.kv.get(key);
        const used = e && e.operation === 'PUT' ? Number(e.string()) : 0;
        if (used > 0 && used + weight > this.o.budgetPerMinute) return MINUTE - (now % MINUTE) + 1;
        try {
          if (e) await this.kv.update(key, encoder.encode(String(used + weight)), e.revision);
          else await this.kv.create(key, encoder.encode(String(weight)));
          return 0;
        } catch (error) {
          if (!isConflict(error)) throw error;
          this.races++;
        }
      }
    } catch (error) {
      throw unavailable(this.o.ip, error);
    }
    throw unavailable(this.o.ip, new Error(`${MAX_RACES} lost compare-and-set races in a row`));
  }

  async backOff(status: 429 | 418, until: number): Promise<IpBackoff> {
    try {
      return await this.backoff.record(status, until);
    } catch (error) {
      throw unavailable(this.o.ip, error);
    }
  }

  observe(usedWeight: number): void {
    void this.raiseTo(usedWeight).catch(() => {
      // Advisory: the next reserve meets the same outage and reports it with its code.
    });
  }

  private async raiseTo(usedWeight: number): Promise<void> {
    const key = `${this.prefix}.${Math.floor(this.now() / MINUTE)}`;
    for (let race = 0; race < MAX_RACES; race++) {
      const e = await this.kv.get(key);
      const used = e && e.operation === 'PUT' ? Number(e.string()) : 0;
      if (used >= usedWeight) return;
      try {
        if (e) await this.kv.update(key, encoder.encode(String(usedWeight)), e.revision);
        else await this.kv.create(key, encoder.encode(String(usedWeight)));
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
  }
}

function unavailable(ip: string, cause: unknown): TapelineError {
  return new TapelineError(
    'TL_CLUSTER_REST_BUDGET_UNAVAILABLE',
    `the shared REST weight budget of ${ip} cannot be read from NATS (${String(cause)}); nothing is sent until it answers. Check the NATS servers, or run this node outside the cluster`,
    { cause },
  );
}
