/**
 * The HTTP side of the one uWS port: reads the raw query and body, dispatches to the REST tables by
 * "METHOD /path", counts weight, applies the REST faults (forced 429/418, delay) and writes the venue's headers
 * (`X-MBX-USED-WEIGHT-1M` always, order counts on order requests only, `Retry-After`). Unknown paths and
 * methods get the venue's JSON -5000, never a page. `/_sim/` is exempt from limits and faults.
 */
import type { HttpResponse, TemplatedApp } from '../../../runtime/uws.js';
import type { RateLimiter } from './rate-limiter.js';
import { type RestHandler, type RestReply, type RestRequest, VenueError } from './rest-types.js';

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  418: "418 I'm a teapot",
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  502: '502 Bad Gateway',
  503: '503 Service Unavailable',
  504: '504 Gateway Timeout',
};

export interface RestFaults {
  /** Forced 429 replies still to give. */
  http429: number;
  /** Forced 418 replies still to give, and the Retry-After they carry. */
  http418: number;
  retryAfterSec: number;
  /** Forced 5xx replies still to give (on `path` only, when set); `executed`: the request runs first. */
  http5xx: { count: number; status: number; executed: boolean; path: string | undefined };
  /** Extra latency per reply (ms) and for how many more replies (-1 = until cleared). */
  delayMs: number;
  delayCount: number;
}

export interface HttpDeps {
  routes: Map<string, RestHandler>;
  limiter: RateLimiter;
  faults: RestFaults;
  /** Venue time for limit windows. */
  now(): number;
  /** Pending delayed replies, cleared on close. */
  timers: Set<NodeJS.Timeout>;
  onRequestDone?(req: RestRequest, reply: RestReply): void;
}

/** Requests that count against the ORDERS limits and carry the X-MBX-ORDER-COUNT-* headers. */
const ORDER_REQUESTS = new Set([
  'POST /fapi/v1/order',
  'PUT /fapi/v1/order',
  'POST /fapi/v1/batchOrders',
  'PUT /fapi/v1/batchOrders',
  'POST /fapi/v1/algoOrder',
]);

export function isOrderRequest(method: string, path: string): boolean {
  return ORDER_REQUESTS.has(`${method} ${path}`);
}

export function installHttp(app: TemplatedApp, deps: HttpDeps): void {
  app.any('/*', (res, req) => {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const rawQuery = req.getQuery() ?? '';
    const apiKeyHeader = req.getHeader('x-mbx-apikey');
    const apiKey = apiKeyHeader === '' ? undefined : apiKeyHeader;
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    let body = '';
    const dispatch = (): void => {
      if (aborted) return;
      const params = new URLSearchParams(rawQuery);
      if (body.length > 0) for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
      const request: RestRequest = { method, path, rawQuery, rawBody: body, params, apiKey, receivedAt: deps.now() };
      const reply = handle(deps, request);
      const orderRequest = isOrderRequest(method, path);
      deps.onRequestDone?.(request, reply);
      const f = deps.faults;
      if (f.delayMs > 0 && f.delayCount !== 0 && !path.startsWith('/_sim/')) {
        if (f.delayCount > 0) f.delayCount--;
        const timer = setTimeout(() => {
          deps.timers.delete(timer);
          write(res, reply, () => aborted, deps, orderRequest);
        }, f.delayMs);
        deps.timers.add(timer);
        return;
      }
      write(res, reply, () => aborted, deps, orderRequest);
    };
    if (method === 'GET' || method === 'HEAD') {
      dispatch();
      return;
    }
    const chunks: Buffer[] = [];
    res.onData((chunk, last) => {
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!last) return;
      body = Buffer.concat(chunks).toString('utf8');
      dispatch();
    });
  });
}

function handle(deps: HttpDeps, req: RestRequest): RestReply {
  const handler = deps.routes.get(`${req.method} ${req.path}`);
  const simPath = req.path.startsWith('/_sim/');
  if (!simPath) {
    const f = deps.faults;
    if (f.http418 > 0) {
      f.http418--;
      return limited(
        418,
        -1003,
        `Way too many requests; IP(127.0.0.1) banned until ${req.receivedAt + f.retryAfterSec * 1000}. Please use the websocket for live updates to avoid bans.`,
        f.retryAfterSec,
      );
    }
    if (f.http429 > 0) {
      f.http429--;
      return limited(
        429,
        -1003,
        'Too many requests; current limit is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.',
        f.retryAfterSec,
      );
    }
  }
  const f5 = deps.faults.http5xx;
  const serverError = !simPath && f5.count > 0 && (f5.path === undefined || f5.path === req.path);
  if (serverError) {
    f5.count--;
    if (!f5.executed || !handler) return unavailable(f5.status);
  }
  if (!handler) {
    // The venue's JSON answer for a path it does not serve, and for a method a path does not take.
    const known = [...deps.routes.keys()].some((k) => k.endsWith(` ${req.path}`));
    return new VenueError(known ? 405 : 404, -5000, `Path ${req.path}, Method ${req.method} is invalid`).reply();
  }
  if (!simPath) {
    // Admitted before it runs (an order over the limit must not execute); the rest of its weight is
    // counted once the handler knows it (depth and klines weigh by limit).
    const verdict = deps.limiter.admit(req.receivedAt, 1, isOrderRequest(req.method, req.path) ? 1 : 0);
    if (!verdict.ok) return limited(verdict.status, verdict.code, verdict.msg, verdict.retryAfterSec);
  }
  let reply: RestReply;
  try {
    reply = handler(req);
  } catch (err) {
    if (!(err instanceof VenueError)) throw err;
    reply = err.reply();
  }
  if (!simPath) {
    deps.limiter.usedWeight += Math.max(0, (reply.weight ?? 1) - 1);
    // A batch counts each of its orders (one was counted on admission).
    if ((reply.orders ?? 0) > 1) deps.limiter.countOrders((reply.orders as number) - 1);
  }
  // Ran, but the client never learns how: the venue's "execution status unknown".
  return serverError ? unavailable(f5.status) : reply;
}

function unavailable(status: number): RestReply {
  const body =
    status === 503
      ? {
          code: -1007,
          msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        }
      : { code: -1000, msg: 'An unknown error occurred while processing the request.' };
  return { status, body: JSON.stringify(body), weight: 1 };
}

function limited(status: 429 | 418, code: number, msg: string, retryAfterSec: number): RestReply {
  return { status, body: JSON.stringify({ code, msg }), weight: 0, headers: [['Retry-After', String(retryAfterSec)]] };
}

function write(
  res: HttpResponse,
  reply: RestReply,
  aborted: () => boolean,
  deps: HttpDeps,
  orderRequest: boolean,
): void {
  if (aborted()) return;
  res.cork(() => {
    res.writeStatus(STATUS_TEXT[reply.status] ?? `${reply.status} Error`);
    let contentType = 'application/json';
    for (const [k, v] of reply.headers ?? []) {
      if (k === 'Content-Type') contentType = v;
      else res.writeHeader(k, v);
    }
    res.writeHeader('Content-Type', contentType);
    res.writeHeader('X-MBX-USED-WEIGHT-1M', String(deps.limiter.usedWeight));
    if (orderRequest) {
      res.writeHeader('X-MBX-ORDER-COUNT-10S', String(deps.limiter.orders10s));
      res.writeHeader('X-MBX-ORDER-COUNT-1M', String(deps.limiter.orders1m));
    }
    res.end(reply.body);
  });
}
