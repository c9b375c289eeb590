/**
 * An actor's outbound senders, indexed for the per-event lookups. `route(to, topic)` hands out a handle that
 * stays valid across attach/detach (its sender list is refilled in place), so a hot caller resolves once and
 * sends with no lookup; `sendTo` and `send` are Map hits, never a scan of every sender. Ingest routing one
 * market event was O(symbols) string compares before this (bench/ingest-routing.bench.ts has both).
 */

export interface RoutedSender {
  readonly spec: { readonly name?: string; readonly to: string; readonly topic: string };
  send(message: unknown): void;
}

/** The channel(s) of one topic to one destination; sends to none while no such channel is attached. */
export class ChannelRoute {
  /** @internal Refilled by ChannelRoutes on attach/detach. */
  readonly senders: RoutedSender[] = [];

  send(message: unknown): void {
    const s = this.senders;
    for (let i = 0; i < s.length; i++) s[i]!.send(message);
  }
}

export class ChannelRoutes<S extends RoutedSender = RoutedSender> {
  private readonly list: S[] = [];
  private readonly byTopic = new Map<string, ChannelRoute>();
  private readonly byDestination = new Map<string, Map<string, ChannelRoute>>();

  constructor(senders: Iterable<S> = []) {
    for (const s of senders) this.list.push(s);
    this.reindex();
  }

  /** Every consumer of `topic`. */
  send(topic: string, message: unknown): void {
    this.byTopic.get(topic)?.send(message);
  }

  /** The channel of `topic` that goes to actor `to`; nothing when this actor has no such channel. */
  sendTo(to: string, topic: string, message: unknown): void {
    this.byDestination.get(to)?.get(topic)?.send(message);
  }

  /** A handle for sending `topic` to `to`, valid for this actor's lifetime (also before the channel attaches). */
  route(to: string, topic: string): ChannelRoute {
    let topics = this.byDestination.get(to);
    if (topics === undefined) {
      topics = new Map();
      this.byDestination.set(to, topics);
    }
    let route = topics.get(topic);
    if (route === undefined) {
      route = new ChannelRoute();
      topics.set(topic, route);
    }
    return route;
  }

  /** Adds a sender unless one of the same channel name is already there; true when added. */
  add(sender: S): boolean {
    const name = sender.spec.name;
    if (name !== undefined && this.list.some((s) => s.spec.name === name)) return false;
    this.list.push(sender);
    this.reindex();
    return true;
  }

  /** Removes the sender of channel `name` and returns it (the caller closes it). */
  remove(name: string): S | undefined {
    const i = this.list.findIndex((s) => s.spec.name === name);
    if (i < 0) return undefined;
    const [gone] = this.list.splice(i, 1);
    this.reindex();
    return gone;
  }

  all(): readonly S[] {
    return this.list;
  }

  /** Routes handed out stay the same objects: only their sender lists change. */
  private reindex(): void {
    for (const r of this.byTopic.values()) r.senders.length = 0;
    for (const topics of this.byDestination.values()) for (const r of topics.values()) r.senders.length = 0;
    for (const s of this.list) {
      const { to, topic } = s.spec;
      let all = this.byTopic.get(topic);
      if (all === undefined) {
        all = new ChannelRoute();
        this.byTopic.set(topic, all);
      }
      all.senders.push(s);
      this.route(to, topic).senders.push(s);
    }
  }
}
