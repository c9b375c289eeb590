/**
 * Who is in the cluster: every node puts its record (id, roles, schema hash) into the `nodes` KV bucket every
 * HEARTBEAT_MS and watches the bucket. A node is alive while its last put was seen less than DEAD_AFTER_MS ago
 * (by this node's clock: receipt time, so hosts need no synchronized clocks). A joining node whose schema hash
 * differs from a live node's is refused (TL_CLUSTER_SCHEMA_MISMATCH) before it sends anything.
 */
import type { KV } from '@nats-io/kv';
import type { ClusterRole } from '../../schema/config/config-schema.js';
import { TapelineError } from '../../schema/errors.js';
import { schemaMismatch } from '../../runtime/nats/frame-header.js';

export const HEARTBEAT_MS = 500;
export const DEAD_AFTER_MS = 2_000;

export interface NodeRecord {
  id: string;
  roles: ClusterRole[];
  schema: string;
  pid: number;
  startedAt: number;
}

export interface NodeView {
  id: string;
  roles: ClusterRole[];
  alive: boolean;
}

export class NodeMembership {
  private readonly records = new Map<string, NodeRecord>();
  private readonly lastSeen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly joinedAt = Date.now();

  private constructor(
    private readonly kv: KV,
    readonly self: NodeRecord,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Checks the schema of the live nodes, then announces this node and keeps announcing it. */
  static async join(kv: KV, self: NodeRecord, onError: (err: unknown) => void): Promise<NodeMembership> {
    const m = new NodeMembership(kv, self, onError);
    const watch = await kv.watch();
    // The watcher first replays the current records; they count as seen now, and prove alive by their next put.
    void (async () => {
      for await (const e of watch) {
        if (e.operation !== 'PUT') {
          m.records.delete(e.key);
          m.lastSeen.delete(e.key);
          continue;
        }
        m.records.set(e.key, e.json<NodeRecord>());
        m.lastSeen.set(e.key, Date.now());
      }
    })().catch(onError);
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry?.operation !== 'PUT' || key === self.id) continue;
      const other = entry.json<NodeRecord>();
      const fresh = Date.now() - entry.created.getTime() < DEAD_AFTER_MS * 2;
      if (fresh && other.schema !== self.schema) {
        watch.stop();
        const f = schemaMismatch(other.id, other.schema, self.schema);
        throw new TapelineError(f.code, `refused to join: ${f.detail}`);
      }
    }
    await m.announce();
    m.timer = setInterval(() => void m.announce().catch(onError), HEARTBEAT_MS);
    m.timer.unref();
    m.stopWatch = () => watch.stop();
    return m;
  }

  private stopWatch: () => void = () => {};

  private async announce(): Promise<void> {
    if (!this.stopped) await this.kv.put(this.self.id, JSON.stringify(this.self));
  }

  isAlive(id: string, now = Date.now()): boolean {
    if (id === this.self.id) return !this.stopped;
    const seen = this.lastSeen.get(id);
    return seen !== undefined && now - seen < DEAD_AFTER_MS;
  }

  /** Live node ids that have `role`, sorted. */
  alive(role?: ClusterRole): string[] {
    const now = Date.now();
    const ids = new Set<string>([...this.records.keys(), this.self.id]);
    return [...ids]
      .filter((id) => this.isAlive(id, now))
      .filter(
        (id) => role === undefined || (id === this.self.id ? this.self : this.records.get(id))?.roles.includes(role),
      )
      .sort();
  }

  /** Every node the bucket knows, with whether it is alive now. */
  view(): NodeView[] {
    const now = Date.now();
    const ids = new Set<string>([...this.records.keys(), this.self.id]);
    return [...ids].sort().map((id) => {
      const r = id === this.self.id ? this.self : this.records.get(id)!;
      return { id, roles: r.roles, alive: this.isAlive(id, now) };
    });
  }

  /** Graceful leave: the record goes, so the others see this node gone at once instead of after DEAD_AFTER_MS. */
  async leave(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.stopWatch();
    await this.kv.delete(this.self.id).catch(this.onError);
  }
}
