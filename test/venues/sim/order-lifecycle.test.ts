/**
 * The matching engine's newer order lifecycles without the network: self-trade prevention in each mode (with
 * `er` and EXPIRED_IN_MATCH), modify keeping or losing queue priority, conditional orders triggering into
 * plain orders (ALGO_UPDATE NEW → TRIGGERING → TRIGGERED → FINISHED), their limits, and TRADE_LITE before
 * ORDER_TRADE_UPDATE.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NULL_SINK } from '../../../src/venues/sim/market/market-events.js';
import { ASK, BID } from '../../../src/venues/sim/market/order-book.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import { Exchange } from '../../../src/venues/sim/matching/exchange.js';
import { VenueError } from '../../../src/venues/sim/server/rest-types.js';

const T0 = 1_723_161_600_000;

function setup(): { m: SymbolMarket; ex: Exchange; events: Array<Record<string, unknown>> } {
  const m = new SymbolMarket(symbolSpec('BTCUSDT'), 3, T0, NULL_SINK);
  const events: Array<Record<string, unknown>> = [];
  const ex = new Exchange(new Map([['BTCUSDT', m]]), (j) => events.push(JSON.parse(j) as Record<string, unknown>), T0);
  return { m, ex, events };
}

const px = (tick: number): string => (tick * 0.1).toFixed(2);
const p = (o: Record<string, string>): URLSearchParams => new URLSearchParams(o);

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof VenueError) return err.venueCode;
    throw err;
  }
  return undefined;
}

test('self-trade prevention: EXPIRE_MAKER expires the resting order, EXPIRE_TAKER stops the taker, NONE trades', () => {
  for (const mode of ['EXPIRE_MAKER', 'EXPIRE_TAKER', 'EXPIRE_BOTH', 'NONE']) {
    const { m, ex, events } = setup();
    // Makers leave the best ask; our own ask takes its place, then our own buy crosses it.
    const ask = m.book.bestAsk() as number;
    m.book.setLevel(ASK, ask, 0);
    const next = m.book.bestAsk() as number;
    const rest = ex.place(
      'BTCUSDT',
      p({ side: 'SELL', type: 'LIMIT', timeInForce: 'GTX', quantity: '0.010', price: px(ask) }),
      T0,
    ).result;
    assert.equal(rest.status, 'NEW', mode);
    const taker = ex.place(
      'BTCUSDT',
      p({
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.005',
        price: px(next),
        selfTradePreventionMode: mode,
      }),
      T0,
    ).result;
    const maker = ex.orders.get(rest.orderId);
    if (mode === 'EXPIRE_MAKER') {
      assert.equal(maker?.status, 'EXPIRED_IN_MATCH');
      assert.equal(maker?.expiryReason, 1);
      assert.equal(taker.execUnits, 5, 'the taker walked on to the synthetic ask');
    } else if (mode === 'NONE') {
      assert.equal(maker?.execUnits, 5, 'maker side of the self-match');
      assert.equal(taker.status, 'FILLED');
    } else {
      assert.equal(taker.status, 'EXPIRED_IN_MATCH');
      assert.equal(taker.execUnits, 0);
      assert.equal(maker?.status, mode === 'EXPIRE_BOTH' ? 'EXPIRED_IN_MATCH' : 'NEW');
      const update = events.find(
        (e) =>
          e.e === 'ORDER_TRADE_UPDATE' &&
          (e.o as { i: number; X: string }).i === taker.orderId &&
          (e.o as { X: string }).X === 'EXPIRED_IN_MATCH',
      );
      assert.ok(update, 'an EXPIRED_IN_MATCH update for the taker');
      assert.equal((update.o as { er: string }).er, '1');
    }
  }
});

test('modify: a smaller quantity keeps the queue place, a new price goes to the back; AMENDMENT events', () => {
  const { m, ex, events } = setup();
  const bid = m.book.bestBid() as number;
  const { result } = ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.020', price: px(bid) }),
    T0,
  );
  const o = ex.orders.get(result.orderId);
  assert.ok(o);
  m.takeLiquidity(false, 3, bid, T0 + 1);
  const ahead = o.queueAhead;
  ex.modify('BTCUSDT', o.orderId, undefined, p({ side: 'BUY', quantity: '0.010', price: px(bid) }), T0 + 2);
  assert.equal(o.queueAhead, ahead, 'kept its place');
  assert.equal(m.book.userQtyAt(BID, bid), 10);
  ex.modify('BTCUSDT', o.orderId, undefined, p({ side: 'BUY', quantity: '0.010', price: px(bid - 1) }), T0 + 3);
  assert.equal(
    o.queueAhead,
    m.book.qtyAt(BID, bid - 1) - m.book.userQtyAt(BID, bid - 1),
    'behind everything at the new level',
  );
  assert.equal(m.book.userQtyAt(BID, bid), 0);
  assert.equal(events.filter((e) => (e.o as { x?: string } | undefined)?.x === 'AMENDMENT').length, 2);
  assert.equal(
    code(() =>
      ex.modify('BTCUSDT', o.orderId, undefined, p({ side: 'SELL', quantity: '0.010', price: px(bid - 1) }), T0 + 4),
    ),
    -1117,
  );
  // A new quantity not above what already filled cancels the order.
  m.takeLiquidity(false, 100_000, bid - 1, T0 + 5);
  assert.equal(o.status, 'FILLED');
  assert.equal(
    code(() =>
      ex.modify('BTCUSDT', o.orderId, undefined, p({ side: 'BUY', quantity: '0.005', price: px(bid - 1) }), T0 + 6),
    ),
    -2013,
  );
});

test('fills: TRADE_LITE precedes ORDER_TRADE_UPDATE with the same trade id; a maker fill is m:true', () => {
  const { m, ex, events } = setup();
  const ask = m.book.bestAsk() as number;
  ex.place('BTCUSDT', p({ side: 'BUY', type: 'MARKET', quantity: '0.010' }), T0);
  const i = events.findIndex((e) => e.e === 'TRADE_LITE');
  assert.ok(i > 0);
  const next = events[i + 1] as { e: string; o: { t: number; x: string; m: boolean } };
  assert.equal(next.e, 'ORDER_TRADE_UPDATE');
  assert.equal(next.o.x, 'TRADE');
  assert.equal(next.o.t, (events[i] as { t: number }).t);
  assert.equal(next.o.m, false);
  assert.equal(ex.ledger.trades[0]?.maker, false);
  assert.ok(ask > 0 && m.book.qtyAt(ASK, ask) >= 0);
});

test('conditional orders: trigger into a plain order, ALGO_UPDATE lifecycle, -2021, -4045, REJECTED reduce-only', () => {
  const { m, ex, events } = setup();
  const last = m.lastTradeTick;
  const algo = (o: Record<string, string>) =>
    ex.algos.place(p({ symbol: 'BTCUSDT', algoType: 'CONDITIONAL', quantity: '0.010', ...o }), T0);
  assert.equal(
    code(() => algo({ side: 'BUY', type: 'STOP_MARKET', triggerPrice: px(last - 10) })),
    -2021,
  );
  const stop = algo({ side: 'BUY', type: 'STOP_MARKET', triggerPrice: px(last + 5) });
  // Reduce-only BUY: by the time it triggers the account is long (the stop above filled first), so it is refused.
  const reduce = algo({ side: 'BUY', type: 'STOP_MARKET', triggerPrice: px(last + 5), reduceOnly: 'true' });
  // The market trades up through the trigger.
  m.takeLiquidity(true, 100_000, last + 8, T0 + 10);
  ex.afterStep(T0 + 50);
  assert.equal(stop.status, 'TRIGGERED');
  assert.ok(stop.actualOrderId > 0);
  assert.equal(ex.orders.get(stop.actualOrderId)?.status, 'FILLED');
  ex.afterStep(T0 + 100);
  assert.equal(stop.status, 'FINISHED');
  const statuses = events
    .filter((e) => e.e === 'ALGO_UPDATE' && (e.o as { aid: number }).aid === stop.algoId)
    .map((e) => (e.o as { X: string }).X);
  assert.deepEqual(statuses, ['NEW', 'TRIGGERING', 'TRIGGERED', 'FINISHED']);
  assert.equal(reduce.status, 'REJECTED');
  // SELL stops trigger on a fall: these wait.
  for (let i = 0; i < 10; i++) algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: px(last - 500 - i) });
  assert.equal(
    code(() => algo({ side: 'SELL', type: 'STOP_MARKET', triggerPrice: px(last - 600) })),
    -4045,
  );
  assert.equal(ex.algos.cancelAll('BTCUSDT', T0 + 200), 10);
});
