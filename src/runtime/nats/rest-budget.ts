/**
 * `KvRestBudget`: one REST weight budget per IP for the whole cluster. The venue counts request weight per IP
 * and minute (docs/venue-binance.md, rate limits), so several ingest nodes behind one IP must share one counter:
 * a JetStream KV key per IP and minute, raised by compare-and-set (create, then update at the read revision;
 * a lost race re-reads). The REST client asks it after its own WeightLimiter (rest-client.ts, `sharedBudget`).
 * When NATS cannot answer, `reserve` throws `TL_CLUSTER_REST_BUDGET_UNAVAILABLE` rather than guess: an unshared
 * guess is how several nodes together earn a 429, then a ban.
 */
import { jetstream } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { TapelineError } from '../../schema/errors.js';
import { REST_BUDGET_BUCKET, subjectToken } from './durable-names.js';

/** What the REST client needs of a cluster-wide budget (rest-client.ts). */
export interface SharedWeightBudget {
  /** Counts `weight` cluster-wide and returns 0 (send now), or the ms to wait for the next minute. */
  reserve(weight: number): Promise<number>;
  /** The venue's `X-MBX-USED-WEIGHT-1M`: raises the shared counter to it (other users of the IP count too). */
  observe(usedWeight: number): void;
}

export interface KvRestBudgetOptions {
  /** The public IP the nodes share (or any name for it): one counter per value. */
  ip: string;
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
  private readonly prefix: string;
  private readonly now: () => number;

  private constructor(
    private readonly kv: KV,
    private readonly o: KvRestBudgetOptions,
  ) {
    this.prefix = subjectToken(o.ip);
    this.now = o.now ?? Date.now;
  }

  static async open(nc: NatsConnection, o: KvRestBudgetOptions): Promise<KvRestBudget> {
    const js = jetstream(nc, { timeout: o.timeoutMs ?? 2_000 });
    try {
      const kv = await new Kvm(js).create(REST_BUDGET_BUCKET, {
        ttl: 2 * MINUTE,
        history: 1,
        replicas: o.replicas ?? 1,
      });
      return new KvRestBudget(kv, o);
    } catch (error) {
      throw unavailable(o.ip, error);
    }
  }

  async reserve(weight: number): Promise<number> {
    const now = this.now();
    const key = `${this.prefix}.${Math.floor(now / MINUTE)}`;
    try {
      for (let race = 0; race < MAX_RACES; race++) {
        const e = await this.kv.get(key);
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

/** A compare-and-set that lost: JetStream's "wrong last sequence" (10071), or create on an existing key. */
function isConflict(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; message?: string };
  return e.api_error?.err_code === 10071 || /wrong last sequence|key exists/i.test(e.message ?? '');
}

function unavailable(ip: string, cause: unknown): TapelineError {
  return new TapelineError(
    'TL_CLUSTER_REST_BUDGET_UNAVAILABLE',
    `the shared REST weight budget of ${ip} cannot be read from NATS (${String(cause)}); nothing is sent until it answers. Check the NATS servers, or run this node outside the cluster`,
    { cause },
  );
}
