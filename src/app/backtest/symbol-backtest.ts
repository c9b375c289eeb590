/**
 * One symbol's backtest, composed in one thread with no actor hop: its SymbolEngine (telemetry and both
 * strategies) → the real RiskCore (gates armed here; pre-trade checks, sizing ramp, cooldowns and the daily
 * loss stop live) → the OrderCore (grid, state machine, TTL, cancel-on-kill) → the paper venue, whose replies
 * and user-stream events come back through the same order core and reach risk as fills. Time is the tape's:
 * receive time for the venue, risk and orders, exchange time inside the engine. Risk is account-wide by
 * default (one BacktestRisk shared by every symbol, as live) or per symbol (`--risk-scope symbol`, which is
 * what makes the output the same however symbols are spread over workers): backtest-risk.ts.
 */
import { checkExecutionGate, OPEN_GATE } from '../../actors/execution/execution-gate.js';
import { OrderCore } from '../../actors/execution/order-core.js';
import type { TrackedOrder } from '../../actors/execution/order-tracker.js';
import type { DecisionRecord } from '../../actors/risk/risk-core.js';
import type { StrategySignal } from '../../actors/symbol/strategy/strategy-output.js';
import { SymbolEngine } from '../../actors/symbol/symbol-engine.js';
import type { CancelAllCommand, KillSwitchEvent } from '../../schema/internal-messages.js';
import type { ApprovedOrder, SymbolFilters } from '../../schema/order-messages.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import type { MarketEvent } from '../../schema/market-events.js';
import type { PaperEvent, PaperVenue } from '../../venues/paper/paper-venue-api.js';
import { type BacktestSettings, EQUITY_SAMPLE_MS } from './backtest-options.js';
import type { BacktestRisk, RiskClient } from './backtest-risk.js';
import { PositionLedger } from './position-ledger.js';
import { RecorderClock } from './recorder-clock.js';
import { SymbolRecorder } from './symbol-recorder.js';

type FillDetail = Extract<PaperEvent, { kind: 'fill-detail' }>;

/** Receive time this far from exchange time is not feed latency or a skewed recorder clock (≈1.27 s seen). */
const CLOCK_OFFSET_WARN_MS = 60_000;
const STREAMED: ReadonlySet<string> = new Set([
  'trade',
  'aggTrade',
  'depthUpdate',
  'bookTicker',
  'markPriceUpdate',
  'forceOrder',
]);

export class SymbolBacktest implements RiskClient {
  readonly engine: SymbolEngine;
  readonly core = new OrderCore();
  readonly ledger = new PositionLedger();
  readonly recorder: SymbolRecorder;
  private readonly attempted = new Set<string>();
  private readonly due: PaperEvent[] = [];
  private readonly details = new Map<string, FillDetail[]>();
  private readonly clock = new RecorderClock();
  private now = 0;
  /** The latest receive time seen, on the recorder's own clock (out-of-order is judged on it). */
  private lastRecv = Number.NEGATIVE_INFINITY;
  private firstRecv = 0;
  private orderIds = 0;
  private clockWarned = false;

  constructor(
    readonly symbol: string,
    private readonly s: BacktestSettings,
    private readonly filters: SymbolFilters,
    private readonly venue: PaperVenue,
    private readonly risk: BacktestRisk,
  ) {
    this.recorder = new SymbolRecorder(symbol);
    this.engine = new SymbolEngine(symbol, s.symbolParams, s.strategyParams);
  }

  onApproved(a: ApprovedOrder, now: number): void {
    this.place(a, now);
  }

  onCancelAll(cmd: CancelAllCommand, now: number): void {
    this.cancelAll(cmd, now);
  }

  onKillSwitch(e: KillSwitchEvent): void {
    this.core.onKillSwitch(e);
  }

  /** One input of this symbol, in tape order, received at `recvTs`. */
  onInput(input: SymbolInput, recvTs: number): void {
    const r = this.recorder.result;
    // Orders are sent at receive time and handled when exchange time passes their arrival, so receive time is
    // put on the venue's clock first (recorder-clock.ts). A tape whose receive clock is far from the venue's (a
    // session recorded against sim --tape) is warned about and not corrected: its orders stay in flight.
    // Stream events only (every frame the venue's tape latency observes, bookTicker included: the first
    // frames of a tape may be quotes): backfilled bars, OI rows and snapshots are old by design.
    const streamed = STREAMED.has(input.kind);
    const far = streamed && Math.abs(recvTs - input.eventTime) > CLOCK_OFFSET_WARN_MS;
    if (streamed && !far) this.clock.observe(input.eventTime, recvTs);
    const t = this.clock.venueTime(recvTs);
    if (r.firstTs === 0) {
      r.firstTs = t;
      this.firstRecv = recvTs;
      this.now = t;
      this.risk.join(this.symbol, this, this.filters, t);
    }
    if (recvTs < this.lastRecv) this.recorder.warn('TL_BACKTEST_OUT_OF_ORDER');
    else this.lastRecv = recvTs;
    if (far && !this.clockWarned) {
      this.clockWarned = true;
      this.recorder.warn('TL_BACKTEST_CLOCK_OFFSET');
    } else if (t > this.now) this.now = t; // held, never back: a late frame is handled at the time already reached
    r.lastTs = this.now;
    this.deliver(this.now);
    if (input.kind !== 'bookReset' && input.kind !== 'backfillDone') {
      // The venue sees the market move before we hear of it: what it fills now, we learn after the latency.
      this.venue.onMarket(input as MarketEvent, this.now);
      this.deliver(this.now);
    }
    const m = this.engine.apply(input, recvTs);
    const outputs = this.engine.drainStrategyOutputs();
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs[i]!;
      if (!('type' in o)) this.onSignal(o);
    }
    if (m)
      this.recorder.snapshot(
        { ts: m.ts, symbol: m.symbol, seq: m.seq, stateHash: m.stateHash },
        m.price.mid,
        this.ledger,
        EQUITY_SAMPLE_MS,
      );
  }

  /** End of the tape: events still due are delivered up to the last time seen, then a closing equity sample. */
  finish(): void {
    const r = this.recorder.result;
    this.deliver(this.now);
    // The state after the last event, marked final, exactly as `tapeline replay` ends (docs/telemetry.md).
    const last = this.engine.finalSnapshot();
    if (last)
      this.recorder.snapshot(
        { ts: last.ts, symbol: last.symbol, seq: last.seq, stateHash: last.stateHash },
        last.price.mid,
        this.ledger,
        EQUITY_SAMPLE_MS,
      );
    r.excludedMs = this.venue.excludedMs()[this.symbol] ?? 0;
    // The start on the clock the rest of the run is on (the first frame may precede the first streamed one).
    if (r.firstTs !== 0) r.firstTs = Math.min(this.clock.venueTime(this.firstRecv), r.lastTs);
    if (r.firstTs !== 0)
      this.recorder.sample(Math.max(this.engine.status().lastEventTs as number, r.equity.at(-1)?.ts ?? 0), this.ledger);
  }

  private onSignal(sig: StrategySignal): void {
    if (sig.ts < this.s.from || sig.ts > this.s.to) return;
    const st = this.engine.status() as { book: { inSync: boolean }; backfillDone: boolean };
    const readiness = {
      ts: this.now,
      bookInSync: st.book.inSync,
      backfillDone: st.backfillDone,
      dataFresh: true,
      markPrice: sig.entry,
    };
    this.risk.verdict = undefined;
    const ok = this.risk.core.onIntent(
      {
        type: 'intent',
        symbol: sig.symbol,
        ts: sig.ts,
        decisionId: sig.decisionId,
        side: sig.side,
        price: sig.entry,
        quantity: sig.quantity,
        reason: `${sig.strategy}: ${sig.reason}`,
        readiness,
      },
      this.now,
    );
    const v = this.risk.verdict as DecisionRecord | undefined;
    this.recorder.signal(sig, ok, ok ? null : (v?.code ?? 'TL_RISK_UNKNOWN'), ok ? '' : (v?.detail ?? ''));
    this.perform(this.now);
  }

  /** Risk's orders, cancel-alls and kill changes through the order core to the venue (backtest-risk.ts). */
  private perform(now: number): void {
    this.risk.perform(now);
  }

  private place(a: ApprovedOrder, now: number): void {
    const block = checkExecutionGate({ ...OPEN_GATE, armed: this.core.armedFor(a.symbol) });
    const admission = this.core.admit(a, this.filters, block, (id) => this.attempted.has(id), now);
    if (admission.outcome === 'duplicate') {
      this.recorder.warn(admission.code);
      return;
    }
    if (admission.outcome === 'refused') {
      this.changed(admission.order, now, 'REJECTED', admission.code);
      return;
    }
    const { order, request } = admission;
    const release = this.core.release(order, request, block, now);
    if (release.outcome === 'refused') {
      this.changed(order, now, 'REJECTED', release.code);
      return;
    }
    this.attempted.add(order.clientOrderId);
    this.recorder.order(order, now, 'SENT');
    this.venue.place(request, now);
  }

  private cancelAll(cmd: CancelAllCommand, now: number): void {
    for (const symbol of this.core.cancelAllTargets(cmd, true, [this.symbol])) {
      this.core.cancelAll(symbol, cmd.reason, now);
      for (const o of this.core.tracker.live(symbol)) this.recorder.order(o, now, 'CANCEL_SENT', 0, 'cancel-all');
      this.venue.cancelAll(symbol, now);
    }
  }

  private cancel(o: TrackedOrder, why: string, now: number): void {
    this.core.cancel(o, why, now);
    this.recorder.order(o, now, 'CANCEL_SENT', 0, why);
    this.venue.cancel(o.symbol, o.clientOrderId, now);
  }

  /** Everything the venue has for us up to `now`, then TTL expiries as of `now`. */
  private deliver(now: number): void {
    const due = this.due;
    due.length = 0;
    if (this.venue.drainDue(now, due) > 0) {
      for (const e of due) if (e.kind === 'fill-detail') this.queueDetail(e);
      for (const e of due) {
        if (e.kind === 'reply') this.onReply(e, e.at);
        else if (e.kind === 'user') this.onUserEvent(e.event, e.at);
        else if (e.kind === 'funding-detail') {
          const { ts, symbol, amount, markPrice, fundingRate } = e;
          this.recorder.result.funding.push({ type: 'funding', ts, symbol, amount, markPrice, fundingRate });
        }
      }
      this.perform(now);
    }
    for (const o of this.core.expired(now)) this.cancel(o, 'ttl', now);
  }

  private queueDetail(d: FillDetail): void {
    const list = this.details.get(d.clientOrderId);
    if (list) list.push(d);
    else this.details.set(d.clientOrderId, [d]);
  }

  private onReply(e: Extract<PaperEvent, { kind: 'reply' }>, at: number): void {
    const o = this.core.tracker.get(e.clientOrderId);
    if (!o) {
      this.recorder.warn('TL_BACKTEST_UNKNOWN_ORDER');
      return;
    }
    if (e.request === 'cancel') {
      if (!e.ok) this.core.onCancelFailed(o);
      return;
    }
    if (e.ok) {
      const placed = this.core.onPlaced(
        o,
        ++this.orderIds,
        'NEW',
        checkExecutionGate({ ...OPEN_GATE, armed: this.core.armedFor(o.symbol) }),
        at,
      );
      if (placed.changed) this.changed(o, at);
      if (placed.cancel) this.cancel(o, 'kill switch engaged while the order was in flight', at);
      return;
    }
    this.core.onPlaceFailed(o, { kind: 'rejected', reason: `${e.code}: ${e.msg}` }, at);
    this.changed(o, at, 'REJECTED', e.code, e.msg);
  }

  private onUserEvent(event: Record<string, unknown>, at: number): void {
    if (event.e === 'ACCOUNT_UPDATE') {
      const a = event.a as { m?: string; B?: Array<{ bc?: string }> } | undefined;
      if (a?.m === 'FUNDING_FEE') for (const b of a.B ?? []) this.ledger.onFunding(Number(b.bc ?? 0));
    }
    const out = this.core.onUserEvent(event, at);
    if (out.fill) {
      const f = out.fill;
      const o = event.o as { T?: number };
      const detail = this.details.get(f.clientOrderId)?.shift();
      if (!detail) this.recorder.warn('TL_BACKTEST_FILL_WITHOUT_DETAIL');
      this.ledger.onFill(f.side, f.quantity, f.price, f.realizedPnl, f.commission);
      this.recorder.fill({
        ts: Number(o.T ?? f.ts),
        symbol: f.symbol,
        side: f.side,
        price: f.price,
        qty: f.quantity,
        liquidity: detail?.liquidity ?? 'maker',
        fee: f.commission,
        realizedPnl: f.realizedPnl,
        clientOrderId: f.clientOrderId,
        decisionId: f.decisionId,
        queueAhead: detail?.queueAheadAtEntry ?? 0,
        latencyMs: detail?.latencyMs ?? 0,
      });
      this.risk.core.onExecution(f, at);
    }
    if (out.order && out.changed) this.changed(out.order, at);
  }

  /** An order moved: recorded, and risk gets the symbol's open orders and notional as execution reports them. */
  private changed(o: TrackedOrder, at: number, status?: 'REJECTED', code: string | number = 0, reason?: string): void {
    this.recorder.order(
      o,
      at,
      status,
      typeof code === 'number' ? code : 0,
      reason ?? (typeof code === 'string' ? code : o.reason),
    );
    const t = this.core.tracker;
    this.risk.core.onExecution(
      {
        type: 'order-update',
        symbol: o.symbol,
        decisionId: o.decisionId,
        clientOrderId: o.clientOrderId,
        status: o.status,
        openOrders: t.openCount(o.symbol),
        openNotional: t.openNotional(o.symbol),
        reason: o.reason,
        ts: at,
      },
      at,
    );
  }
}
