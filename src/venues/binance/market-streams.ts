/**
 * `MarketStreams`: the market-data WebSockets of every tracked symbol on the routed 2026 URLs
 * (docs/venue-binance.md, market streams): `/public` carries `<s>@depth@100ms` and `<s>@bookTicker`, `/market` carries
 * `<s>@aggTrade`, `<s>@markPrice@1s`, `<s>@forceOrder`, `<s>@kline_1m`. A symbol's streams of one route share
 * one connection (so a lost connection names exactly the symbols to resync); connections fill up to the
 * per-connection stream limit, new symbols SUBSCRIBE on one with room, and an emptied connection is closed.
 */
import { StreamConnection, type StreamConnectionOptions, type StreamLog } from './stream-connection.js';

export type MarketRoute = 'public' | 'market';

export function routeStreams(route: MarketRoute, symbol: string): string[] {
  const s = symbol.toLowerCase();
  return route === 'public'
    ? [`${s}@depth@100ms`, `${s}@bookTicker`]
    : [`${s}@aggTrade`, `${s}@markPrice@1s`, `${s}@forceOrder`, `${s}@kline_1m`];
}

export interface MarketStreamsOptions {
  /** `ws://127.0.0.1:PORT` or `wss://fstream.binance.com`. */
  wsBase: string;
  /** ⚠ docs say 1024, ccxt and NautilusTrader use 200 (docs/venue-binance.md, market streams). Default 200. */
  streamsPerConnection?: number;
  onFrame(text: string, recvTs: number): void;
  /** A connection dropped unplanned: these symbols' frames of that route may have been missed. */
  onLost(route: MarketRoute, symbols: string[]): void;
  log?: StreamLog;
  connection?: Pick<StreamConnectionOptions, 'backoffInitialMs' | 'backoffMaxMs' | 'maxLifetimeMs' | 'overlapMs'>;
}

interface RouteConnection {
  route: MarketRoute;
  conn: StreamConnection;
  symbols: Set<string>;
}

const ROUTES: readonly MarketRoute[] = ['public', 'market'];

export class MarketStreams {
  private readonly conns: RouteConnection[] = [];
  private readonly limit: number;
  private closed = false;

  constructor(private readonly opts: MarketStreamsOptions) {
    this.limit = opts.streamsPerConnection ?? 200;
  }

  addSymbol(symbol: string): void {
    if (this.closed) return;
    for (const route of ROUTES) {
      if (this.conns.some((c) => c.route === route && c.symbols.has(symbol))) continue;
      const streams = routeStreams(route, symbol);
      const room = this.conns.find((c) => c.route === route && c.conn.streams.size + streams.length <= this.limit);
      if (room !== undefined) {
        room.symbols.add(symbol);
        room.conn.subscribe(streams);
        continue;
      }
      const rc: RouteConnection = { route, symbols: new Set([symbol]), conn: undefined as unknown as StreamConnection };
      rc.conn = new StreamConnection({
        ...this.opts.connection,
        routeUrl: `${this.opts.wsBase.replace(/\/+$/, '')}/${route}`,
        streams,
        onFrame: this.opts.onFrame,
        onLost: () => this.opts.onLost(route, [...rc.symbols]),
        log: this.opts.log,
      });
      this.conns.push(rc);
      rc.conn.open();
    }
  }

  removeSymbol(symbol: string): void {
    for (let i = this.conns.length - 1; i >= 0; i--) {
      const rc = this.conns[i] as RouteConnection;
      if (!rc.symbols.delete(symbol)) continue;
      if (rc.symbols.size === 0) {
        rc.conn.close();
        this.conns.splice(i, 1);
      } else {
        rc.conn.unsubscribe(routeStreams(rc.route, symbol));
      }
    }
  }

  /** Rotates every connection now (overlapping); the lifetime timer does this before the 24 h cut. */
  rotateAll(): void {
    for (const rc of this.conns) rc.conn.rotate();
  }

  close(): void {
    this.closed = true;
    for (const rc of this.conns) rc.conn.close();
    this.conns.length = 0;
  }

  status(): { connections: number; connected: number; frames: number; reconnects: number; rotations: number } {
    let connected = 0;
    let frames = 0;
    let reconnects = 0;
    let rotations = 0;
    for (const { conn } of this.conns) {
      if (conn.connected) connected++;
      frames += conn.frames;
      reconnects += conn.reconnects;
      rotations += conn.rotations;
    }
    return { connections: this.conns.length, connected, frames, reconnects, rotations };
  }

  connectionsOf(route: MarketRoute): number {
    return this.conns.filter((c) => c.route === route).length;
  }
}
