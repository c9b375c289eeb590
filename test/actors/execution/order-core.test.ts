/**
 * The three pure cores compose in one thread with no actor, channel or I/O: an intent goes through the real
 * risk core, the approved order through the order core onto the grid, a fake venue (below) answers in the
 * venue's own user-stream shapes, and the fill flows back to risk. Also: admission codes, TTL, cancel-on-kill.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExecutionGate, OPEN_GATE } from '../../../src/actors/execution/execution-gate.js';
import type { JournalRecord } from '../../../src/actors/execution/execution-journal.js';
import { OrderCore, type VenueOrderRequest } from '../../../src/actors/execution/order-core.js';
import { type DecisionRecord, RiskCore } from '../../../src/actors/risk/risk-core.js';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import type { CancelAllCommand, KillSwitchEvent, OrderIntent } from '../../../src/schema/internal-messages.js';
import type { ApprovedOrder, SymbolFilters } from '../../../src/schema/order-messages.js';

const FILTERS: SymbolFilters = {
  type: 'symbol-filters',
  symbol: 'BTCUSDT',
  tickSize: 0.1,
  stepSize: 0.001,
  minQty: 0.001,
  maxQty: 1000,
  minNotional: 5,
  multiplierUp: 1.05,
  multiplierDown: 0.95,
};

/** A venue that accepts every order and fills it whole at its limit price on the next step. */
class FakeVenue {
  readonly resting: VenueOrderRequest[] = [];
  private nextId = 1;
  place(r: VenueOrderRequest): { orderId: number; status: string } {
    this.resting.push(r);
    return { orderId: this.nextId++, status: 'NEW' };
  }
  cancelAll(symbol: string): Record<string, unknown>[] {
    const gone = this.resting.filter((r) => r.symbol === symbol);
    this.resting.length = 0;
    return gone.map((r) => update(r, 'CANCELED', 'CANCELED', 0, 0));
  }
  fillAll(): Record<string, unknown>[] {
    const out = this.resting.map((r) => update(r, 'TRADE', 'FILLED', Number(r.quantity), Number(r.quantity)));
    this.resting.length = 0;
    return out;
  }
}

function update(r: VenueOrderRequest, x: string, status: string, last: number, cum: number): Record<string, unknown> {
  return {
    e: 'ORDER_TRADE_UPDATE',
    E: 1_000,
    o: {
      s: r.symbol,
      c: r.newClientOrderId,
      S: r.side,
      p: r.price,
      q: r.quantity,
      f: r.timeInForce,
      x,
      X: status,
      l: String(last),
      z: String(cum),
      L: r.price,
      ap: r.price,
      n: '0.01',
      rp: '0',
      i: 1,
    },
  };
}

function intent(decisionId: string, price: number, ts: number): OrderIntent {
  return { type: 'intent', symbol: 'BTCUSDT', ts, decisionId, side: 'BUY', price, quantity: 0.01, reason: 'test' };
}

function rig() {
  const approved: Array<ApprovedOrder | CancelAllCommand | KillSwitchEvent> = [];
  const decisions: DecisionRecord[] = [];
  const risk = new RiskCore(
    {
      params: parseRiskParams({ cooldownAfterOrderMs: 0 }),
      executionEnabled: true,
      keys: true,
      now: 0,
      startReason: 'test',
    },
    { approved: (m) => approved.push(m), publish: () => {}, record: (d) => decisions.push(d) },
  );
  const core = new OrderCore();
  const venue = new FakeVenue();
  const journal: JournalRecord[] = [];
  risk.onExecution(FILTERS, 0);
  risk.onExecution(
    {
      type: 'execution-status',
      ts: 0,
      keys: true,
      clockSynced: true,
      userStreamLive: true,
      positionsReconciled: true,
      positions: {},
      openOrders: {},
    },
    0,
  );
  risk.arm('test', undefined, 0);
  /** One step of the loop: what risk sent goes through the order core to the venue; replies and events come back. */
  function step(now: number): void {
    for (let m = approved.shift(); m; m = approved.shift()) {
      if (m.type === 'kill-switch') core.onKillSwitch(m);
      else if (m.type === 'cancel-all') {
        for (const s of core.cancelAllTargets(m, true, ['BTCUSDT'])) {
          journal.push(core.cancelAll(s, m.reason, now));
          for (const e of venue.cancelAll(s)) feed(e, now);
        }
      } else {
        const block = checkExecutionGate({ ...OPEN_GATE, armed: core.armedFor(m.symbol) });
        const a = core.admit(m, FILTERS, block, (id) => journal.some((r) => r.clientOrderId === id), now);
        if (a.outcome !== 'queued') {
          journal.push(a.record);
          continue;
        }
        const release = core.release(a.order, a.request, block, now);
        journal.push(release.record);
        if (release.outcome !== 'send') continue;
        const ack = venue.place(a.request);
        journal.push(core.onPlaced(a.order, ack.orderId, ack.status, undefined, now).record);
      }
    }
  }
  function feed(event: Record<string, unknown>, now: number): void {
    const out = core.onUserEvent(event, now);
    if (out.fill) risk.onExecution(out.fill, now);
    if (out.order && out.changed)
      risk.onExecution(
        {
          type: 'order-update',
          symbol: out.order.symbol,
          decisionId: out.order.decisionId,
          clientOrderId: out.order.clientOrderId,
          status: out.order.status,
          openOrders: core.tracker.openCount('BTCUSDT'),
          openNotional: core.tracker.openNotional('BTCUSDT'),
          reason: out.order.reason,
          ts: now,
        },
        now,
      );
  }
  function ready(now: number): void {
    risk.onReadiness({
      type: 'symbol-readiness',
      symbol: 'BTCUSDT',
      ts: now,
      bookInSync: true,
      backfillDone: true,
      dataFresh: true,
      markPrice: 60_000,
    });
  }
  return { risk, core, venue, journal, decisions, approved, step, feed, ready };
}

test('intent → risk core → order core → fake venue → fill back to risk, in one loop with no threads', () => {
  const r = rig();
  r.ready(1_000);
  assert.equal(r.risk.onIntent(intent('d-1', 60_000.07, 1_000), 1_000), true, JSON.stringify(r.decisions.at(-1)));
  r.step(1_000);
  // Sized by the ramp (10% of 1000 USDT) and put on the grid once: BUY price rounded down, quantity down.
  assert.deepEqual(
    r.venue.resting.map((q) => [q.price, q.quantity, q.timeInForce]),
    [['60000.0', '0.001', 'GTX']],
  );
  assert.deepEqual(
    r.journal.map((j) => j.kind),
    ['attempt', 'outcome'],
  );
  for (const e of r.venue.fillAll()) r.feed(e, 1_010);
  const o = [...r.core.tracker.orders.values()][0]!;
  assert.equal(o.status, 'FILLED');
  assert.equal(r.core.positions.get('BTCUSDT'), 0.001);
  // Risk saw the fill: its exposure holds the position (price × amount).
  assert.equal(r.risk.exposure.grossNotional(), 60);
});

test('a refused intent never reaches the order core; a closed execution gate is a code, not text', () => {
  const r = rig();
  r.ready(1_000);
  assert.equal(r.risk.onIntent(intent('far', 70_000, 1_000), 1_000), false);
  assert.equal(r.decisions.at(-1)?.code, 'TL_RISK_PRICE_BAND');
  r.step(1_000);
  assert.equal(r.venue.resting.length, 0);
  const a = r.core.admit(
    {
      type: 'approved-order',
      decisionId: 'x',
      symbol: 'BTCUSDT',
      side: 'SELL',
      price: 1,
      quantity: 1,
      timeInForce: 'GTX',
      ttlMs: 0,
      ts: 0,
    },
    FILTERS,
    checkExecutionGate({ ...OPEN_GATE, clockSynced: false }),
    () => false,
    5,
  );
  assert.equal(a.outcome, 'refused');
  assert.equal(a.outcome === 'refused' && a.code, 'EXEC_CLOCK_NOT_SYNCED');
  const noFilters = r.core.admit(
    {
      type: 'approved-order',
      decisionId: 'y',
      symbol: 'ETHUSDT',
      side: 'SELL',
      price: 1,
      quantity: 1,
      timeInForce: 'GTX',
      ttlMs: 0,
      ts: 0,
    },
    undefined,
    undefined,
    () => false,
    5,
  );
  assert.equal(noFilters.outcome === 'refused' && noFilters.code, 'EXEC_NO_FILTERS');
  const dup = r.core.admit(
    {
      type: 'approved-order',
      decisionId: 'y',
      symbol: 'ETHUSDT',
      side: 'SELL',
      price: 1,
      quantity: 1,
      timeInForce: 'GTX',
      ttlMs: 0,
      ts: 0,
    },
    FILTERS,
    undefined,
    () => true,
    5,
  );
  assert.equal(dup.outcome, 'duplicate');
});

test('TTL expiry and cancel-on-kill come back as commands; a kill in flight cancels the accepted order', () => {
  const r = rig();
  r.ready(1_000);
  r.risk.params = { ...r.risk.params, orderTtlMs: 500 };
  assert.equal(r.risk.onIntent(intent('ttl', 60_000, 1_000), 1_000), true);
  r.step(1_000);
  assert.equal(r.core.nextExpiry(), 1_500);
  assert.deepEqual(r.core.expired(1_499), []);
  const due = r.core.expired(1_500);
  assert.equal(due.length, 1);
  assert.equal(r.core.cancel(due[0]!, 'TTL expired', 1_500).kind, 'cancel');
  assert.deepEqual(r.core.expired(2_000), [], 'a cancel in flight is not asked twice');
  // Kill: risk engages, execution disarms and cancels every symbol with open orders.
  r.risk.kill('test kill', undefined, 2_000);
  r.step(2_000);
  assert.equal(r.core.armed, false);
  assert.equal(r.journal.at(-1)?.kind, 'cancel-all');
  assert.equal([...r.core.tracker.orders.values()][0]!.status, 'CANCELED');
  // An order accepted while the kill was in flight is cancelled at once.
  const a = r.core.admit(
    {
      type: 'approved-order',
      decisionId: 'late',
      symbol: 'BTCUSDT',
      side: 'BUY',
      price: 60_000,
      quantity: 0.001,
      timeInForce: 'GTX',
      ttlMs: 0,
      ts: 0,
    },
    FILTERS,
    undefined,
    () => false,
    2_001,
  );
  assert.equal(a.outcome, 'queued');
  if (a.outcome !== 'queued') return;
  const placed = r.core.onPlaced(
    a.order,
    9,
    'NEW',
    checkExecutionGate({ ...OPEN_GATE, armed: r.core.armedFor('BTCUSDT') }),
    2_002,
  );
  assert.equal(placed.cancel, true);
});
