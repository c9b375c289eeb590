/**
 * The user-stream translation on its own (pure): a trade told by TRADE_LITE and ORDER_TRADE_UPDATE counts once
 * whichever comes first (position moved once, one fill report carrying the commission and realized PnL), an
 * amendment moves price and quantity, an expiry carries its coded `er` reason; a hedge-mode account is refused
 * with TL_EXEC_HEDGE_MODE and closes the gate; conditional orders are tracked from reconciliation and ALGO_UPDATE.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlgoOrders } from '../../../src/actors/execution/algo-orders.js';
import { checkExecutionGate, OPEN_GATE } from '../../../src/actors/execution/execution-gate.js';
import { OrderCore } from '../../../src/actors/execution/order-core.js';
import { oneWayPositions } from '../../../src/actors/execution/position-mode.js';
import { TapelineError } from '../../../src/schema/errors.js';

function coreWith(id: string, quantity = 0.003): OrderCore {
  const core = new OrderCore();
  core.tracker.add({
    clientOrderId: id,
    decisionId: `d-${id}`,
    symbol: 'BTCUSDT',
    side: 'BUY',
    price: 60_000,
    quantity,
    timeInForce: 'GTX',
    ttlMs: 0,
  });
  return core;
}

const lite = (c: string, t: number, l: string, L = '60000.0') => ({
  e: 'TRADE_LITE',
  E: 1,
  T: 1,
  s: 'BTCUSDT',
  q: '0.003',
  p: '60000.0',
  m: true,
  c,
  S: 'BUY',
  L,
  l,
  t,
  i: 77,
});

const otu = (
  c: string,
  t: number,
  x: string,
  X: string,
  l: string,
  z: string,
  extra: Record<string, unknown> = {},
) => ({
  e: 'ORDER_TRADE_UPDATE',
  E: 2,
  T: 2,
  o: {
    s: 'BTCUSDT',
    c,
    S: 'BUY',
    o: 'LIMIT',
    f: 'GTX',
    q: '0.003',
    p: '60000.0',
    ap: '60000.0',
    x,
    X,
    i: 77,
    l,
    z,
    L: '60000.0',
    n: '0.036',
    rp: '0',
    t,
    ...extra,
  },
});

test('TRADE_LITE then ORDER_TRADE_UPDATE: moved once, one fill report with the commission', () => {
  const core = coreWith('a');
  const first = core.onUserEvent(lite('a', 501, '0.001'), 1);
  assert.equal(first.changed, true);
  assert.equal(first.fill, undefined, 'TRADE_LITE has no commission or PnL: no fill report yet');
  assert.equal(core.tracker.get('a')!.status, 'PARTIALLY_FILLED');
  assert.equal(core.tracker.get('a')!.filled, 0.001);
  assert.equal(core.positions.get('BTCUSDT'), 0.001);
  const second = core.onUserEvent(otu('a', 501, 'TRADE', 'PARTIALLY_FILLED', '0.001', '0.001'), 2);
  assert.equal(second.fill?.quantity, 0.001);
  assert.equal(second.fill?.commission, 0.036);
  assert.equal(second.fill?.positionAmt, 0.001, 'position not moved twice');
  assert.equal(core.positions.get('BTCUSDT'), 0.001);
  // A replayed event of the same trade is no new fill.
  assert.equal(core.onUserEvent(otu('a', 501, 'TRADE', 'PARTIALLY_FILLED', '0.001', '0.001'), 3).fill, undefined);
  assert.equal(core.onUserEvent(lite('a', 501, '0.001'), 3).changed, false);
  // The rest, told in the other order: ORDER_TRADE_UPDATE first, then the late TRADE_LITE changes nothing.
  const full = core.onUserEvent(otu('a', 502, 'TRADE', 'FILLED', '0.002', '0.003'), 4);
  assert.equal(full.fill?.quantity, 0.002);
  assert.equal(core.tracker.get('a')!.status, 'FILLED');
  assert.equal(core.onUserEvent(lite('a', 502, '0.002'), 5).changed, false);
  assert.equal(core.positions.get('BTCUSDT'), 0.003);
});

test('TRADE_LITE fills an order in full; the cumulative z of the later update is not "smaller"', () => {
  const core = coreWith('b', 0.003);
  core.onUserEvent(lite('b', 1, '0.001'), 1);
  core.onUserEvent(lite('b', 2, '0.002'), 1);
  assert.equal(core.tracker.get('b')!.status, 'FILLED');
  assert.equal(core.tracker.get('b')!.filled, 0.003);
  const late = core.onUserEvent(otu('b', 2, 'TRADE', 'FILLED', '0.002', '0.003'), 2);
  assert.equal(late.fill?.positionAmt, 0.003);
});

test('an amendment moves price and quantity; an expiry carries its er as a code', () => {
  const core = coreWith('c');
  const amended = core.onUserEvent(otu('c', 0, 'AMENDMENT', 'NEW', '0', '0', { p: '59990.0', q: '0.004' }), 1);
  assert.equal(amended.changed, true);
  assert.equal(core.tracker.get('c')!.price, 59_990);
  assert.equal(core.tracker.get('c')!.quantity, 0.004);
  const expired = core.onUserEvent(otu('c', 0, 'EXPIRED', 'EXPIRED', '0', '0', { er: '4', V: 'EXPIRE_MAKER' }), 2);
  assert.equal(expired.expiry?.code, 'TL_EXEC_EXPIRED');
  assert.equal(expired.expiry?.er, '4');
  assert.match(core.tracker.get('c')!.reason, /^TL_EXEC_EXPIRED: .*er 4: post-only/);
  const stp = coreWith('d');
  const out = stp.onUserEvent(otu('d', 0, 'EXPIRED', 'EXPIRED_IN_MATCH', '0', '0', { er: '1', V: 'EXPIRE_MAKER' }), 1);
  assert.equal(out.expiry?.code, 'TL_EXEC_STP_EXPIRED');
});

test('hedge mode is refused with TL_EXEC_HEDGE_MODE and closes the gate; one-way rows net as before', () => {
  assert.deepEqual(
    oneWayPositions([{ symbol: 'BTCUSDT', positionAmt: '0.010', positionSide: 'BOTH' }], ['BTCUSDT', 'ETHUSDT']),
    { BTCUSDT: 0.01, ETHUSDT: 0 },
  );
  assert.throws(
    () =>
      oneWayPositions(
        [
          { symbol: 'BTCUSDT', positionAmt: '0.010', positionSide: 'LONG' },
          { symbol: 'BTCUSDT', positionAmt: '0', positionSide: 'SHORT' },
        ],
        ['BTCUSDT'],
      ),
    (e) => e instanceof TapelineError && e.code === 'TL_EXEC_HEDGE_MODE' && /one-way mode/.test(e.message),
  );
  assert.equal(checkExecutionGate({ ...OPEN_GATE, hedgeMode: true })?.code, 'EXEC_HEDGE_MODE');
});

test('conditional orders: reconciled list, then ALGO_UPDATE opens and closes them', () => {
  const algos = new AlgoOrders();
  algos.reconciled([
    { algoId: 1, clientAlgoId: 'x', symbol: 'BTCUSDT', algoStatus: 'NEW' },
    { algoId: 2, clientAlgoId: 'y', symbol: 'ETHUSDT', algoStatus: 'FINISHED' },
  ]);
  assert.deepEqual(algos.symbols(), ['BTCUSDT']);
  assert.equal(algos.onEvent({ e: 'ALGO_UPDATE', o: { caid: 'z', s: 'SOLUSDT', X: 'NEW' } }), true);
  assert.equal(algos.count, 2);
  assert.equal(algos.onEvent({ e: 'ALGO_UPDATE', o: { caid: 'x', s: 'BTCUSDT', X: 'CANCELED' } }), true);
  assert.deepEqual(algos.symbols(), ['SOLUSDT']);
});
