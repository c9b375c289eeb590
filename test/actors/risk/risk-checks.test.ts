/** Every pre-trade check at its boundary: pass just inside, refuse just outside, with its TL_RISK_* code. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approvedOrders, execStatus, intent, lastCode, openCore, readiness, T0 } from './risk-fixture.js';

test('all gates open and every check passing: approved, sized and logged with TL_RISK_APPROVED', () => {
  const h = openCore();
  assert.equal(h.core.onIntent(intent({ quantity: 0.002 }), T0), true);
  const [o] = approvedOrders(h);
  assert.equal(o?.quantity, 0.002);
  assert.equal(lastCode(h), 'TL_RISK_APPROVED');
});

test('max order notional: the intent as sent, before sizing', () => {
  const h = openCore({ params: { maxOrderNotional: 120 } });
  assert.equal(h.core.onIntent(intent({ price: 59_990, quantity: 0.002 }), T0), true); // 119.98
  assert.equal(h.core.onIntent(intent({ price: 59_990, quantity: 0.003 }), T0), false); // 179.97
  assert.equal(lastCode(h), 'TL_RISK_ORDER_NOTIONAL');
});

test('max position notional per symbol counts position, open orders and this order', () => {
  const h = openCore({ params: { maxPositionNotional: 250 } });
  const fill = {
    type: 'fill' as const,
    symbol: 'BTCUSDT',
    decisionId: 'x',
    clientOrderId: 'x',
    side: 'BUY' as const,
    quantity: 0.003,
    price: 60_000,
    realizedPnl: 0,
    commission: 0,
    positionAmt: 0.003,
    ts: T0,
  };
  h.core.onExecution(fill, T0);
  assert.equal(h.core.onIntent(intent({ quantity: 0.002 }), T0), false); // 180 + 119.98
  assert.equal(lastCode(h), 'TL_RISK_POSITION_NOTIONAL');
  h.core.onExecution({ ...fill, side: 'SELL', quantity: 0.001, positionAmt: 0.002 }, T0);
  assert.equal(h.core.onIntent(intent({ quantity: 0.002 }), T0), true); // 120 + 119.98
});

test('max gross notional across symbols', () => {
  const h = openCore({ params: { maxGrossNotional: 200 } });
  assert.equal(h.core.onIntent(intent({ symbol: 'ETHUSDT', price: 2999, quantity: 0.04 }), T0), true); // 119.96 pending
  assert.equal(h.core.onIntent(intent({ quantity: 0.002 }), T0), false);
  assert.equal(lastCode(h), 'TL_RISK_GROSS_NOTIONAL');
});

test('max open orders counts approvals not yet acknowledged', () => {
  const h = openCore({ params: { maxOpenOrders: 2 } });
  assert.equal(h.core.onIntent(intent(), T0), true);
  assert.equal(h.core.onIntent(intent(), T0), true);
  assert.equal(h.core.onIntent(intent(), T0), false);
  assert.equal(lastCode(h), 'TL_RISK_OPEN_ORDERS');
});

test('price band around mark (fat-finger collar)', () => {
  const h = openCore({ params: { priceBandBps: 10 } });
  assert.equal(h.core.onIntent(intent({ price: 59_940 }), T0), true); // 10 bps
  assert.equal(h.core.onIntent(intent({ price: 59_930 }), T0), false);
  assert.equal(lastCode(h), 'TL_RISK_PRICE_BAND');
});

test('order-rate throttle per 10 s and per minute', () => {
  const h = openCore({ params: { maxOrdersPer10s: 2, maxOrdersPerMinute: 3 } });
  assert.equal(h.core.onIntent(intent(), T0), true);
  assert.equal(h.core.onIntent(intent(), T0 + 1), true);
  assert.equal(h.core.onIntent(intent(), T0 + 2), false);
  assert.equal(lastCode(h), 'TL_RISK_ORDER_RATE');
  h.core.onReadiness(readiness('BTCUSDT', T0 + 10_001));
  assert.equal(h.core.onIntent(intent(), T0 + 10_001), true);
  h.core.onReadiness(readiness('BTCUSDT', T0 + 20_002));
  assert.equal(h.core.onIntent(intent(), T0 + 20_002), false);
  assert.match(h.records.at(-1)?.detail ?? '', /maxOrdersPerMinute/);
});

test('cooldown after an order and after a loss', () => {
  const h = openCore({ params: { cooldownAfterOrderMs: 1000, cooldownAfterLossMs: 5000 } });
  assert.equal(h.core.onIntent(intent(), T0), true);
  assert.equal(h.core.onIntent(intent(), T0 + 999), false);
  assert.equal(lastCode(h), 'TL_RISK_COOLDOWN');
  assert.equal(h.core.onIntent(intent(), T0 + 1000), true);
  h.core.onExecution(
    {
      type: 'fill',
      symbol: 'BTCUSDT',
      decisionId: 'x',
      clientOrderId: 'x',
      side: 'SELL',
      quantity: 0.001,
      price: 59_000,
      realizedPnl: -1,
      commission: 0,
      positionAmt: 0,
      ts: T0,
    },
    T0 + 1500,
  );
  h.core.onReadiness(readiness('BTCUSDT', T0 + 6000));
  assert.equal(h.core.onIntent(intent(), T0 + 6000), false);
  assert.match(h.records.at(-1)?.detail ?? '', /after loss/);
  assert.equal(h.core.onIntent(intent(), T0 + 6500), true);
});

test('daily realized-loss stop refuses and engages the kill switch with cancel-all', () => {
  const h = openCore({ params: { dailyLossLimit: 10 } });
  h.core.onExecution(
    {
      type: 'fill',
      symbol: 'BTCUSDT',
      decisionId: 'x',
      clientOrderId: 'x',
      side: 'SELL',
      quantity: 0.001,
      price: 59_000,
      realizedPnl: -9,
      commission: 1,
      positionAmt: 0,
      ts: T0,
    },
    T0,
  );
  assert.equal(h.core.killSwitch.engaged, true);
  assert.match(h.core.killSwitch.state().reason, /TL_RISK_DAILY_LOSS/);
  assert.ok(h.approved.some((m) => (m as { type: string }).type === 'cancel-all'));
  h.core.arm('operator re-arms', undefined, T0);
  h.core.onReadiness(readiness('BTCUSDT', T0 + 100_000));
  assert.equal(h.core.onIntent(intent(), T0 + 100_000), false);
  assert.equal(lastCode(h), 'TL_RISK_DAILY_LOSS');
});

test('min notional and precision from exchangeInfo; no filters refused (raiseToMinNotional off)', () => {
  const h = openCore({ params: { raiseToMinNotional: false } });
  assert.equal(h.core.onIntent(intent({ price: 59_990, quantity: 0.0016 }), T0), false); // on the grid 0.001 → 59.99 < 100
  assert.equal(lastCode(h), 'TL_RISK_MIN_NOTIONAL');
  assert.equal(h.core.onIntent(intent({ quantity: 0.0004 }), T0), false); // rounds to 0
  assert.equal(lastCode(h), 'TL_RISK_PRECISION');
  h.core.onReadiness(readiness('XRPUSDT', T0, { markPrice: 0.5 }));
  assert.equal(h.core.onIntent(intent({ symbol: 'XRPUSDT', price: 0.5, quantity: 100 }), T0), false);
  assert.equal(lastCode(h), 'TL_RISK_NO_FILTERS');
});

test('under MIN_NOTIONAL the order is raised to the least step that reaches it, within maxOrderNotional and every cap', () => {
  // The default ramp start (10 % of 1000 = 100 USDT) and a strategy's 0.001 BTC at 59 990: 59.99 < 100.
  const h = openCore({ params: { rampStart: 0.1, rampMin: 0.05 } });
  assert.equal(h.core.onIntent(intent({ price: 59_990, quantity: 0.001 }), T0), true);
  let d = h.records.at(-1) as unknown as { sizedQuantity: number; notional: number };
  assert.equal(d.sizedQuantity, 0.002, '100 / 59990 = 0.00167 → 0.002 on the 0.001 step');
  assert.ok(Math.abs(d.notional - 119.98) < 1e-9);
  // Under the precision floor too (0.0004 rounds to 0): raised all the same.
  assert.equal(h.core.onIntent(intent({ price: 59_990, quantity: 0.0004 }), T0), true);
  d = h.records.at(-1) as unknown as { sizedQuantity: number; notional: number };
  assert.equal(d.sizedQuantity, 0.002);
  // The raise would pass maxOrderNotional: refused with the code instead.
  const capped = openCore({ params: { maxOrderNotional: 110 } });
  assert.equal(capped.core.onIntent(intent({ price: 59_990, quantity: 0.0015 }), T0), false);
  assert.equal(lastCode(capped), 'TL_RISK_MIN_NOTIONAL');
  // The raised order still meets the position cap.
  const position = openCore({ params: { maxPositionNotional: 110 } });
  assert.equal(position.core.onIntent(intent({ price: 59_990, quantity: 0.001 }), T0), false);
  assert.equal(lastCode(position), 'TL_RISK_POSITION_NOTIONAL');
});

test('price is rounded passively onto the tick: a buy never pays more', () => {
  const h = openCore();
  assert.equal(h.core.onIntent(intent({ price: 59_990.07, quantity: 0.002 }), T0), true);
  assert.equal(approvedOrders(h)[0]?.price, 59_990);
});

test('each gate refuses with its code', () => {
  assert.equal(lastCodeAfter(openCore({ executionEnabled: false })), 'TL_RISK_GATE_EXECUTION_DISABLED');
  assert.equal(lastCodeAfter(openCore({ arm: false })), 'TL_RISK_GATE_KILL_SWITCH');
  assert.equal(lastCodeAfter(openCore({ keys: false })), 'TL_RISK_GATE_NO_KEYS');
  const stale = openCore();
  stale.core.onReadiness(readiness('BTCUSDT', T0, { bookInSync: false }));
  assert.equal(lastCodeAfter(stale), 'TL_RISK_GATE_NOT_READY');
  const noStream = openCore();
  noStream.core.onExecution(execStatus({ userStreamLive: false }), T0);
  assert.equal(lastCodeAfter(noStream), 'TL_RISK_GATE_NOT_READY');
  const old = openCore();
  assert.equal(old.core.onIntent(intent(), T0 + 10_000), false);
  assert.match(old.records.at(-1)?.detail ?? '', /ms old/);
});

test('per-symbol kill blocks that symbol only', () => {
  const h = openCore();
  h.core.kill('bad fills', 'ETHUSDT', T0);
  assert.equal(h.core.onIntent(intent({ symbol: 'ETHUSDT', price: 2999, quantity: 0.04 }), T0), false);
  assert.equal(lastCode(h), 'TL_RISK_GATE_KILL_SWITCH');
  assert.equal(h.core.onIntent(intent(), T0), true);
});

test('a decision id is approved at most once', () => {
  const h = openCore();
  const i = intent();
  assert.equal(h.core.onIntent(i, T0), true);
  assert.equal(h.core.onIntent({ ...i }, T0), false);
  assert.equal(lastCode(h), 'TL_RISK_DUPLICATE_DECISION');
});

function lastCodeAfter(h: ReturnType<typeof openCore>): string | undefined {
  h.core.onIntent(intent(), T0);
  return lastCode(h);
}

test('an intent with a bad side, a non-positive price or quantity, or no decisionId is TL_RISK_INVALID_INTENT', () => {
  const h = openCore();
  for (const bad of [
    { side: 'HOLD' as never },
    { price: 0 },
    { price: Number.NaN },
    { quantity: -1 },
    { decisionId: '' },
  ]) {
    assert.equal(h.core.onIntent(intent(bad), T0), false, JSON.stringify(bad));
    assert.equal(lastCode(h), 'TL_RISK_INVALID_INTENT', JSON.stringify(bad));
  }
  assert.equal(approvedOrders(h).length, 0);
});
