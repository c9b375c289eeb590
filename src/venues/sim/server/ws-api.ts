/**
 * The WebSocket API on its own path (`/ws-fapi/v1`): request `{id, method, params}`, response
 * `{id, status, result | error, rateLimits}`. Signed methods carry `apiKey`, `timestamp`, `signature` (over the
 * other params sorted by name, `k=v&...`) unless the connection did `session.logon`; then only `timestamp`.
 * Order methods run through the same OrderDesk as REST and share the IP's REQUEST_WEIGHT and ORDERS counts.
 */
import type { TemplatedApp, WebSocket } from '../../../runtime/uws.js';
import type { OrderEntry } from './order-desk.js';
import { ORDER_LIMIT_1M, ORDER_LIMIT_10S, type RateLimiter, WEIGHT_LIMIT_1M } from './rate-limiter.js';
import { type RestReply, type RestRequest, VenueError } from './rest-types.js';
import { checkTimestamp, signatureValid } from './signature.js';

export const WS_API_PATH = '/ws-fapi/v1';

interface Session {
  connectedSince: number;
  authorizedSince: number | undefined;
  returnRateLimits: boolean;
}

interface Method {
  weight: number;
  orders: number;
  signed: boolean;
  run(p: URLSearchParams, s: Session, now: number): unknown;
}

export interface WsApiDeps {
  desk: OrderEntry;
  limiter: RateLimiter;
  apiKey: string;
  apiSecret: string;
  now(): number;
  /** Trading requests as received and answered (the `/_sim/state` order log). */
  onRequestDone?(req: RestRequest, reply: RestReply): void;
}

export class WsApi {
  readonly open = new Set<WebSocket<Session>>();
  private readonly methods: Record<string, Method>;

  constructor(private readonly d: WsApiDeps) {
    const sessionInfo = (s: Session, now: number) => ({
      apiKey: s.authorizedSince === undefined ? null : d.apiKey,
      authorizedSince: s.authorizedSince ?? null,
      connectedSince: s.connectedSince,
      returnRateLimits: s.returnRateLimits,
      serverTime: now,
    });
    this.methods = {
      'order.place': { weight: 0, orders: 1, signed: true, run: (p) => d.desk.place(p) },
      'order.modify': { weight: 1, orders: 1, signed: true, run: (p) => d.desk.modify(p) },
      'order.cancel': { weight: 1, orders: 0, signed: true, run: (p) => d.desk.cancel(p) },
      'order.status': { weight: 1, orders: 0, signed: true, run: (p) => d.desk.status(p) },
      'session.logon': {
        weight: 2,
        orders: 0,
        signed: true,
        run: (_p, s, now) => {
          s.authorizedSince = now;
          return sessionInfo(s, now);
        },
      },
      'session.status': { weight: 2, orders: 0, signed: false, run: (_p, s, now) => sessionInfo(s, now) },
      'session.logout': {
        weight: 2,
        orders: 0,
        signed: false,
        run: (_p, s, now) => {
          s.authorizedSince = undefined;
          return sessionInfo(s, now);
        },
      },
    };
  }

  install(app: TemplatedApp): void {
    app.ws<Session>(WS_API_PATH, {
      idleTimeout: 600,
      maxPayloadLength: 64 * 1024,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        const query = new URLSearchParams(req.getQuery() ?? '');
        const session: Session = {
          connectedSince: this.d.now(),
          authorizedSince: undefined,
          returnRateLimits: query.get('returnRateLimits') !== 'false',
        };
        res.upgrade(
          session,
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.open.add(ws);
      },
      message: (ws, message) => {
        ws.send(this.answer(ws.getUserData(), Buffer.from(message).toString('utf8')), false);
      },
      close: (ws) => {
        this.open.delete(ws);
      },
    });
  }

  /** One request frame in, its response frame out. */
  answer(s: Session, text: string): string {
    const now = this.d.now();
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return JSON.stringify({ id: null, status: 400, error: { code: -1102, msg: 'Malformed request: not JSON.' } });
    }
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : null;
    const method = typeof msg.method === 'string' ? this.methods[msg.method] : undefined;
    if (!method)
      return this.reply(
        s,
        id,
        400,
        { error: { code: -1102, msg: `Unknown method ${JSON.stringify(msg.method)}.` } },
        false,
      );
    const verdict = this.d.limiter.admit(now, Math.max(1, method.weight), method.orders);
    if (!verdict.ok)
      return this.reply(s, id, verdict.status, { error: { code: verdict.code, msg: verdict.msg } }, method.orders > 0);
    const params = new URLSearchParams();
    if (msg.params && typeof msg.params === 'object')
      for (const [k, v] of Object.entries(msg.params)) params.set(k, String(v));
    let status = 200;
    let body: Record<string, unknown>;
    try {
      if (method.signed) this.checkSigned(s, params, now, msg.method === 'session.logon');
      body = { result: method.run(params, s, now) };
    } catch (err) {
      if (!(err instanceof VenueError)) throw err;
      status = err.status;
      body = { error: { code: err.venueCode, msg: err.message } };
    }
    const out = this.reply(s, id, status, body, method.orders > 0);
    if ((msg.method as string).startsWith('order.')) {
      this.d.onRequestDone?.(
        {
          method: 'WS',
          path: msg.method as string,
          rawQuery: '',
          rawBody: text,
          params,
          apiKey: params.get('apiKey') ?? undefined,
          receivedAt: now,
        },
        { status, body: JSON.stringify(body.result ?? body.error) },
      );
    }
    return out;
  }

  private checkSigned(s: Session, p: URLSearchParams, now: number, logon: boolean): void {
    const ts = p.get('timestamp');
    if (ts === null || !/^\d+$/.test(ts))
      throw new VenueError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    const signature = p.get('signature');
    if (signature === null && !logon && s.authorizedSince !== undefined) {
      checkTimestamp(Number(ts), p.get('recvWindow'), now);
      return;
    }
    const key = p.get('apiKey');
    if (key === null || key === '')
      throw new VenueError(400, -1102, "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed.");
    if (key !== this.d.apiKey) throw new VenueError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
    if (signature === null || signature === '')
      throw new VenueError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
    const payload = [...p.entries()]
      .filter(([k]) => k !== 'signature')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    if (!signatureValid(payload, signature, this.d.apiSecret))
      throw new VenueError(400, -1022, 'Signature for this request is not valid.');
    checkTimestamp(Number(ts), p.get('recvWindow'), now);
  }

  private reply(s: Session, id: unknown, status: number, body: Record<string, unknown>, orders: boolean): string {
    if (!s.returnRateLimits) return JSON.stringify({ id, status, ...body });
    const l = this.d.limiter;
    const rateLimits: unknown[] = [
      {
        rateLimitType: 'REQUEST_WEIGHT',
        interval: 'MINUTE',
        intervalNum: 1,
        limit: WEIGHT_LIMIT_1M,
        count: l.usedWeight,
      },
    ];
    if (orders) {
      rateLimits.push(
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: ORDER_LIMIT_10S, count: l.orders10s },
        { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: ORDER_LIMIT_1M, count: l.orders1m },
      );
    }
    return JSON.stringify({ id, status, ...body, rateLimits });
  }

  closeAll(): void {
    for (const ws of [...this.open]) ws.close();
  }
}
