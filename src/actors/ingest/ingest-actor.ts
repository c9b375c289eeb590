/**
 * The ingest actor: the edge where venue market data enters. It subscribes the routed 2026 streams for every
 * symbol (`/market` aggTrade, `/public` diff depth and bookTicker) on combined connections within the
 * per-connection stream limit, and routes each event, in arrival order, to its symbol actor's mailbox.
 * Book sync, backfill, REST and tapes arrive with the telemetry issue.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import type { MarketEnvelope } from '../../schema/internal-messages.js';
import { symbolActorName } from '../../runtime/topology.js';
import { StreamConnection } from './stream-connection.js';

const STREAMS_PER_CONNECTION = 200;

interface Route {
  actor: string;
  seq: number;
}

class IngestActor implements Actor<Record<string, never>> {
  private ctx!: ActorContext;
  private readonly connections: StreamConnection[] = [];
  private readonly routes = new Map<string, Route>();
  private unroutable = 0;
  private malformed = 0;

  start(ctx: ActorContext): void {
    this.ctx = ctx;
    for (const s of ctx.config.symbols) this.routes.set(s, { actor: symbolActorName(s), seq: 0 });
    const lower = ctx.config.symbols.map((s) => s.toLowerCase());
    this.connect('market', lower.map((s) => `${s}@aggTrade`));
    this.connect('public', lower.flatMap((s) => [`${s}@depth@100ms`, `${s}@bookTicker`]));
  }

  private connect(route: 'market' | 'public', streams: string[]): void {
    for (let i = 0; i < streams.length; i += STREAMS_PER_CONNECTION) {
      const url = `${this.ctx.venue.ws}/${route}/stream?streams=${streams.slice(i, i + STREAMS_PER_CONNECTION).join('/')}`;
      const conn = new StreamConnection({ url, log: this.ctx.log, onFrame: (text, recvTs) => this.onFrame(text, recvTs) });
      this.connections.push(conn);
      conn.open();
    }
  }

  private onFrame(text: string, recvTs: number): void {
    let envelope: { stream?: unknown; data?: { s?: unknown; o?: { s?: unknown } } };
    try {
      envelope = JSON.parse(text);
    } catch {
      this.malformed++;
      this.ctx.log.warn({ frame: text.slice(0, 200) }, 'malformed venue frame dropped');
      return;
    }
    const data = envelope?.data;
    const symbol = typeof data?.s === 'string' ? data.s : typeof data?.o?.s === 'string' ? data.o.s : undefined;
    const route = symbol ? this.routes.get(symbol) : undefined;
    if (!route) {
      // Subscription replies ({"result":null,"id":1}) and streams of symbols we do not track land here.
      this.unroutable++;
      return;
    }
    const message: MarketEnvelope = { type: 'market', symbol: symbol!, recvTs, seq: ++route.seq, event: data };
    this.ctx.sendTo(route.actor, 'market', message);
  }

  handle(): void {}

  status(): Record<string, unknown> {
    return {
      connections: this.connections.length,
      connected: this.connections.filter((c) => c.connected).length,
      frames: this.connections.reduce((n, c) => n + c.frames, 0),
      reconnects: this.connections.reduce((n, c) => n + c.reconnects, 0),
      unroutable: this.unroutable,
      malformed: this.malformed,
    };
  }

  snapshot(): Record<string, never> {
    return {};
  }

  stop(): void {
    for (const c of this.connections) c.close();
  }
}

export function createActor(): Actor {
  return new IngestActor();
}
