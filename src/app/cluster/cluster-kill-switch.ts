/**
 * The kill switch across nodes. `kill` on any node publishes a broadcast (fast path, every live node engages on
 * receipt) and writes the `kill-switch` key of the control bucket (durable path: a node that missed the broadcast
 * sees the key change through its watcher). Independently, every node engages when the newest risk heartbeat is
 * older than RISK_STALE_MS: a cluster that cannot hear its risk must not trade. Arming stays per node.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { errorMessage } from '../../schema/errors.js';
import type { Logger } from '../../runtime/log/logger.js';
import { type ClusterSubjects, KILL_SWITCH_KEY } from '../../runtime/nats/cluster-subjects.js';

export const RISK_HEARTBEAT_MS = 250;
export const RISK_STALE_MS = 1_000;

export interface KillOrder {
  id: string;
  by: string;
  reason: string;
  at: number;
}

export interface ClusterKillSwitchOptions {
  nc: NatsConnection;
  kv: KV;
  subjects: ClusterSubjects;
  node: string;
  /** Engages this node's kill switch (its risk actor, when it has one). */
  engage(reason: string, order: KillOrder | undefined): Promise<void>;
  /** Whether this node has a running risk actor (then it publishes the risk heartbeat). */
  riskAlive(): boolean;
  log: Logger;
}

export class ClusterKillSwitch {
  private readonly seen = new Set<string>();
  private lastRiskBeat = 0;
  private lastRiskNode: string | undefined;
  private staleEngaged = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stops: Array<() => void> = [];
  private sequence = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly o: ClusterKillSwitchOptions) {}

  async start(): Promise<void> {
    const { nc, subjects } = this.o;
    const killSub = nc.subscribe(subjects.kill, {
      callback: (_err, msg) => this.onOrder(msg.json<KillOrder>(), 'broadcast'),
    });
    const beatSub = nc.subscribe(subjects.riskHeartbeat, {
      callback: (_err, msg) => {
        this.lastRiskBeat = Date.now();
        this.lastRiskNode = msg.string();
        this.staleEngaged = false;
      },
    });
    this.stops.push(
      () => killSub.unsubscribe(),
      () => beatSub.unsubscribe(),
    );
    const watch = await this.o.kv.watch({ key: KILL_SWITCH_KEY, include: 'updates' });
    this.stops.push(() => watch.stop());
    void (async () => {
      for await (const e of watch) if (e.operation === 'PUT') this.onOrder(e.json<KillOrder>(), 'kv');
    })().catch((err) => this.o.log.error({ err: errorMessage(err) }, 'kill switch watch ended'));
    this.timers.push(
      setInterval(() => {
        if (this.o.riskAlive()) nc.publish(subjects.riskHeartbeat, this.o.node);
      }, RISK_HEARTBEAT_MS),
      setInterval(() => this.checkRiskHeartbeat(), RISK_HEARTBEAT_MS / 2),
    );
    for (const t of this.timers) t.unref();
  }

  /** Engages every node: broadcast first (fast), then the durable key. Returns the order sent. */
  async kill(reason: string): Promise<KillOrder> {
    const order: KillOrder = {
      id: `${this.o.node}-${Date.now()}-${++this.sequence}`,
      by: this.o.node,
      reason,
      at: Date.now(),
    };
    this.o.nc.publish(this.o.subjects.kill, JSON.stringify(order));
    await this.o.kv.put(KILL_SWITCH_KEY, JSON.stringify(order));
    return order;
  }

  /** The newest risk heartbeat: who sent it and how old it is (ms), for status. */
  riskHeartbeat(): { node: string | undefined; ageMs: number | undefined } {
    return { node: this.lastRiskNode, ageMs: this.lastRiskBeat ? Date.now() - this.lastRiskBeat : undefined };
  }

  private onOrder(order: KillOrder, via: string): void {
    if (this.seen.has(order.id)) return; // the broadcast and the key bring the same order twice
    this.seen.add(order.id);
    if (this.seen.size > 1_000) this.seen.clear();
    if (order.by === this.o.node) return; // engaged locally already, before it was sent
    this.o.log.warn({ order, via }, 'cluster kill switch: engaging');
    this.o
      .engage(`cluster kill from ${order.by}: ${order.reason}`, order)
      .catch((err) => this.o.log.error({ err: errorMessage(err) }, 'could not engage the kill switch'));
  }

  private checkRiskHeartbeat(): void {
    const now = Date.now();
    const since = this.lastRiskBeat || this.startedAt;
    if (this.staleEngaged || now - since <= RISK_STALE_MS) return;
    this.staleEngaged = true;
    const reason = this.lastRiskBeat
      ? `no risk heartbeat for ${now - this.lastRiskBeat} ms (last from ${this.lastRiskNode})`
      : 'no risk heartbeat heard since start';
    this.o.log.warn({ reason }, 'cluster kill switch: risk heartbeat stale');
    this.o.engage(reason, undefined).catch((err) => this.o.log.error({ err: errorMessage(err) }, 'engage failed'));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.stops) s();
  }
}
