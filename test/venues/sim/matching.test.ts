/**
 * The matching engine and account without the network: queue position under price-time priority, partial
 * fills from the synthetic flow, a trade-through filling the whole order, FOK/IOC, margin, and PnL/fees.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NULL_SINK } from '../../../src/venues/sim/market/market-events.js';
import { ASK, BID } from '../../../src/venues/sim/market/order-book.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import { Account, MAKER_FEE, TAKER_FEE } from '../../../src/venues/sim/matching/account.js';
import { Exchange } from '../../../src/venues/sim/matching/exchange.js';

const T0 = 1_723_161_600_000;

function setup(): { m: SymbolMarket; ex: Exchange; events: string[] } {
  const m = new SymbolMarket(symbolSpec('BTCUSDT'), 1, T0, NULL_SINK);
  const events: string[] = [];
  const ex = new Exchange(new Map([['BTCUSDT', m]]), (j) => events.push(j));
  return { m, ex, events };
}

function p(obj: Record<string, string>): URLSearchParams {
  return new URLSearchParams(obj);
}

test('a resting bid waits behind the quantity ahead, then fills partially and fully from sells at its level', () => {
  const { m, ex, events } = setup();
  const bid = m.book.bestBid() as number;
  const ahead = m.book.qtyAt(BID, bid);
  const price = (bid * 0.1).toFixed(2);
  const { result } = ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.010', price }),
    T0,
  );
  assert.equal(result.status, 'NEW');
  const o = ex.openOrders('BTCUSDT')[0];
  assert.ok(o);
  assert.equal(o.queueAhead, ahead, 'queue position = quantity resting before us');
  assert.equal(m.book.userQtyAt(BID, bid), 10);
  // Sells eat the queue ahead first: no fill yet.
  m.takeLiquidity(false, ahead - 1, bid, T0 + 1);
  assert.equal(o.execUnits, 0);
  assert.equal(o.queueAhead, 1);
  // One unit more clears the queue, four more fill us partially.
  m.takeLiquidity(false, 5, bid, T0 + 2);
  assert.equal(o.execUnits, 4);
  assert.equal(o.status, 'PARTIALLY_FILLED');
  // A trade-through fills the rest.
  m.takeLiquidity(false, 1000, bid - 5, T0 + 3);
  assert.equal(o.status, 'FILLED');
  assert.equal(ex.openOrders('BTCUSDT').length, 0);
  assert.equal(m.book.userQtyAt(BID, bid), 0);
  const statuses = events.filter((e) => e.includes('ORDER_TRADE_UPDATE')).map((e) => JSON.parse(e).o.X);
  assert.deepEqual(statuses, ['NEW', 'PARTIALLY_FILLED', 'FILLED']);
  const pos = ex.account.position('BTCUSDT');
  assert.ok(Math.abs(pos.amt - 0.01) < 1e-12);
  assert.ok(Math.abs(pos.entry - bid * 0.1) < 1e-9);
});

test('makers cannot cancel the user quantity away and the queue shrinks with cancels ahead', () => {
  const { m, ex } = setup();
  const bid = m.book.bestBid() as number;
  ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.010', price: (bid * 0.1).toFixed(2) }),
    T0,
  );
  m.book.setLevel(BID, bid, 0);
  assert.equal(m.book.qtyAt(BID, bid), 10, 'the level keeps the user quantity');
  ex.afterStep(T0 + 50);
  assert.equal(ex.openOrders()[0]?.queueAhead, 0);
});

test('a crossing limit takes liquidity and rests the remainder; IOC expires it; FOK rejects when short', () => {
  const { m, ex } = setup();
  const ask = m.book.bestAsk() as number;
  const askQty = m.book.qtyAt(ASK, ask);
  const price = (ask * 0.1).toFixed(2);
  const qty = ((askQty + 5) * 0.001).toFixed(3);
  const gtc = ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: qty, price, newOrderRespType: 'RESULT' }),
    T0,
  );
  assert.equal(gtc.result.status, 'PARTIALLY_FILLED');
  assert.equal(gtc.result.execUnits, askQty);
  assert.equal(gtc.ack.status, 'NEW', 'ACK reflects acceptance, before matching');
  assert.equal(ex.openOrders().length, 1);
  const ask2 = m.book.bestAsk() as number;
  const ioc = ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: '5.000', price: (ask2 * 0.1).toFixed(2) }),
    T0,
  );
  assert.equal(ioc.result.status, 'EXPIRED');
  assert.ok(ioc.result.execUnits > 0);
  assert.throws(
    () =>
      ex.place(
        'BTCUSDT',
        p({
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'FOK',
          quantity: '10.000',
          price: ((m.book.bestAsk() as number) * 0.1).toFixed(2),
        }),
        T0,
      ),
    (err: { code?: number }) => err.code === -5021,
  );
});

test('GTD orders expire; goodTillDate must be 600 s ahead', () => {
  const { m, ex } = setup();
  const price = (((m.book.bestBid() as number) - 20) * 0.1).toFixed(2);
  assert.throws(
    () =>
      ex.place(
        'BTCUSDT',
        p({
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTD',
          quantity: '0.010',
          price,
          goodTillDate: String(T0 + 1000),
        }),
        T0,
      ),
    (err: { code?: number }) => err.code === -5040,
  );
  ex.place(
    'BTCUSDT',
    p({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTD', quantity: '0.010', price, goodTillDate: String(T0 + 700_000) }),
    T0,
  );
  ex.afterStep(T0 + 700_000);
  assert.equal(ex.openOrders().length, 0);
});

test('account: average entry, realized PnL on reduce and flip, fees by liquidity role', () => {
  const a = new Account(1000);
  a.fill('X', true, 2, 100, false, 1);
  a.fill('X', true, 2, 110, true, 2);
  assert.equal(a.position('X').entry, 105);
  const r = a.fill('X', false, 6, 120, false, 3);
  assert.equal(r.realized, (120 - 105) * 4);
  assert.equal(a.position('X').amt, -2);
  assert.equal(a.position('X').entry, 120);
  const fees = 2 * 100 * TAKER_FEE + 2 * 110 * MAKER_FEE + 6 * 120 * TAKER_FEE;
  assert.ok(Math.abs(a.wallet - (1000 + 60 - fees)) < 1e-9);
  assert.equal(a.unrealized('X', 110), 20);
});
