/**
 * The venue clients an execution engine trades through, built from its API key pair and parameters and wired to
 * the engine's callbacks: signed REST, the WebSocket API and order entry (WS API while up, else REST), clock and
 * filters, reconciliation, the user stream, the dead-man switch and the order sender. Without a key pair there is
 * no session and the engine's keys gate stays closed.
 */
import type { Logger } from 'pino';
import type { SymbolFilters } from '../../schema/order-messages.js';
import { OrderEntry } from '../../venues/binance/order-entry.js';
import { SignedRest } from '../../venues/binance/signed-rest.js';
import { UserStream } from '../../venues/binance/user-stream.js';
import { WsApiClient, wsApiUrlFor } from '../../venues/binance/ws-api-client.js';
import type { AlgoOrders } from './algo-orders.js';
import { ClockAndFilters } from './clock-and-filters.js';
import { DeadManSwitch } from './dead-man-switch.js';
import type { GateBlock } from './execution-gate.js';
import type { ExecutionJournal } from './execution-journal.js';
import type { ExecutionParams } from './execution-params.js';
import type { OrderCore } from './order-core.js';
import { OrderSender } from './order-sender.js';
import type { TrackedOrder } from './order-tracker.js';
import { ReconcileLoop } from './reconcile-loop.js';

export interface VenueSessionConfig {
  rest: string;
  ws: string;
  wsApi?: string;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  /** The symbols traded now; changed in place by the engine. */
  symbols: string[];
  params: ExecutionParams;
  log: Logger;
}

/** The engine's side, called by the session's parts. */
export interface VenueSessionHooks {
  core: OrderCore;
  algos: AlgoOrders;
  journal: ExecutionJournal;
  /** The parameters in force now (a live change replaces them). */
  params(): ExecutionParams;
  gate(symbol: string): GateBlock | undefined;
  orderChanged(o: TrackedOrder): void;
  userEvent(event: Record<string, unknown>): void;
  reconcileNow(why: string): void;
  sendStatus(): void;
  sendFilters(f: SymbolFilters): void;
  /** Symbols whose dead-man countdown is kept armed. */
  coveredSymbols(): string[];
}

export interface VenueSession {
  rest: SignedRest;
  wsApi: WsApiClient;
  entry: OrderEntry;
  reference: ClockAndFilters;
  reconciler: ReconcileLoop;
  stream: UserStream;
  deadMan: DeadManSwitch;
  sender: OrderSender;
}

export function openVenueSession(c: VenueSessionConfig, h: VenueSessionHooks): VenueSession | undefined {
  if (!c.apiKey || !c.apiSecret) return undefined;
  const { log, params } = c;
  const rest = new SignedRest({
    rest: c.rest,
    apiKey: c.apiKey,
    apiSecret: c.apiSecret,
    timeoutMs: params.requestTimeoutMs,
    recvWindowMs: params.recvWindowMs,
  });
  const reference = new ClockAndFilters({
    rest,
    symbols: c.symbols,
    sendFilters: (f) => h.sendFilters(f),
    clockChanged: () => h.sendStatus(),
    log,
  });
  const wsApi = new WsApiClient({
    url: c.wsApi ?? wsApiUrlFor(c.ws),
    apiKey: c.apiKey,
    apiSecret: c.apiSecret,
    limiter: rest.limiter,
    clockOffsetMs: () => rest.clockOffsetMs,
    timeoutMs: params.requestTimeoutMs,
    recvWindowMs: params.recvWindowMs,
    log,
  });
  const entry = new OrderEntry(rest, wsApi);
  entry.wsApiEnabled = params.orderTransport === 'ws-api';
  const reconciler = new ReconcileLoop({
    rest,
    tracker: h.core.tracker,
    positions: h.core.positions,
    algos: h.algos,
    journal: h.journal,
    symbols: c.symbols,
    log,
    changed: (o) => h.orderChanged(o),
    statusChanged: () => h.sendStatus(),
  });
  const stream = new UserStream({
    rest,
    wsBase: c.ws,
    keepAliveMs: params.listenKeyKeepAliveMs,
    onEvent: (e) => h.userEvent(e),
    onLive: () => h.reconcileNow('user stream (re)connected'),
    onDown: (why) => {
      reconciler.markStale();
      log.warn({ why }, 'user stream down: orders held until it is back and reconciled');
      h.sendStatus();
    },
  });
  const deadMan = new DeadManSwitch(
    rest,
    () => h.coveredSymbols(),
    params.deadManIntervalMs,
    params.deadManCountdownMs,
    (m) => log.warn(m),
  );
  const sender = new OrderSender({
    rest,
    entry,
    stpMode: () => h.params().selfTradePreventionMode,
    journal: h.journal,
    core: h.core,
    log,
    gate: (s) => h.gate(s),
    changed: (o) => h.orderChanged(o),
    onUnknown: () => h.reconcileNow('an order outcome is UNKNOWN'),
    onClockSkew: () => void reference.syncClock(),
  });
  return { rest, wsApi, entry, reference, reconciler, stream, deadMan, sender };
}
