/**
 * The bridge: the one actor of a cluster node that talks to NATS. Frames that local actors send it on the rings
 * (telemetry, intents, risk, orders; see bridged-topics.ts) are published as msgpack bodies on
 * `tl.<cluster>.frame.<topic>.<symbol>` with the schema-hash header; frames from other nodes are checked
 * (schema hash, lease fence), decoded and put on the rings of the local consumer. Inside a process nothing
 * changes: the other actors neither know nor care that a frame came from another host.
 */
import type { MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { FrameCodec } from '../../runtime/channel/frame-codec.js';
import { type ClusterSubjects, clusterSubjects, NO_SYMBOL } from '../../runtime/nats/cluster-subjects.js';
import { connectNats } from '../../runtime/nats/connect.js';
import { checkFrameSchema, frameHeaders, NODE_HEADER, schemaHash } from '../../runtime/nats/frame-header.js';
import type { ClusterConfig } from '../../schema/config/config-schema.js';
import { TapelineError } from '../../schema/errors.js';
import { type BridgedTopic, publishedTopics, subscribedTopics } from './bridged-topics.js';
import { LastFrames } from './last-frames.js';

export const LEASE_HEADER = 'Tl-Lease';

interface Outlet {
  subject: string;
  options: { headers: MsgHdrs };
}

/** What survives a restart of the bridge thread: the lease revisions it stamps on frames. */
interface BridgeSnapshot {
  leases: Record<string, number>;
}

class BridgeActor implements Actor<BridgeSnapshot> {
  private ctx!: ActorContext;
  private cluster!: ClusterConfig;
  private nc: NatsConnection | undefined;
  private subjects!: ClusterSubjects;
  private readonly encoder = new FrameCodec();
  private readonly decoder = new FrameCodec();
  private readonly published = new Set<string>();
  /** topic → symbol → subject and headers, built once per symbol (and again when its lease changes). */
  private readonly outlets = new Map<string, Map<string, Outlet>>();
  /** symbol → lease revision this node holds (from the supervisor's ownership). */
  private readonly leases = new Map<string, number>();
  /** symbol → newest lease revision seen on incoming frames: older ones come from a fenced-off owner. */
  private readonly fence = new Map<string, number>();
  private readonly last = new LastFrames();
  private readonly subs: Subscription[] = [];
  private readonly counters = { out: 0, in: 0, refusedSchema: 0, fenced: 0, lastValueReplies: 0 };
  private firstRefusal: string | undefined;

  async start(ctx: ActorContext, restored: BridgeSnapshot | undefined): Promise<void> {
    this.ctx = ctx;
    for (const [symbol, revision] of Object.entries(restored?.leases ?? {})) this.leases.set(symbol, revision);
    const cluster = ctx.config.cluster;
    if (!cluster) throw new TapelineError('TL_CLI_USAGE', 'the bridge runs only on a cluster node (--nats)');
    this.cluster = cluster;
    this.subjects = clusterSubjects(cluster.name);
    for (const t of publishedTopics(cluster.roles)) this.published.add(t.topic);
    const nc = await connectNats(cluster.nats, { name: `${cluster.node}/bridge`, credential: cluster.credential });
    this.nc = nc;
    for (const t of subscribedTopics(cluster.roles)) {
      this.subs.push(nc.subscribe(this.subjects.frames(t.topic), { callback: (_e, m) => this.receive(t, m) }));
    }
    // Last values: a node that just started asks; every publisher answers on the asker's own subject.
    const mine = this.subjects.node(cluster.node, 'last');
    for (const t of subscribedTopics(cluster.roles)) {
      this.subs.push(nc.subscribe(`${mine}.${t.topic}.*`, { callback: (_e, m) => this.receive(t, m) }));
    }
    this.subs.push(nc.subscribe(this.subjects.lastValues, { callback: (_e, m) => this.replyLastValues(m.string()) }));
    await nc.flush();
    if (subscribedTopics(cluster.roles).length) nc.publish(this.subjects.lastValues, cluster.node);
  }

  handle(message: unknown, topic: string): void {
    if (!this.nc || !this.published.has(topic) || typeof message !== 'object' || message === null) return;
    const symbol = (message as { symbol?: unknown }).symbol;
    const key = typeof symbol === 'string' && symbol !== '' ? symbol : NO_SYMBOL;
    this.last.record(topic, key, message as { type?: unknown });
    this.publish(this.outlet(topic, key), message);
  }

  private publish(outlet: Outlet, message: unknown): void {
    // A copy: the codec reuses its buffer and the client queues the bytes until its next flush.
    const bytes = this.encoder.encode(message).slice();
    this.nc!.publish(outlet.subject, bytes, outlet.options);
    this.counters.out++;
  }

  private outlet(topic: string, symbol: string, subject?: string): Outlet {
    let bySymbol = this.outlets.get(topic);
    if (!bySymbol) {
      bySymbol = new Map();
      this.outlets.set(topic, bySymbol);
    }
    let o = subject === undefined ? bySymbol.get(symbol) : undefined;
    if (!o) {
      const headers = frameHeaders(this.cluster.node);
      headers.set(LEASE_HEADER, String(this.leases.get(symbol) ?? 0));
      o = { subject: subject ?? this.subjects.frame(topic, symbol), options: { headers } };
      if (subject === undefined) bySymbol.set(symbol, o);
    }
    return o;
  }

  private receive(t: BridgedTopic, m: { subject: string; data: Uint8Array; headers?: MsgHdrs }): void {
    const h = m.headers;
    if (h?.get(NODE_HEADER) === this.cluster.node) return; // our own frame: the local rings carried it already
    const refused = checkFrameSchema(h);
    if (refused) {
      if (this.counters.refusedSchema++ === 0) {
        this.firstRefusal = refused.detail;
        this.ctx.log.error({ code: refused.code, subject: m.subject }, `frame refused, not decoded: ${refused.detail}`);
      }
      return;
    }
    if (t.fenced) {
      const symbol = m.subject.slice(m.subject.lastIndexOf('.') + 1);
      const lease = Number(h?.get(LEASE_HEADER) ?? 0);
      const newest = this.fence.get(symbol) ?? 0;
      if (lease < newest) {
        this.counters.fenced++;
        return;
      }
      if (lease > newest) this.fence.set(symbol, lease);
    }
    this.counters.in++;
    this.ctx.sendTo(t.consumer, t.topic, this.decoder.decode(m.data));
  }

  private replyLastValues(asker: string): void {
    if (!this.nc || asker === this.cluster.node || !/^[A-Za-z0-9_-]+$/.test(asker)) return;
    const base = this.subjects.node(asker, 'last');
    this.last.forEach((topic, symbol, message) => {
      this.publish(this.outlet(topic, symbol, `${base}.${topic}.${symbol}`), message);
      this.counters.lastValueReplies++;
    });
  }

  /** `leases {leases: {SYM: revision}, released: [SYM]}` from the supervisor: frames of these symbols carry the new fencing token. */
  command(name: string, args: Record<string, unknown>): unknown {
    if (name !== 'leases' || typeof args.leases !== 'object' || args.leases === null) {
      throw new TapelineError('TL_ADMIN_UNKNOWN_COMMAND', `bridge has no command "${name}" with these arguments`);
    }
    for (const [symbol, revision] of Object.entries(args.leases as Record<string, number>)) {
      this.leases.set(symbol, revision);
      for (const bySymbol of this.outlets.values()) bySymbol.delete(symbol);
    }
    for (const symbol of Array.isArray(args.released) ? (args.released as string[]) : []) {
      this.leases.delete(symbol);
      this.last.forget(symbol);
    }
    return { leases: this.leases.size };
  }

  status(): Record<string, unknown> {
    return { node: this.cluster?.node, schema: schemaHash(), ...this.counters, firstRefusal: this.firstRefusal };
  }

  async stop(): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    await this.nc?.drain().catch(() => undefined);
  }

  snapshot(): BridgeSnapshot {
    return { leases: Object.fromEntries(this.leases) };
  }
}

export function createActor(): Actor {
  return new BridgeActor();
}
