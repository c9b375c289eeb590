/**
 * The gateway's HTTP surface (docs/contract.md, HTTP endpoints and WS protocol): `/healthz` (200 once every symbol actor runs and its latest `metrics`
 * says ready, else 503 naming the symbols that are not), `/api/status` and `/metrics` (from the supervisor over
 * comlink), `/api/schema`, `POST /api/kill-switch`, the dashboard's static files, and 404 for the rest.
 */
import type { Remote } from '../../runtime/control/comlink.js';
import type { ActorInfo, SupervisorApi } from '../../schema/supervisor-api.js';
import type { TemplatedApp } from '../../runtime/uws.js';
import { schemaDocument } from '../../schema/schema-document.js';
import { loadDashboardFiles } from './dashboard-files.js';
import type { Fanout } from './fanout.js';
import { errorReply, json, replyAsync, write } from './http-reply.js';
import { type KillRequest, killSwitchRoute } from './kill-switch-route.js';
import type { GatewayMetrics } from './metrics-registry.js';
import type { WsHub } from './ws-hub.js';

export interface RouteDeps {
  supervisor: () => Remote<SupervisorApi>;
  adminToken: string | undefined;
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

export function registerRoutes(app: TemplatedApp, deps: RouteDeps): void {
  const schema = JSON.stringify(schemaDocument());
  app.get('/healthz', (res) =>
    replyAsync(res, async () => {
      const waiting = notReadySymbols(deps.symbols, await deps.supervisor().actors(), deps.fanout);
      if (waiting.length === 0) return { status: 200, body: 'ok\n', contentType: 'text/plain; charset=utf-8' };
      return { status: 503, body: `not ready: ${waiting.join(' ')}\n`, contentType: 'text/plain; charset=utf-8' };
    }),
  );
  app.get('/api/status', (res) => replyAsync(res, async () => json(200, await deps.supervisor().status())));
  app.get('/api/schema', (res) => write(res, { status: 200, body: schema, contentType: 'application/schema+json' }));
  app.get('/metrics', (res) =>
    replyAsync(res, async () => {
      const status = await deps.supervisor().status();
      const body = await deps.metrics.render(status, deps.hub, deps.fanout, deps.symbols);
      return { status: 200, body, contentType: deps.metrics.registry.contentType };
    }),
  );
  app.post('/api/kill-switch', killSwitchRoute(deps.supervisor, deps.adminToken, deps.onKill));
  app.any('/api/kill-switch', (res) => write(res, errorReply(405, 'TL_HTTP_METHOD', 'use POST')));

  const files = loadDashboardFiles();
  for (const [path, file] of files) {
    app.get(path, (res) => {
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
    });
  }
  app.any('/*', (res) => write(res, errorReply(404, 'TL_HTTP_NOT_FOUND', 'not found')));
}
