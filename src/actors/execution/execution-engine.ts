/**
 * Execution's venue session, independent of the worker so tests drive it in-process against the simulated venue:
 * clock, filters, user stream, WS API / REST order entry, reconciliation (reconcile-loop.ts), dead-man switch
 * (the clients, built in execution-venue-session.ts; clock and filters in clock-and-filters.ts)
 * and the I/O around the pure order core (order-core.ts: admission, grid, state machine, TTL, cancel-on-kill),
 * whose journal records it writes.
 * Invariants: an order leaves only while execution's own gate holds (EXECUTION_ENABLED, keys, armed, clock
 * synced, user stream live, reconciled, one-way account, no UNKNOWN outcome, no back-off) — risk's gates are checked twice;
 * every attempt is fsynced to executions.jsonl first under a clientOrderId derived from the decision, and a
 * clientOrderId found there is never sent again; an UNKNOWN outcome is reconciled, never resent.
 */
import type { Logger } from 'pino';
import { errorMessage } from '../../schema/errors.js';
import type { OrderMessage } from '../../schema/client-messages.js';
import type { CancelAllCommand, KillSwitchEvent } from '../../schema/internal-messages.js';
import type { ApprovedOrder, ExecutionStatus, ExecutionToRisk, SymbolFilters } from '../../schema/order-messages.js';
import { AlgoOrders } from './algo-orders.js';
import type { ClockAndFilters } from './clock-and-filters.js';
import { type DeadManSwitch, followClusterLink } from './dead-man-switch.js';
import { checkExecutionGate, type GateBlock } from './execution-gate.js';
import { closedRecord, ExecutionJournal, fillRecord } from './execution-journal.js';
import type { ExecutionParams } from './execution-params.js';
import { OrderCore } from './order-core.js';
import type { OrderSender } from './order-sender.js';
import { duplicateUpdateFor, orderMessageFor, orderUpdateFor } from './order-reports.js';
import { isTerminal, type OrderTracker, type TrackedOrder } from './order-tracker.js';
import type { ReconcileLoop } from './reconcile-loop.js';
import { openVenueSession } from './execution-venue-session.js';
import type { OrderEntry } from '../../venues/binance/order-entry.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';
import type { UserStream } from '../../venues/binance/user-stream.js';
import type { WsApiClient } from '../../venues/binance/ws-api-client.js';

export interface EngineDeps {
  rest: string;
  ws: string;
  /** The WebSocket API URL; default derived from `ws` (wsApiUrlFor). */
  wsApi?: string;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  dataDir: string;
  symbols: string[];
  executionEnabled: boolean;
  params: ExecutionParams;
  /** `execution-reports` → risk, `orders` → gateway. */
  send(topic: 'execution-reports' | 'orders', message: ExecutionToRisk | OrderMessage): void;
  log: Logger;
  /** On a cluster node: whether this node holds the risk lease now (the execution fence); absent = always. */
  riskLeader?: (() => boolean) | undefined;
}

const HOUSEKEEPING_MS = 250;
const SETTLED = Promise.resolve();
const noop = (): void => {};
/** Without an API key pair nothing is loaded from the venue: no filters, and the keys gate stays closed. */
const NO_FILTERS: ReadonlyMap<string, SymbolFilters> = new Map();

export class ExecutionEngine {
  readonly core = new OrderCore();
  readonly tracker: OrderTracker = this.core.tracker;
  readonly positions: Map<string, number> = this.core.positions;
  readonly journal: ExecutionJournal;
  readonly rest: SignedRest | undefined;
  readonly stream: UserStream | undefined;
  readonly deadMan: DeadManSwitch | undefined;
  /** Cluster: the node's NATS link (status `clusterLink`); always true on one process. */
  clusterLinkUp = true;
  readonly sender: OrderSender | undefined;
  /** Orders, cancels and modifies: WS API while it is up, else REST (order-entry.ts). */
  readonly entry: OrderEntry | undefined;
  readonly wsApi: WsApiClient | undefined;
  readonly algos = new AlgoOrders();
  readonly reconciler: ReconcileLoop | undefined;
  /** The venue's clock offset and symbol filters (clock-and-filters.ts); absent without keys. */
  readonly reference: ClockAndFilters | undefined;
  private housekeeping: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly d: EngineDeps) {
    this.journal = new ExecutionJournal(d.dataDir, {
      onReplicaError: (err) => this.replicaError(err),
    });
    const session = openVenueSession(d, {
      core: this.core,
      algos: this.algos,
      journal: this.journal,
      params: () => this.d.params,
      gate: (s) => this.gate(s),
      orderChanged: (o) => this.orderChanged(o),
      userEvent: (e) => this.onUserEvent(e),
      reconcileNow: (why) => this.reconcileNow(why),
      sendStatus: () => this.sendStatus(),
      sendFilters: (f) => d.send('execution-reports', f),
      coveredSymbols: () => this.coveredSymbols(),
    });
    this.rest = session?.rest;
    this.wsApi = session?.wsApi;
    this.entry = session?.entry;
    this.reference = session?.reference;
    this.reconciler = session?.reconciler;
    this.stream = session?.stream;
    this.deadMan = session?.deadMan;
    this.sender = session?.sender;
  }

  /** Each symbol's exchangeInfo filters, once loaded. */
  get filters(): ReadonlyMap<string, SymbolFilters> {
    return this.reference?.filters ?? NO_FILTERS;
  }

  get params(): ExecutionParams {
    return this.d.params;
  }

  /** Live parameter change (`config set execution.*`): applied to the REST client, dead-man switch and user stream. */
  applyParams(params: ExecutionParams): void {
    this.d.params = params;
    this.rest?.setTiming({ timeoutMs: params.requestTimeoutMs, recvWindowMs: params.recvWindowMs });
    this.wsApi?.setTiming({ timeoutMs: params.requestTimeoutMs, recvWindowMs: params.recvWindowMs });
    if (this.entry) this.entry.wsApiEnabled = params.orderTransport === 'ws-api';
    if (this.entry?.wsApiEnabled && this.housekeeping && !this.stopped) this.wsApi?.start();
    this.deadMan?.retime(params.deadManIntervalMs, params.deadManCountdownMs);
    this.stream?.setKeepAlive(params.listenKeyKeepAliveMs);
  }

  /** The parameters in force, read back from the parts that use them (what a live change is checked against). */
  paramsInForce(): Record<string, number> {
    return {
      ...(this.rest ? this.rest.timing : {}),
      ...(this.deadMan ? this.deadMan.timing : {}),
    };
  }

  async start(): Promise<void> {
    this.housekeeping = setInterval(() => this.tick(), HOUSEKEEPING_MS);
    if (!this.rest) {
      this.d.log.warn('no API key pair: execution stays closed (keys gate)');
      this.sendStatus();
      return;
    }
    await this.reference?.syncClock();
    await this.reference?.loadFilters();
    if (this.entry?.wsApiEnabled) this.wsApi?.start();
    this.stream?.start();
  }

  /** Reconciled with the venue since the last event that could have hidden a change. */
  get reconciled(): boolean {
    return this.reconciler?.reconciled ?? false;
  }

  /** What risk sends on `approved`: orders, cancel-alls and kill-switch changes, in order. */
  onMessage(message: unknown): void {
    const m = message as { type?: string };
    if (m.type === 'approved-order') void this.submit(message as ApprovedOrder);
    else if (m.type === 'cancel-all') void this.cancelAll(message as CancelAllCommand);
    else if (m.type === 'kill-switch') this.onKillSwitch(message as KillSwitchEvent);
  }

  get armed(): boolean {
    return this.core.armed;
  }

  /** Execution's own gate for `symbol` as data (execution-gate.ts): undefined when an order may leave now. */
  gate(symbol: string): GateBlock | undefined {
    return checkExecutionGate({
      executionEnabled: this.d.executionEnabled,
      keys: this.rest !== undefined && this.sender !== undefined,
      hedgeMode: this.reconciler?.hedgeMode !== undefined,
      armed: this.core.armedFor(symbol),
      riskLeader: this.d.riskLeader?.() ?? true,
      clockSynced: this.rest?.clockSynced ?? false,
      userStreamLive: this.stream?.live ?? false,
      reconciled: this.reconciled,
      outcomeUnknown: this.tracker.hasUnknown(),
      backoffMs: this.sender?.backoffMs() ?? 0,
    });
  }

  /**
   * An approved order, from the ring or from the cluster's approval stream (approval-intake.ts). Resolves once its
   * fate is durable — attempt or refusal held by the journal, or dropped — so the stream acks only then.
   */
  submit(a: ApprovedOrder): Promise<void> {
    const attempted = (id: string) => this.journal.attempted(id);
    const admission = this.core.admit(a, this.filters.get(a.symbol), this.gate(a.symbol), attempted, Date.now());
    switch (admission.outcome) {
      case 'duplicate': {
        // A decision seen again (restart, replayed mailbox): the earlier attempt stands, whatever it became.
        this.journal.write(admission.record);
        const { clientOrderId } = admission;
        this.d.log.warn(
          { clientOrderId, decisionId: a.decisionId },
          'TL_EXEC_DUPLICATE_DECISION: already attempted, not sent again',
        );
        this.d.send('execution-reports', duplicateUpdateFor(a, clientOrderId, this.tracker, Date.now()));
        return SETTLED;
      }
      case 'refused': {
        const held = this.journal.writeAhead(admission.record);
        this.orderChanged(admission.order);
        return held ? held.then(noop, (err: unknown) => this.replicaError(err)) : SETTLED;
      }
      case 'queued': {
        const sender = this.sender;
        if (!sender) return SETTLED;
        return new Promise((settled) => sender.enqueue(admission.order, admission.request, settled));
      }
    }
  }

  private replicaError(err: unknown): void {
    this.d.log.error({ err: errorMessage(err) }, 'replicated journal did not take a record');
  }

  /**
   * Cluster: this host lost NATS (it can no longer hear a kill or a new risk leader) → stop refreshing the venue's
   * dead-man countdown, so the venue cancels our orders if the cut outlasts it; NATS back → refresh again if armed.
   * The gate is closed meanwhile by the actor's `riskLeader` callback.
   */
  setClusterLink(up: boolean): void {
    if (up === this.clusterLinkUp) return;
    this.clusterLinkUp = up;
    followClusterLink(this.deadMan, up, this.armed, this.d.log);
  }

  private onKillSwitch(e: KillSwitchEvent): void {
    this.core.onKillSwitch(e);
    if (e.symbol) return;
    // Cut off from NATS the countdown stays unrefreshed, armed or not (setClusterLink).
    if (this.armed && this.clusterLinkUp) this.deadMan?.start();
    else this.deadMan?.stop();
    this.d.log.warn({ engaged: e.engaged, reason: e.reason }, 'kill switch changed');
  }

  /** Cancel-all for every symbol with live orders (or the one named); queued orders are dropped first. */
  async cancelAll(cmd: CancelAllCommand): Promise<void> {
    this.sender?.dropQueued(cmd.symbol, `cancelled before sending: ${cmd.reason}`);
    const plain = this.core.cancelAllTargets(cmd, this.reconciled, this.d.symbols);
    const symbols = cmd.symbol ? plain : [...new Set([...plain, ...this.algos.symbols()])];
    if (!this.sender) return;
    await Promise.all(symbols.map((s) => this.sender!.cancelAll(s, cmd.reason)));
  }

  private onUserEvent(event: Record<string, unknown>): void {
    if (event.e === 'ALGO_UPDATE') {
      if (this.algos.onEvent(event)) this.d.log.info({ open: this.algos.count }, 'conditional (algo) orders changed');
      return;
    }
    const now = Date.now();
    const out = this.core.onUserEvent(event, now);
    if (out.record) this.journal.write(out.record);
    if (out.fill) {
      // Journaled before risk hears of it: compare-live reads fills from executions.jsonl.
      this.journal.write(fillRecord(out.fill, event, now));
      this.d.send('execution-reports', out.fill);
    }
    if (out.order && out.changed) this.orderChanged(out.order);
  }

  /** Reprices / resizes a resting order of ours (WS `order.modify` or `PUT /fapi/v1/order`). */
  modify(clientOrderId: string, price: string, quantity: string, why: string): Promise<boolean> {
    const o = this.tracker.get(clientOrderId);
    if (!o || !this.sender || (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED')) return Promise.resolve(false);
    return this.sender.modifyOrder(o, price, quantity, why);
  }

  /** One order moved: risk gets the symbol's authoritative counts, the gateway the order. */
  orderChanged(o: TrackedOrder): void {
    const now = Date.now();
    // Its end goes to the journal: a new risk leader counts the cluster's open orders from it (journal-replay.ts).
    if (isTerminal(o.status)) this.journal.write(closedRecord(o, now));
    this.d.send('execution-reports', orderUpdateFor(o, this.tracker, now));
    this.d.send('orders', orderMessageFor(o, now));
  }

  /**
   * The operator added or removed symbols live (admin `symbols`). A new symbol gets its exchangeInfo filters and
   * a reconciliation (its open orders and position at the venue) before it can trade: until both are done its
   * orders are refused. A removed symbol keeps its dead-man countdown while it still has open orders here.
   */
  async symbolsChanged(symbols: readonly string[]): Promise<void> {
    const added = symbols.filter((s) => !this.d.symbols.includes(s));
    this.d.symbols.splice(0, this.d.symbols.length, ...symbols);
    this.reference?.keepOnly(symbols);
    if (!this.reference || added.length === 0) return;
    this.d.log.info({ added }, 'symbols added: loading their filters and reconciling before they trade');
    await this.reference.loadFilters();
    this.reconcileNow(`symbols added: ${added.join(',')}`);
  }

  /** Symbols whose countdown the dead-man switch keeps armed: the configured ones and any with open orders. */
  private coveredSymbols(): string[] {
    return [...new Set([...this.d.symbols, ...this.tracker.symbolsWithOpen()])];
  }

  reconcileNow(why: string): void {
    this.reconciler?.run(why);
  }

  status(): ExecutionStatus {
    const openOrders: Record<string, number> = {};
    for (const s of this.d.symbols) openOrders[s] = this.tracker.openCount(s);
    return {
      type: 'execution-status',
      ts: Date.now(),
      keys: this.rest !== undefined,
      clockSynced: this.rest?.clockSynced ?? false,
      userStreamLive: this.stream?.live ?? false,
      positionsReconciled: this.reconciled,
      positions: Object.fromEntries(this.positions),
      openOrders,
    };
  }

  sendStatus(): void {
    if (!this.stopped) this.d.send('execution-reports', this.status());
  }

  /** TTL cancels and the periodic status that keeps risk's readiness view fresh. */
  private tick(): void {
    const now = Date.now();
    for (const o of this.core.expired(now)) void this.sender?.cancelOrder(o, 'TTL expired');
    this.tracker.prune();
    if (now % 1000 < HOUSEKEEPING_MS) this.sendStatus();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.housekeeping);
    this.reference?.stop();
    this.deadMan?.stop();
    this.stream?.stop();
    await this.reconciler?.stop();
    // An order in flight gets its reply before the WS API closes (closing first would make it UNKNOWN).
    await this.sender?.idle();
    this.wsApi?.stop();
    await this.rest?.close();
    this.journal.close();
  }
}
