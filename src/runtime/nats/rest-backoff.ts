/**
 * `KvRestBackoff`: the venue's "stop sending" (HTTP 429 or the 418 IP ban, with `Retry-After` or the ban's
 * "banned until") shared by every node behind one IP. The venue counts per IP, so a node that keeps calling while
 * another one was told to wait deepens the ban (docs/venue-binance.md, rate limits). One KV key per IP holds
 * `{until, status, node, at}`; recording is a compare-and-set that only ever lengthens it (a later ban already
 * there is never shortened), and every node's REST client reads it before sending (rest-budget.ts).
 */
import type { KV } from '@nats-io/kv';

/** An IP's shared backoff: nobody on the IP sends anything but cancels before `until` (epoch ms). */
export interface IpBackoff {
  until: number;
  status: 429 | 418;
  /** The node that got the venue's answer. */
  node: string;
  /** When it got it (epoch ms, that node's clock). */
  at: number;
}

/** Longest ban the venue gives is 3 days (docs/venue-binance.md, rate limits): the bucket keeps a record that long. */
export const BACKOFF_MAX_AGE_MS = 3 * 24 * 3_600_000 + 3_600_000;
const MAX_RACES = 32;
const encoder = new TextEncoder();

export class KvRestBackoff {
  /** Compare-and-set conflicts met while recording (two nodes limited at once). */
  races = 0;

  constructor(
    private readonly kv: KV,
    /** The key: one per IP (subject-token safe). */
    private readonly key: string,
    private readonly node: string,
    private readonly now: () => number,
  ) {}

  /** The IP's backoff still running, or undefined. */
  async current(): Promise<IpBackoff | undefined> {
    const b = parse(await this.kv.get(this.key));
    return b && b.until > this.now() ? b : undefined;
  }

  /**
   * Records "nobody sends before `until`" for the IP; returns what is in force afterwards (ours, or a later one
   * another node recorded first). Monotonic: never shortens a later backoff.
   */
  async record(status: 429 | 418, until: number): Promise<IpBackoff> {
    const mine: IpBackoff = { until, status, node: this.node, at: this.now() };
    const body = encoder.encode(JSON.stringify(mine));
    for (let race = 0; race < MAX_RACES; race++) {
      const e = await this.kv.get(this.key);
      const held = parse(e);
      if (held && held.until >= until) return held;
      try {
        if (e) await this.kv.update(this.key, body, e.revision);
        else await this.kv.create(this.key, body);
        return mine;
      } catch (error) {
        if (!isConflict(error)) throw error;
        this.races++;
      }
    }
    throw new Error(`${MAX_RACES} lost compare-and-set races in a row recording the backoff`);
  }
}

function parse(e: Awaited<ReturnType<KV['get']>>): IpBackoff | undefined {
  if (e?.operation !== 'PUT') return undefined;
  try {
    const b = e.json<IpBackoff>();
    return typeof b.until === 'number' ? b : undefined;
  } catch {
    // A value this version cannot read is treated as absent: the local limiter still holds its own Retry-After.
    return undefined;
  }
}

/** A compare-and-set that lost: JetStream's "wrong last sequence" (10071), or create on an existing key. */
export function isConflict(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; message?: string };
  return e.api_error?.err_code === 10071 || /wrong last sequence|key exists/i.test(e.message ?? '');
}
