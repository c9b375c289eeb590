/**
 * The client gateway: uWebSockets.js in its own thread. Today it serves `/healthz`, `/api/schema`, `/api/status` (from
 * the supervisor over comlink) and `/ws` with the `hello` message, and fans each symbol's telemetry out as pub/sub
 * topics so one encode serves every subscriber. The full client contract (DESIGN A3) lands with issue 5.
 * A uWS app in a worker must close its listen socket and connections before the thread ends, or Node aborts.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { errorMessage } from '../../runtime/errors.js';
import { CHANNELS, type Hello, SCHEMA_VERSION } from '../../schema/client-messages.js';
import { schemaDocument } from '../../schema/schema-document.js';
import { type HttpResponse, type TemplatedApp, type us_listen_socket, type WebSocket, uws } from '../../runtime/uws.js';

interface Client {
  id: number;
}

class GatewayActor implements Actor<Record<string, never>> {
  private ctx!: ActorContext;
  private app: TemplatedApp | undefined;
  private listenSocket: us_listen_socket | undefined;
  private readonly sockets = new Set<WebSocket<Client>>();
  private nextId = 1;
  private published = 0;

  async start(ctx: ActorContext): Promise<void> {
    this.ctx = ctx;
    const binding = uws();
    const app = binding.App();
    this.app = app;
    app.get('/healthz', (res) => this.healthz(res));
    app.get('/api/status', (res) => this.apiStatus(res));
    const schema = JSON.stringify(schemaDocument());
    app.get('/api/schema', (res) => {
      res.writeHeader('content-type', 'application/schema+json').end(schema);
    });
    app.ws<Client>('/ws', {
      maxPayloadLength: 64 * 1024,
      maxBackpressure: 1024 * 1024,
      idleTimeout: 120,
      upgrade: (res, req, context) => {
        res.upgrade(
          { id: this.nextId++ },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.sockets.add(ws);
        ws.subscribe('telemetry');
        const hello: Hello = { type: 'hello', schemaVersion: SCHEMA_VERSION, symbols: ctx.config.symbols, channels: [...CHANNELS] };
        ws.send(JSON.stringify(hello));
      },
      close: (ws) => {
        this.sockets.delete(ws);
      },
    });
    app.any('/*', (res) => {
      res.writeStatus('404 Not Found').end('not found\n');
    });
    this.listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
      app.listen(ctx.config.host, ctx.config.port, (socket) => {
        if (socket) resolve(socket);
        else reject(new Error(`gateway could not listen on ${ctx.config.host}:${ctx.config.port}; is the port in use? pass --port`));
      });
    });
    if (ctx.config.host !== '127.0.0.1' && ctx.config.host !== 'localhost' && ctx.config.host !== '::1') {
      ctx.log.warn({ host: ctx.config.host }, 'gateway is exposed beyond loopback');
    }
    const port = binding.us_socket_local_port(this.listenSocket);
    ctx.log.info({ port }, 'gateway listening');
    // The supervisor prints the URLs; with --port 0 only this thread knows the port picked.
    ctx.notifySupervisor({ type: 'listening', host: ctx.config.host, port });
  }

  private healthz(res: HttpResponse): void {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    void this.ctx.supervisor!.status().then(
      (status) => {
        if (aborted) return;
        res.cork(() => {
          if (status.gates.ready) res.writeStatus('200 OK').end('ok\n');
          else res.writeStatus('503 Service Unavailable').end('not ready\n');
        });
      },
      (err) => {
        if (!aborted) res.cork(() => res.writeStatus('503 Service Unavailable').end(`${errorMessage(err)}\n`));
      },
    );
  }

  private apiStatus(res: HttpResponse): void {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    void this.ctx.supervisor!.status().then(
      (status) => {
        if (!aborted) res.cork(() => res.writeHeader('content-type', 'application/json').end(JSON.stringify(status)));
      },
      (err) => {
        if (!aborted) res.cork(() => res.writeStatus('500 Internal Server Error').end(JSON.stringify({ error: errorMessage(err) })));
      },
    );
  }

  handle(message: unknown, topic: string): void {
    if (!this.app) return;
    if (topic === 'telemetry' || topic === 'risk' || topic === 'orders') {
      this.app.publish('telemetry', JSON.stringify(message));
      this.published++;
    }
  }

  status(): Record<string, unknown> {
    return { clients: this.sockets.size, published: this.published };
  }

  snapshot(): Record<string, never> {
    return {};
  }

  stop(): void {
    if (this.listenSocket) uws().us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    for (const ws of [...this.sockets]) ws.end(1001, 'server shutting down');
    this.sockets.clear();
    // Present at runtime in both bindings, missing from one binding's typings.
    (this.app as unknown as { close?: () => void } | undefined)?.close?.();
    this.app = undefined;
  }
}

export function createActor(): Actor {
  return new GatewayActor();
}
