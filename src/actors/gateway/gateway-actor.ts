/**
 * The client gateway (docs/contract.md, HTTP endpoints and WS protocol): uWebSockets.js in its own worker thread. HTTP routes live in `http-routes.ts`,
 * `/ws` in `ws-hub.ts`, routing and encode-once pub/sub in `fanout.ts`. Actor output arrives on the `telemetry`,
 * `risk` and `orders` topics and is published by message type. A uWS app in a worker must close its listen
 * socket and every connection before the thread ends, or Node aborts: `stop` does both.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import { errorMessage, TapelineError } from '../../schema/errors.js';
import type { GatewayAccess } from '../../schema/config/config-schema.js';
import { type TemplatedApp, type us_listen_socket, uws } from '../../runtime/uws.js';
import { createPackr, Fanout } from './fanout.js';
import { exposureFailure, exposureWarnings } from './gateway-access.js';
import { registerRoutes } from './http-routes.js';
import type { ServerMessage } from './last-values.js';
import { GatewayMetrics } from './metrics-registry.js';
import { WsHub } from './ws-hub.js';

class GatewayActor implements Actor<Record<string, never>> {
  private app: TemplatedApp | undefined;
  private listenSocket: us_listen_socket | undefined;
  private fanout!: Fanout;
  private hub!: WsHub;
  private metrics!: GatewayMetrics;
  /** The live symbol list, shared with the hub (`hello`) and the routes (`/healthz`); updated in place. */
  private symbols = new Set<string>();

  async start(ctx: ActorContext): Promise<void> {
    const access = ctx.config.gateway;
    // Checked again here (the config resolver checks first) so no way of starting a gateway skips the rule.
    const refusal = exposureFailure(ctx.config.host, access);
    if (refusal) throw new TapelineError(refusal.code, refusal.detail);
    for (const warning of exposureWarnings(ctx.config.host, access)) ctx.log.warn({ host: ctx.config.host }, warning);
    const app = createApp(access);
    this.app = app;
    const packr = createPackr();
    const symbols = this.symbols;
    for (const s of ctx.config.symbols) symbols.add(s);
    this.fanout = new Fanout(app, packr, (s) => this.hub.addSymbol(s));
    this.hub = new WsHub(this.fanout, packr, symbols);
    this.hub.readToken = access?.readToken;
    this.metrics = new GatewayMetrics();
    this.hub.attach(app, '/ws');
    const supervisor = ctx.supervisor;
    registerRoutes(app, {
      supervisor: () => {
        if (!supervisor)
          throw new TapelineError('TL_GATEWAY_NO_SUPERVISOR', 'the gateway runs without a supervisor API');
        return supervisor;
      },
      adminToken: ctx.config.adminToken,
      readToken: access?.readToken,
      secure: access?.tls !== undefined,
      fanout: this.fanout,
      hub: this.hub,
      metrics: this.metrics,
      symbols,
      onKill: (req) => ctx.log.warn({ reason: req.reason, symbol: req.symbol }, 'kill switch engaged over HTTP'),
    });
    this.listenSocket = await new Promise<us_listen_socket>((resolve, reject) => {
      app.listen(ctx.config.host, ctx.config.port, (socket) => {
        if (socket) resolve(socket);
        else
          reject(
            new TapelineError(
              'TL_GATEWAY_LISTEN_FAILED',
              `gateway could not listen on ${ctx.config.host}:${ctx.config.port}; is the port in use? pass --port`,
            ),
          );
      });
    });
    // Any address but the usual loopback names is announced (the access rule itself uses isLoopback: 127/8).
    if (!['127.0.0.1', 'localhost', '::1'].includes(ctx.config.host)) {
      ctx.log.warn({ host: ctx.config.host, tls: access?.tls !== undefined }, 'gateway is exposed beyond loopback');
    }
    const port = uws().us_socket_local_port(this.listenSocket);
    ctx.log.info({ port }, 'gateway listening');
    // The supervisor prints the URLs; with --port 0 only this thread knows the port picked.
    ctx.notifySupervisor({ type: 'listening', host: ctx.config.host, port });
  }

  handle(message: unknown, topic: string): void {
    if (!this.app || (topic !== 'telemetry' && topic !== 'risk' && topic !== 'orders')) return;
    if (typeof message !== 'object' || message === null) return;
    const m = message as ServerMessage;
    const channel = this.fanout.publish(m);
    if (channel === 'orders') this.metrics.orders.inc({ status: String(m.status) });
    else if (m.type === 'signal')
      this.metrics.signals.inc({ accepted: m.accepted === null ? 'pending' : String(m.accepted === true) });
    else if (m.type === 'signal-verdict') this.metrics.verdicts.inc({ accepted: String(m.accepted === true) });
  }

  /** `symbolsChanged`: the supervisor's symbol lifecycle tells the gateway the current list after add/remove. */
  command(name: string, args: Record<string, unknown>): unknown {
    if (name !== 'symbolsChanged' || !Array.isArray(args.symbols)) {
      throw new TapelineError('TL_ADMIN_UNKNOWN_COMMAND', `gateway has no command "${name}" with these arguments`);
    }
    const next = new Set(args.symbols.map(String));
    for (const s of [...this.symbols]) {
      if (next.has(s)) continue;
      this.symbols.delete(s);
      this.fanout.history.forget(s);
    }
    // Through the hub, so open connections join the new symbol (default or `*` subscriptions) before its data.
    for (const s of next) this.hub.addSymbol(s);
    return { symbols: [...this.symbols] };
  }

  status(): Record<string, unknown> {
    if (!this.hub) return {};
    return {
      clients: this.hub.clients(),
      dropped: { ...this.hub.counters.dropped },
      published: { ...this.fanout.counters.published },
      unroutable: this.fanout.counters.unroutable,
    };
  }

  snapshot(): Record<string, never> {
    return {};
  }

  stop(): void {
    if (this.listenSocket) uws().us_listen_socket_close(this.listenSocket);
    this.listenSocket = undefined;
    this.hub?.closeAll();
    // Present at runtime in both bindings, missing from one binding's typings.
    (this.app as unknown as { close?: () => void } | undefined)?.close?.();
    this.app = undefined;
  }
}

/** uWS's SSLApp when TLS files are given (it throws on a bad pair: turned into a coded error), else App. */
function createApp(access: GatewayAccess | undefined): TemplatedApp {
  const binding = uws();
  if (!access?.tls) return binding.App();
  const { certFile, keyFile } = access.tls;
  try {
    return binding.SSLApp({ cert_file_name: certFile, key_file_name: keyFile });
  } catch (err) {
    throw new TapelineError(
      'TL_GATEWAY_TLS_INVALID',
      `could not load the TLS certificate ${certFile} with the key ${keyFile} (${errorMessage(err)}); ` +
        'check both are PEM files and that the key belongs to the certificate',
    );
  }
}

export function createActor(): Actor {
  return new GatewayActor();
}
