/**
 * `/metrics` in Prometheus text format through prom-client: runtime state (actor states, mailbox depths,
 * restarts, gates, kill switch) is pulled from the supervisor at scrape time; gateway counters (WS clients,
 * drops, published messages, orders, signals) and book health (from the last `metrics` message) are local.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { StatusReply } from '../../runtime/supervisor-api.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import type { Fanout } from './fanout.js';
import type { WsHub } from './ws-hub.js';

const ACTOR_STATES = ['starting', 'running', 'restarting', 'stopping', 'stopped', 'failed'] as const;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly exported = new Map<string, number>();
  private readonly g = {
    actorState: this.gauge('tapeline_actor_state', 'Actor state, one-hot by state label', ['actor', 'state']),
    mailbox: this.gauge('tapeline_actor_mailbox_depth', 'Messages waiting in the actor mailbox', ['actor']),
    restarts: this.gauge('tapeline_actor_restarts', 'Restarts of the actor since the supervisor started', ['actor']),
    channelDropped: this.gauge(
      'tapeline_actor_dropped_messages',
      'Messages dropped by drop-oldest channels into the actor',
      ['actor'],
    ),
    gate: this.gauge('tapeline_gate', 'Order gate (1 = holds)', ['gate']),
    kill: this.gauge('tapeline_kill_switch_engaged', 'Kill switch engaged (symbol "" = global)', ['symbol']),
    clients: this.gauge('tapeline_ws_clients', 'WebSocket clients connected', ['format']),
    symbolReady: this.gauge('tapeline_symbol_ready', 'Symbol telemetry ready (book in sync, backfill done)', [
      'symbol',
    ]),
    inSync: this.gauge('tapeline_book_in_sync', 'Local order book in sync with the venue', ['symbol']),
    gaps: this.gauge('tapeline_book_gaps', 'Depth sequence gaps seen', ['symbol']),
    resyncs: this.gauge('tapeline_book_resyncs', 'Order book resyncs', ['symbol']),
    feedLag: this.gauge('tapeline_book_feed_lag_ms', 'Local receive time minus event time of the last event (ms)', [
      'symbol',
    ]),
  };
  private readonly c = {
    dropped: this.counter('tapeline_ws_clients_dropped_total', 'WebSocket clients cut off by the server', ['reason']),
    opened: this.counter('tapeline_ws_connections_total', 'WebSocket connections accepted', []),
    errors: this.counter('tapeline_ws_op_errors_total', 'Client ops answered with an error, by code', ['code']),
    published: this.counter('tapeline_ws_messages_published_total', 'Messages published to WS topics, by channel', [
      'channel',
    ]),
    encoded: this.counter('tapeline_ws_encodes_total', 'Message encodes (at most one per message per format)', [
      'format',
    ]),
  };
  readonly orders = this.counter('tapeline_orders_total', 'Order state changes seen, by status', ['status']);
  readonly signals = this.counter(
    'tapeline_signals_total',
    'Strategy signals seen, by the decision they carried (pending until risk decides)',
    ['accepted'],
  );
  readonly verdicts = this.counter('tapeline_signal_verdicts_total', "Risk's decisions on signals", ['accepted']);

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tapeline_gateway_' });
  }

  private gauge(name: string, help: string, labelNames: string[]): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private counter(name: string, help: string, labelNames: string[]): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** Counters mirror totals kept elsewhere: increment by what changed since the last scrape. */
  private sync(counter: Counter, labels: Record<string, string>, total: number): void {
    const key = `${(counter as unknown as { name: string }).name}${JSON.stringify(labels)}`;
    const delta = total - (this.exported.get(key) ?? 0);
    // inc(0) on first sight so every series is exported from the start (a rate() needs the zero).
    if (delta > 0 || !this.exported.has(key)) counter.inc(labels, Math.max(0, delta));
    this.exported.set(key, total);
  }

  async render(status: StatusReply, hub: WsHub, fanout: Fanout, symbols: Iterable<string>): Promise<string> {
    const g = this.g;
    g.actorState.reset();
    for (const a of status.actors) {
      for (const s of ACTOR_STATES) g.actorState.set({ actor: a.name, state: s }, a.state === s ? 1 : 0);
      g.mailbox.set({ actor: a.name }, a.mailboxDepth);
      g.restarts.set({ actor: a.name }, a.restarts);
      g.channelDropped.set({ actor: a.name }, a.dropped);
    }
    for (const [gate, holds] of Object.entries(status.gates)) g.gate.set({ gate }, holds ? 1 : 0);
    g.gate.set({ gate: 'killSwitchDisengaged' }, status.killSwitch.engaged ? 0 : 1);
    g.kill.set({ symbol: '' }, status.killSwitch.engaged ? 1 : 0);
    for (const [symbol, entry] of Object.entries(status.killSwitch.symbols))
      g.kill.set({ symbol }, entry.engaged ? 1 : 0);
    g.clients.set({ format: 'json' }, hub.clients('json'));
    g.clients.set({ format: 'msgpack' }, hub.clients('msgpack'));
    for (const symbol of symbols) {
      const m = fanout.lastValues.metrics(symbol) as MetricsMessage | undefined;
      if (!m) continue;
      g.symbolReady.set({ symbol }, m.ready ? 1 : 0);
      g.inSync.set({ symbol }, m.book.inSync ? 1 : 0);
      g.gaps.set({ symbol }, m.book.gaps);
      g.resyncs.set({ symbol }, m.book.resyncs);
      if (m.book.feedLagMs !== null) g.feedLag.set({ symbol }, m.book.feedLagMs);
    }
    this.sync(this.c.opened, {}, hub.counters.opened);
    for (const [reason, n] of Object.entries(hub.counters.dropped)) this.sync(this.c.dropped, { reason }, n);
    for (const [code, n] of hub.counters.errors) this.sync(this.c.errors, { code }, n);
    for (const [channel, n] of Object.entries(fanout.counters.published)) this.sync(this.c.published, { channel }, n);
    for (const [format, n] of Object.entries(fanout.counters.encoded)) this.sync(this.c.encoded, { format }, n);
    return this.registry.metrics();
  }
}
