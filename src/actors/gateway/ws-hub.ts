/**
 * The `/ws` endpoint: hello on open, client ops (subscribe, unsubscribe, ping, history), per-connection limits (op size and
 * rate, idle timeout, `maxBackpressure`), and the slow-consumer sweep: a client whose send buffer stays above
 * `slowBytes` for two sweeps is closed and counted, so one stuck reader never grows the server's memory.
 */
import type { ErrorCode } from '../../schema/errors.js';
import type { Packr } from 'msgpackr';
import {
  CHANNELS,
  type ErrorMessage,
  type Hello,
  type Pong,
  SCHEMA_VERSION,
  type Subscribed,
} from '../../schema/client-messages.js';
import type { WebSocketBehavior } from 'uWebSockets.js';
import type { TemplatedApp, WebSocket } from '../../runtime/uws.js';
import { parseOp } from './client-ops.js';
import { mayRead, WS_PROTOCOL, WS_TOKEN_PREFIX } from './gateway-access.js';
import { errorReply, write } from './http-reply.js';
import { encode, type Fanout } from './fanout.js';
import { newRateState, OPS_BURST, OPS_PER_SEC, type RateState, takeToken } from './op-rate-limit.js';
import {
  addPairs,
  applyOp,
  type Change,
  channelsForNewSymbol,
  listPairs,
  newSubscriptionState,
  type SubscriptionState,
} from './subscriptions.js';
import type { WireFormat } from './topics.js';

export interface WsLimits {
  /** uWS closes a connection that sends a bigger frame (close code 1009). */
  maxPayloadBytes: number;
  /** uWS skips publishes to a socket buffered beyond this. */
  maxBackpressureBytes: number;
  /** Buffered bytes above which a socket counts as slow at a sweep; two slow sweeps in a row close it. */
  slowBytes: number;
  sweepMs: number;
  idleTimeoutSec: number;
}

export const DEFAULT_WS_LIMITS: Readonly<WsLimits> = Object.freeze({
  maxPayloadBytes: 16 * 1024,
  maxBackpressureBytes: 1024 * 1024,
  slowBytes: 512 * 1024,
  sweepMs: 250,
  idleTimeoutSec: 120,
});

const UNAUTHORIZED_WS =
  'this gateway needs its read token: send Authorization: Bearer <token>, open /?token=<token> first (cookie), ' +
  `or offer the subprotocols "${WS_PROTOCOL}" and "${WS_TOKEN_PREFIX}<token>"`;

/** The subprotocol to answer: `tapeline` when offered (never echo the token one), else what a client sent. */
function answeredProtocol(offered: string): string {
  const list = offered.split(',').map((p) => p.trim());
  if (list.includes(WS_PROTOCOL)) return WS_PROTOCOL;
  return list.some((p) => p.startsWith(WS_TOKEN_PREFIX)) ? '' : offered;
}

export type DropReason = 'slow' | 'abusive';

interface Session {
  id: number;
  sub: SubscriptionState;
  rate: RateState;
  slowSweeps: number;
  dropped: DropReason | undefined;
}

export interface WsCounters {
  opened: number;
  dropped: Record<DropReason, number>;
  errors: Map<string, number>;
}

export class WsHub {
  readonly sockets = new Set<WebSocket<Session>>();
  readonly counters: WsCounters = { opened: 0, dropped: { slow: 0, abusive: 0 }, errors: new Map() };
  private nextId = 1;
  /** When set, an upgrade must present it (gateway-access.ts); unset on a loopback gateway without a token. */
  readToken: string | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fanout: Fanout,
    private readonly packr: Packr,
    private readonly knownSymbols: Set<string>,
    private readonly limits: WsLimits = DEFAULT_WS_LIMITS,
  ) {}

  /** Registers `/ws` on the app and starts the slow-consumer sweep. */
  attach(app: TemplatedApp, path = '/ws'): void {
    app.ws<Session>(path, this.behavior());
    this.sweepTimer = setInterval(() => this.sweep(), this.limits.sweepMs);
    this.sweepTimer.unref();
  }

  clients(format?: WireFormat): number {
    if (!format) return this.sockets.size;
    let n = 0;
    for (const ws of this.sockets) if (ws.getUserData().sub.format === format) n++;
    return n;
  }

  /** A symbol added live: connections on the default subscription, and channels subscribed with `*`, get it. */
  addSymbol(symbol: string): void {
    if (this.knownSymbols.has(symbol)) return;
    this.knownSymbols.add(symbol);
    for (const ws of this.sockets) {
      const channels = channelsForNewSymbol(ws.getUserData().sub);
      if (channels.length) this.applyChange(ws, addPairs(ws.getUserData().sub, [symbol], channels));
    }
  }

  closeAll(): void {
    clearInterval(this.sweepTimer);
    for (const ws of [...this.sockets]) ws.end(1001, 'server shutting down');
    this.sockets.clear();
  }

  private behavior(): WebSocketBehavior<Session> {
    return {
      maxPayloadLength: this.limits.maxPayloadBytes,
      maxBackpressure: this.limits.maxBackpressureBytes,
      idleTimeout: this.limits.idleTimeoutSec,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        const protocols = req.getHeader('sec-websocket-protocol');
        const headers = { authorization: req.getHeader('authorization'), cookie: req.getHeader('cookie'), protocols };
        if (!mayRead(headers, this.readToken)) {
          write(res, errorReply(401, 'TL_GATEWAY_UNAUTHORIZED', UNAUTHORIZED_WS, { 'www-authenticate': 'Bearer' }));
          return;
        }
        const format: WireFormat = req.getQuery('format') === 'msgpack' ? 'msgpack' : 'json';
        const session: Session = {
          id: this.nextId++,
          sub: newSubscriptionState(format),
          rate: newRateState(Date.now()),
          slowSweeps: 0,
          dropped: undefined,
        };
        res.upgrade(
          session,
          req.getHeader('sec-websocket-key'),
          answeredProtocol(protocols),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.sockets.add(ws);
        this.counters.opened++;
        const hello: Hello = {
          type: 'hello',
          schemaVersion: SCHEMA_VERSION,
          symbols: [...this.knownSymbols],
          channels: [...CHANNELS],
        };
        this.send(ws, hello);
        this.applyChange(ws, addPairs(ws.getUserData().sub, this.knownSymbols, CHANNELS));
      },
      message: (ws, data, isBinary) => this.onMessage(ws, data, isBinary),
      close: (ws) => {
        this.sockets.delete(ws);
        const reason = ws.getUserData().dropped;
        if (reason) this.counters.dropped[reason]++;
      },
    };
  }

  private onMessage(ws: WebSocket<Session>, data: ArrayBuffer, isBinary: boolean): void {
    const s = ws.getUserData();
    const verdict = takeToken(s.rate, Date.now());
    if (verdict === 'abusive') {
      this.drop(ws, 'abusive');
      return;
    }
    if (verdict === 'limited') {
      this.sendError(
        ws,
        'TL_WS_RATE_LIMITED',
        `too many ops; the limit is ${OPS_PER_SEC} per second (burst ${OPS_BURST})`,
      );
      return;
    }
    const parsed = parseOp(data, isBinary, s.sub.format, this.packr);
    if (!parsed.ok) {
      this.sendError(ws, parsed.code, parsed.detail);
      return;
    }
    const op = parsed.op;
    if (op.op === 'ping') {
      const pong: Pong = { type: 'pong', id: op.id, ts: Date.now() };
      this.send(ws, pong);
      return;
    }
    if (op.op === 'history') {
      if (!this.knownSymbols.has(op.symbol)) {
        this.sendError(
          ws,
          'TL_WS_UNKNOWN_SYMBOL',
          `unknown symbol "${op.symbol}"; known: ${[...this.knownSymbols].join(', ')}`,
        );
        return;
      }
      this.send(ws, this.fanout.history.reply(op.symbol, op.minutes));
      return;
    }
    const applied = applyOp(s.sub, op, this.knownSymbols);
    if (!applied.ok) {
      this.sendError(ws, applied.code, applied.detail);
      return;
    }
    const ack: Subscribed = { type: 'subscribed', subscriptions: listPairs(s.sub) };
    this.send(ws, ack);
    this.applyChange(ws, applied.change);
  }

  private applyChange(ws: WebSocket<Session>, change: Change): void {
    for (const t of change.unsubscribe) ws.unsubscribe(t);
    for (const t of change.subscribe) ws.subscribe(t);
    // Current picture first, so a new subscriber does not wait for the next update.
    const last = this.fanout.lastValues;
    for (const channel of change.joinedChannelWide) for (const m of last.channelWide(channel)) this.send(ws, m);
    for (const pair of change.added) for (const m of last.replay(pair.channel, pair.symbol)) this.send(ws, m);
  }

  private send(ws: WebSocket<Session>, message: object): void {
    const format = ws.getUserData().sub.format;
    ws.send(encode(this.packr, format, message), format === 'msgpack');
  }

  private sendError(ws: WebSocket<Session>, code: ErrorCode, message: string): void {
    this.counters.errors.set(code, (this.counters.errors.get(code) ?? 0) + 1);
    const error: ErrorMessage = { type: 'error', code, message };
    this.send(ws, error);
  }

  private drop(ws: WebSocket<Session>, reason: DropReason): void {
    ws.getUserData().dropped = reason;
    // close(), not end(): a client that does not read would never see a close frame queued behind its backlog.
    ws.close();
  }

  private sweep(): void {
    for (const ws of this.sockets) {
      const s = ws.getUserData();
      if (ws.getBufferedAmount() > this.limits.slowBytes) {
        if (++s.slowSweeps >= 2) this.drop(ws, 'slow');
      } else {
        s.slowSweeps = 0;
      }
    }
  }
}
