/**
 * The gateway's HTTP surface (docs/contract.md, HTTP endpoints and WS protocol): `/healthz` (200 once every symbol actor runs and its latest `metrics`
 * says ready, else 503 naming the symbols that are not), `/api/status` and `/metrics` (from the supervisor over
 * comlink), `/api/schema`, `POST /api/kill-switch`, the dashboard's static files, and 404 for the rest. With a
 * read token configured (gateway-access.ts) every route but `/healthz`, the kill switch (its own admin token)
 * and the 404 answers 401 without it; `GET /?token=` is how a browser gets the token cookie.
 */
import type { Remote } from '../../runtime/control/comlink.js';
import type { ActorInfo, SupervisorApi } from '../../schema/supervisor-api.js';
import type { HttpRequest, HttpResponse, TemplatedApp } from '../../runtime/uws.js';
import { schemaDocument } from '../../schema/schema-document.js';
import { loadDashboardFiles } from './dashboard-files.js';
import type { Fanout } from './fanout.js';
import { mayRead, tokenCookie } from './gateway-access.js';
import { tokenMatches } from './kill-switch-auth.js';
import { errorReply, json, replyAsync, write } from './http-reply.js';
import { type KillRequest, killSwitchRoute } from './kill-switch-route.js';
import type { GatewayMetrics } from './metrics-registry.js';
import type { WsHub } from './ws-hub.js';

export interface RouteDeps {
  supervisor: () => Remote<SupervisorApi>;
  adminToken: string | undefined;
  /** When set, every route but /healthz and the kill switch needs it (gateway-access.ts). */
  readToken: string | undefined;
  /** Served over TLS: the token cookie is marked Secure. */
  secure: boolean;
  fanout: Fanout;
  hub: WsHub;
  metrics: GatewayMetrics;
  symbols: ReadonlySet<string>;
  onKill: (req: KillRequest) => void;
}

/** Symbols that are not ready: actor not running, or no `metrics` message yet, or its `ready` flag is false. */
export function notReadySymbols(symbols: Iterable<string>, actors: ActorInfo[], fanout: Fanout): string[] {
  const running = new Set(actors.filter((a) => a.kind === 'symbol' && a.state === 'running').map((a) => a.name));
  const out: string[] = [];
  for (const s of symbols) {
    const m = fanout.lastValues.metrics(s) as { ready?: boolean } | undefined;
    if (!running.has(`symbol/${s}`) || m?.ready !== true) out.push(s);
  }
  return out;
}

type Handler = (res: HttpResponse, req: HttpRequest) => void;

const UNAUTHORIZED =
  'this gateway needs its read token: send Authorization: Bearer <token>, or open /?token=<token> in a browser';

export function registerRoutes(app: TemplatedApp, deps: RouteDeps): void {
  const schema = JSON.stringify(schemaDocument());
  // Headers are read synchronously: the request object is only valid during the handler call.
  const guard =
    (handler: Handler): Handler =>
    (res, req) => {
      const headers = { authorization: req.getHeader('authorization'), cookie: req.getHeader('cookie'), protocols: '' };
      if (mayRead(headers, deps.readToken)) handler(res, req);
      else write(res, errorReply(401, 'TL_GATEWAY_UNAUTHORIZED', UNAUTHORIZED, { 'www-authenticate': 'Bearer' }));
    };
  app.get('/healthz', (res) =>
    replyAsync(res, async () => {
      const waiting = notReadySymbols(deps.symbols, await deps.supervisor().actors(), deps.fanout);
      if (waiting.length === 0) return { status: 200, body: 'ok\n', contentType: 'text/plain; charset=utf-8' };
      return { status: 503, body: `not ready: ${waiting.join(' ')}\n`, contentType: 'text/plain; charset=utf-8' };
    }),
  );
  app.get(
    '/api/status',
    guard((res) => replyAsync(res, async () => json(200, await deps.supervisor().status()))),
  );
  app.get(
    '/api/schema',
    guard((res) => write(res, { status: 200, body: schema, contentType: 'application/schema+json' })),
  );
  app.get(
    '/metrics',
    guard((res) =>
      replyAsync(res, async () => {
        const status = await deps.supervisor().status();
        const body = await deps.metrics.render(status, deps.hub, deps.fanout, deps.symbols);
        return { status: 200, body, contentType: deps.metrics.registry.contentType };
      }),
    ),
  );
  app.post('/api/kill-switch', killSwitchRoute(deps.supervisor, deps.adminToken, deps.onKill));
  app.any('/api/kill-switch', (res) => write(res, errorReply(405, 'TL_HTTP_METHOD', 'use POST')));

  const files = loadDashboardFiles();
  for (const [path, file] of files) {
    const serve: Handler = (res) => {
      res.cork(() => {
        res.writeHeader('content-type', file.contentType);
        res.writeHeader('cache-control', 'no-cache');
        res.writeHeader('x-content-type-options', 'nosniff');
        if (file.contentType.startsWith('text/html'))
          res.writeHeader(
            'content-security-policy',
            "default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'",
          );
        res.end(file.body);
      });
    };
    app.get(path, path === '/' ? tokenLanding(deps, guard(serve)) : guard(serve));
  }
  app.any('/*', (res) => write(res, errorReply(404, 'TL_HTTP_NOT_FOUND', 'not found')));
}

/**
 * `GET /?token=…`: a browser's way in. A good token sets the HttpOnly cookie and redirects to `/` (the token
 * leaves the address bar and history); a wrong one is a 401. Without `token`, the guarded page.
 */
function tokenLanding(deps: RouteDeps, page: Handler): Handler {
  return (res, req) => {
    const presented = req.getQuery('token');
    if (!presented || !deps.readToken) {
      page(res, req);
      return;
    }
    if (!tokenMatches(presented, deps.readToken)) {
      write(res, errorReply(401, 'TL_GATEWAY_UNAUTHORIZED', 'wrong read token in /?token='));
      return;
    }
    res.cork(() => {
      res.writeStatus('303 See Other');
      res.writeHeader('location', '/');
      res.writeHeader('set-cookie', tokenCookie(presented, deps.secure));
      res.writeHeader('cache-control', 'no-store');
      res.end();
    });
  };
}
