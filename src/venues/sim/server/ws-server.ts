/**
 * The WebSocket side of the one uWS port, routed as the venue routes it (docs/venue-binance.md, market streams): `/public`,
 * `/market`, `/private`, each with `/ws/<streams>` and `/stream?streams=`; unrouted paths behave as `/public`.
 * Handles SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY, the 10 control messages
 * per second limit and the per-connection stream cap. A stream of another route is accepted and stays silent.
 */
import type { TemplatedApp, WebSocket } from '../../../runtime/uws.js';
import type { StreamHub } from './stream-hub.js';
import { type ParsedStream, parseStream, type Route, routeOfPath } from './stream-names.js';

export const MAX_STREAMS_PER_CONNECTION = 200;
const MAX_CONTROL_PER_SEC = 10;

export interface Conn {
  route: Route;
  combined: boolean;
  /** Subscribed names in order (LIST_SUBSCRIPTIONS), with what they parse to (undefined for listen keys). */
  subs: Map<string, ParsedStream | undefined>;
  /** Times of the last control messages (rate limit). */
  ctrl: number[];
  closed: boolean;
  /** Streams named in the URL, subscribed on open. */
  initial: string[];
}

export interface WsDeps {
  hub: StreamHub;
  now(): number;
  /** Whether a listen key is live (user data on /private). */
  isListenKey(key: string): boolean;
}

export class WsServer {
  readonly open = new Set<WebSocket<Conn>>();

  constructor(private readonly deps: WsDeps) {}

  install(app: TemplatedApp): void {
    app.ws<Conn>('/*', {
      idleTimeout: 600,
      maxPayloadLength: 64 * 1024,
      maxBackpressure: 16 * 1024 * 1024,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        const url = req.getUrl();
        const query = req.getQuery() ?? '';
        const conn = this.connFor(url, query);
        if (!conn) {
          res.writeStatus('404 Not Found').end();
          return;
        }
        res.upgrade(
          conn,
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.open.add(ws);
        const conn = ws.getUserData();
        for (const name of conn.initial) this.subscribe(ws, name);
        conn.initial = [];
      },
      message: (ws, message) => this.onMessage(ws, Buffer.from(message).toString('utf8')),
      close: (ws) => {
        this.open.delete(ws);
        const conn = ws.getUserData();
        conn.closed = true;
        for (const [name, parsed] of conn.subs) if (this.isLive(conn, parsed, name)) this.deps.hub.removeInterest(name);
      },
    });
  }

  /** Parses the upgrade path into a connection and its initial streams; undefined = not a stream path. */
  private connFor(url: string, query: string): Conn | undefined {
    const route = routeOfPath(url);
    const rest =
      route === 'public' && url.startsWith('/public')
        ? url.slice(7)
        : route === 'public'
          ? url
          : url.slice(route.length + 1);
    const params = new URLSearchParams(query);
    const initial: string[] = [];
    let combined: boolean;
    if (rest === '/ws' || rest.startsWith('/ws/')) {
      combined = false;
      // Chained raw streams `/ws/a/b`; unknown segments (ccxt's connection index) are no-ops.
      for (const seg of rest.slice(3).split('/')) if (seg) initial.push(decodeURIComponent(seg));
    } else if (rest === '/stream' || rest.startsWith('/stream/')) {
      combined = true;
      for (const s of (params.get('streams') ?? '').split('/')) if (s) initial.push(s);
    } else {
      return undefined;
    }
    if (route === 'private') for (const key of params.getAll('listenKey')) initial.push(key);
    return { route, combined, subs: new Map(), ctrl: [], closed: false, initial };
  }

  private topic(conn: Conn, name: string, parsed: ParsedStream | undefined): string {
    if (!parsed) return `${conn.combined ? 'uc' : 'u'}:${name}`;
    return `${conn.combined ? 'c' : 'r'}:${name}`;
  }

  /** A subscription produces data only on its own route (listen keys only on /private). */
  private isLive(conn: Conn, parsed: ParsedStream | undefined, name: string): boolean {
    if (!parsed) return conn.route === 'private' && this.deps.isListenKey(name);
    return parsed.route === conn.route && parsed.stream.kind !== 'silent';
  }

  /** Returns false when the name is neither a stream nor (on /private) a listen key. */
  private subscribe(ws: WebSocket<Conn>, raw: string): boolean {
    const conn = ws.getUserData();
    const parsed = parseStream(raw);
    const isKey = !parsed && conn.route === 'private' && this.deps.isListenKey(raw);
    if (!parsed && !isKey) return false;
    const name = parsed ? parsed.name : raw;
    if (conn.subs.has(name)) return true;
    conn.subs.set(name, parsed);
    if (this.isLive(conn, parsed, name)) {
      ws.subscribe(this.topic(conn, name, parsed));
      if (parsed) this.deps.hub.addInterest(name);
    }
    return true;
  }

  private unsubscribe(ws: WebSocket<Conn>, raw: string): void {
    const conn = ws.getUserData();
    const parsed = parseStream(raw);
    const name = parsed ? parsed.name : raw;
    if (!conn.subs.has(name)) return;
    const live = this.isLive(conn, parsed, name);
    conn.subs.delete(name);
    if (live) {
      ws.unsubscribe(this.topic(conn, name, parsed));
      if (parsed) this.deps.hub.removeInterest(name);
    }
  }

  private setCombined(ws: WebSocket<Conn>, combined: boolean): void {
    const conn = ws.getUserData();
    if (conn.combined === combined) return;
    for (const [name, parsed] of conn.subs)
      if (this.isLive(conn, parsed, name)) ws.unsubscribe(this.topic(conn, name, parsed));
    conn.combined = combined;
    for (const [name, parsed] of conn.subs)
      if (this.isLive(conn, parsed, name)) ws.subscribe(this.topic(conn, name, parsed));
  }

  private onMessage(ws: WebSocket<Conn>, text: string): void {
    const conn = ws.getUserData();
    const now = this.deps.now();
    conn.ctrl.push(now);
    if (conn.ctrl.length > MAX_CONTROL_PER_SEC) {
      const oldest = conn.ctrl.shift() as number;
      if (now - oldest < 1000) {
        // The venue disconnects a connection over 10 incoming messages per second.
        ws.end(1008, 'Too many messages');
        return;
      }
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch (err) {
      ws.send(JSON.stringify({ code: 3, msg: `Invalid JSON: ${(err as Error).message}` }), false);
      return;
    }
    const reply = this.control(ws, msg);
    ws.send(reply, false);
  }

  private control(ws: WebSocket<Conn>, msg: unknown): string {
    const bad = (why: string): string => JSON.stringify({ code: 2, msg: `Invalid request: ${why}` });
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return bad('request must be an object');
    const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown };
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return bad('request ID must be an unsigned integer');
    const conn = ws.getUserData();
    const list = Array.isArray(params) ? params : undefined;
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (!list || list.some((p) => typeof p !== 'string')) return bad('parameters must be an array of strings');
        if (method === 'SUBSCRIBE') {
          if (conn.subs.size + list.length > MAX_STREAMS_PER_CONNECTION)
            return bad(`too many streams (at most ${MAX_STREAMS_PER_CONNECTION})`);
          for (const p of list as string[])
            if (!this.subscribe(ws, p)) return bad(`invalid stream name ${JSON.stringify(p)}`);
        } else {
          for (const p of list as string[]) this.unsubscribe(ws, p);
        }
        return JSON.stringify({ result: null, id });
      }
      case 'LIST_SUBSCRIPTIONS':
        return JSON.stringify({ result: [...conn.subs.keys()], id });
      case 'SET_PROPERTY': {
        if (list?.[0] !== 'combined' || typeof list[1] !== 'boolean')
          return bad('SET_PROPERTY takes ["combined", true|false]');
        this.setCombined(ws, list[1]);
        return JSON.stringify({ result: null, id });
      }
      case 'GET_PROPERTY':
        if (list?.[0] !== 'combined') return bad('GET_PROPERTY takes ["combined"]');
        return JSON.stringify({ result: conn.combined, id });
      default:
        return bad(`unknown method ${JSON.stringify(method)}`);
    }
  }

  /** Closes every connection (the disconnect fault, shutdown); `route` limits it to one route. */
  disconnectAll(route?: Route, hard = false): number {
    let n = 0;
    for (const ws of [...this.open]) {
      if (route && ws.getUserData().route !== route) continue;
      n++;
      if (hard) ws.close();
      else ws.end(1001, 'server going away');
    }
    return n;
  }
}
