/**
 * The risk actor's pure core: the four gates, the pre-trade chain, the sizing ramp, the kill switch and the
 * daily loss stop, with every output through a sink (approved channel, risk channel, decisions log). No I/O and
 * no clock: `now` comes in. Invariants: nothing reaches `sink.approved` as an order unless all four gates hold
 * for its symbol at that instant; `kill` has engaged the switch before it returns.
 */
import { TapelineError } from '../../runtime/errors.js';
import type { KillSwitchState } from '../../runtime/supervisor-api.js';
import type { CancelAllCommand, KillSwitchEvent, OrderIntent } from '../../schema/internal-messages.js';
import type { RiskMessage } from '../../schema/client-messages.js';
import type {
  ApprovedOrder,
  ExecutionStatus,
  ExecutionToRisk,
  SymbolFilters,
  SymbolReadiness,
} from '../../schema/order-messages.js';
import { runChain } from './check-chain.js';
import { dailyLossBreached } from './checks/daily-loss.js';
import { RISK_CODES } from './checks/risk-check.js';
import { Exposure } from './exposure.js';
import { checkGates, readinessProblems } from './gates.js';
import { KillSwitch } from './kill-switch.js';
import { patchRiskParams, type RiskParams } from './risk-params.js';
import { SizingRamp } from './sizing-ramp.js';

/** One line of decisions.jsonl. */
export interface DecisionRecord {
  ts: number;
  kind: 'decision' | 'ramp' | 'kill' | 'arm' | 'config' | 'loss-stop';
  decisionId?: string;
  symbol?: string;
  approved?: boolean;
  code?: string;
  detail?: string;
  [key: string]: unknown;
}

export interface RiskSink {
  /** To execution on `approved`: orders, cancel-alls and kill-switch changes, in order. */
  approved(message: ApprovedOrder | CancelAllCommand | KillSwitchEvent): void;
  /** To the gateway on `risk`. */
  publish(message: RiskMessage | KillSwitchEvent): void;
  record(entry: DecisionRecord): void;
}

export interface RiskCoreOptions {
  params: RiskParams;
  executionEnabled: boolean;
  keys: boolean;
  now: number;
  /** Why the switch is engaged at this start ('engaged at start', 'risk actor restarted'). */
  startReason: string;
}

const MAX_REMEMBERED_DECISIONS = 100_000;

export class RiskCore {
  params: RiskParams;
  readonly killSwitch: KillSwitch;
  readonly exposure = new Exposure();
  readonly ramp: SizingRamp;
  readonly readiness = new Map<string, SymbolReadiness>();
  readonly filters = new Map<string, SymbolFilters>();
  execution: ExecutionStatus | undefined;
  readonly counters = { approved: 0, refused: 0 };
  /** Decision ids already approved: a replayed intent is never approved twice. */
  private readonly approvedIds = new Set<string>();

  constructor(
    private readonly opts: RiskCoreOptions,
    private readonly sink: RiskSink,
  ) {
    this.params = opts.params;
    this.killSwitch = new KillSwitch(opts.now, opts.startReason);
    this.ramp = new SizingRamp(opts.params);
  }

  /** An intent from a symbol actor: gates, then the chain; approved or refused, it is recorded. */
  onIntent(intent: OrderIntent & { readiness?: Omit<SymbolReadiness, 'type' | 'symbol'> }, now: number): boolean {
    if (intent.readiness) this.onReadiness({ type: 'symbol-readiness', symbol: intent.symbol, ...intent.readiness });
    const gate = checkGates(this.gateInputs(intent.symbol, now));
    const base = {
      ts: now,
      kind: 'decision' as const,
      decisionId: intent.decisionId,
      symbol: intent.symbol,
      side: intent.side,
      price: intent.price,
      quantity: intent.quantity,
      reason: intent.reason,
    };
    if (gate) return this.refused(base, gate.code, gate.detail);
    if (this.approvedIds.has(intent.decisionId))
      return this.refused(base, 'TL_RISK_DUPLICATE_DECISION', `decision ${intent.decisionId} was already approved`);
    const result = runChain(intent, this.ramp.budget(this.params), {
      params: this.params,
      exposure: this.exposure,
      filters: this.filters.get(intent.symbol),
      now,
    });
    if (!result.ok)
      return this.refused({ ...base, sized: result.order?.quantity }, result.refusal.code, result.refusal.detail);
    const o = result.order;
    const order: ApprovedOrder = {
      type: 'approved-order',
      decisionId: intent.decisionId,
      symbol: o.symbol,
      side: o.side,
      price: o.price,
      quantity: o.quantity,
      timeInForce: this.params.timeInForce,
      ttlMs: this.params.orderTtlMs,
      ts: now,
    };
    this.exposure.onApproved(intent.decisionId, o.symbol, o.notional, now, this.params);
    this.rememberApproved(intent.decisionId);
    this.counters.approved++;
    this.sink.record({
      ...base,
      approved: true,
      code: 'TL_RISK_APPROVED',
      sizedPrice: o.price,
      sizedQuantity: o.quantity,
      notional: o.notional,
      rampFraction: this.ramp.fraction,
    });
    this.sink.approved(order);
    return true;
  }

  onReadiness(r: SymbolReadiness): void {
    this.readiness.set(r.symbol, r);
    if (r.markPrice > 0) this.exposure.marks.set(r.symbol, r.markPrice);
  }

  /** What execution reports on `fills`. */
  onExecution(m: ExecutionToRisk, now: number): void {
    switch (m.type) {
      case 'symbol-filters':
        this.filters.set(m.symbol, m);
        return;
      case 'execution-status':
        this.execution = m;
        if (m.positionsReconciled) this.exposure.onReconciled(m.positions, m.openOrders);
        break;
      case 'order-update':
        this.exposure.onOrderUpdate(m.decisionId, m.symbol, m.openOrders, m.openNotional);
        break;
      case 'fill':
        this.onFill(m.symbol, m.price, m.positionAmt, m.realizedPnl, m.commission, now);
        break;
    }
    this.publishState(now);
  }

  private onFill(
    symbol: string,
    price: number,
    positionAmt: number,
    realized: number,
    commission: number,
    now: number,
  ): void {
    const before = this.exposure.realizedToday(now);
    const pnl = this.exposure.onFill(symbol, price, positionAmt, realized, commission, now, this.params);
    const change = this.ramp.onFill(pnl, realized, this.params);
    if (change) this.sink.record({ ts: now, kind: 'ramp', symbol, ...change });
    const after = this.exposure.realizedToday(now);
    if (
      !dailyLossBreached(before, this.params.dailyLossLimit) &&
      dailyLossBreached(after, this.params.dailyLossLimit)
    ) {
      const reason = `${RISK_CODES.dailyLoss}: realized PnL today ${after.toFixed(2)} <= -${this.params.dailyLossLimit}`;
      this.sink.record({ ts: now, kind: 'loss-stop', code: RISK_CODES.dailyLoss, detail: reason });
      this.kill(reason, undefined, now);
    }
  }

  /** Engages (globally or for one symbol) before anything else, then asks execution to cancel. */
  kill(reason: string, symbol: string | undefined, now: number): KillSwitchState {
    this.killSwitch.engage(reason, now, symbol);
    const withOrders = this.exposure.symbolsWithOpenOrders().filter((s) => !symbol || s === symbol);
    this.sink.record({
      ts: now,
      kind: 'kill',
      symbol: symbol ?? '',
      detail: reason,
      symbolsWithOpenOrders: withOrders,
    });
    const event: KillSwitchEvent = { type: 'kill-switch', engaged: true, symbol: symbol ?? '', reason, ts: now };
    // Execution resolves '' to every symbol with open orders in its own (authoritative) book.
    const cancel: CancelAllCommand = { type: 'cancel-all', symbol: symbol ?? '', reason, ts: now };
    this.sink.approved(event);
    this.sink.approved(cancel);
    this.sink.publish(event);
    this.publishState(now);
    return this.killSwitch.state();
  }

  arm(reason: string, symbol: string | undefined, now: number): KillSwitchState {
    if (!this.opts.executionEnabled) {
      this.sink.record({
        ts: now,
        kind: 'arm',
        symbol: symbol ?? '',
        approved: false,
        code: 'TL_KILL_SWITCH_ARM_REFUSED',
        detail: reason,
      });
      throw new TapelineError(
        'TL_KILL_SWITCH_ARM_REFUSED',
        'arm refused: EXECUTION_ENABLED is not true; restart with EXECUTION_ENABLED=true to allow trading',
      );
    }
    this.killSwitch.disengage(reason, now, symbol);
    this.sink.record({ ts: now, kind: 'arm', symbol: symbol ?? '', approved: true, detail: reason });
    const event: KillSwitchEvent = { type: 'kill-switch', engaged: false, symbol: symbol ?? '', reason, ts: now };
    this.sink.approved(event);
    this.sink.publish(event);
    this.publishState(now);
    return this.killSwitch.state();
  }

  /** Live parameter change: validated whole, logged old → new, effective for the next intent. */
  configure(
    patch: Record<string, unknown>,
    now: number,
    who = 'operator',
  ): Record<string, { old: unknown; new: unknown }> {
    const { params, changed } = patchRiskParams(this.params, patch);
    this.params = params;
    this.sink.record({ ts: now, kind: 'config', who, changed });
    const ramp = this.ramp.clamp(params);
    if (ramp) this.sink.record({ ts: now, kind: 'ramp', ...ramp });
    this.publishState(now);
    return changed;
  }

  /** Every symbol risk has heard of is ready (for the status gate). */
  allReady(now: number): boolean {
    if (this.readiness.size === 0) return false;
    for (const s of this.readiness.keys()) if (readinessProblems(this.gateInputs(s, now)).length > 0) return false;
    return true;
  }

  riskMessage(now: number): RiskMessage {
    const e = this.exposure;
    const p = this.params;
    const cooldowns: RiskMessage['cooldowns'] = {};
    for (const [s, c] of e.cooldowns) if (c.until > now) cooldowns[s] = { until: c.until, reason: c.reason };
    return {
      type: 'risk',
      ts: now,
      killSwitch: this.killSwitch.state(),
      gates: { executionEnabled: this.opts.executionEnabled, keys: this.opts.keys, ready: this.allReady(now) },
      budgets: {
        orderNotional: { used: this.ramp.budget(p), limit: p.maxOrderNotional },
        grossNotional: { used: e.grossNotional(), limit: p.maxGrossNotional },
        openOrders: { used: e.totalOpenOrders(), limit: p.maxOpenOrders },
        ordersPerMinute: { used: e.ordersWithin(60_000, now), limit: p.maxOrdersPerMinute },
        dailyLoss: { used: Math.max(0, -e.realizedToday(now)), limit: p.dailyLossLimit },
      },
      cooldowns,
    };
  }

  publishState(now: number): void {
    this.sink.publish(this.riskMessage(now));
  }

  private gateInputs(symbol: string, now: number) {
    return {
      executionEnabled: this.opts.executionEnabled,
      keys: this.opts.keys,
      killSwitchBlocks: this.killSwitch.blocks(symbol),
      readiness: this.readiness.get(symbol),
      execution: this.execution,
      now,
      readinessMaxAgeMs: this.params.readinessMaxAgeMs,
    };
  }

  private refused(base: DecisionRecord, code: string, detail: string): false {
    this.counters.refused++;
    this.sink.record({ ...base, approved: false, code, detail });
    return false;
  }

  private rememberApproved(id: string): void {
    this.approvedIds.add(id);
    if (this.approvedIds.size > MAX_REMEMBERED_DECISIONS) {
      const oldest = this.approvedIds.values().next().value;
      if (oldest !== undefined) this.approvedIds.delete(oldest);
    }
  }
}
