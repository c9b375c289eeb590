/** The sizing ramp: starts small, steps up after clean fills, down after a loss, each change logged with why. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SizingRamp } from '../../../src/actors/risk/sizing-ramp.js';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import { approvedOrders, intent, openCore, T0 } from './risk-fixture.js';

test('steps up after rampFillsPerStep clean fills, down after a losing fill, within [rampMin, rampMax]', () => {
  const p = parseRiskParams({ rampStart: 0.2, rampStep: 0.1, rampMin: 0.1, rampMax: 0.3, rampFillsPerStep: 2 });
  const r = new SizingRamp(p);
  assert.equal(r.fraction, 0.2);
  assert.equal(r.onFill(1, 1, p), undefined);
  assert.deepEqual(r.onFill(1, 1, p)?.to, 0.3);
  r.onFill(1, 1, p);
  assert.equal(r.onFill(1, 1, p), undefined, 'capped at rampMax: no change');
  const down = r.onFill(-2, -2, p);
  assert.equal(down?.to, 0.2);
  assert.match(down?.reason ?? '', /losing fill/);
  r.onFill(-2, -2, p);
  assert.equal(r.onFill(-2, -2, p), undefined, 'floored at rampMin');
  assert.equal(r.fraction, 0.1);
});

test('the ramp sizes approved orders and every change lands in the decisions log', () => {
  const h = openCore({
    params: { maxOrderNotional: 1000, rampStart: 0.2, rampStep: 0.2, rampMin: 0.2, rampMax: 1, rampFillsPerStep: 1 },
  });
  h.core.onIntent(intent({ quantity: 0.01 }), T0); // 599.9 asked, budget 200 → 0.003
  assert.equal(approvedOrders(h)[0]?.quantity, 0.003);
  h.core.onExecution(
    {
      type: 'fill',
      symbol: 'BTCUSDT',
      decisionId: 'x',
      clientOrderId: 'x',
      side: 'BUY',
      quantity: 0.003,
      price: 59_990,
      realizedPnl: 0,
      commission: 0,
      positionAmt: 0.003,
      ts: T0,
    },
    T0,
  );
  const ramp = h.records.filter((r) => r.kind === 'ramp');
  assert.equal(ramp.length, 1);
  assert.equal(ramp[0]?.to, 0.4);
  h.core.onIntent(intent({ quantity: 0.01 }), T0);
  assert.equal(approvedOrders(h)[1]?.quantity, 0.006);
});

test('RiskParamsSchema: defaults, a bad value names the field, a live patch is logged old → new', () => {
  const p = parseRiskParams(undefined);
  assert.equal(p.timeInForce, 'GTX');
  assert.throws(
    () => parseRiskParams({ maxOrderNotional: -1 }),
    (e: Error & { code?: string }) => e.code === 'TL_RISK_PARAMS_INVALID' && /maxOrderNotional/.test(e.message),
  );
  assert.throws(() => parseRiskParams({ nope: 1 }), /TL_RISK_PARAMS_INVALID|nope|risk/);
  const h = openCore();
  const changed = h.core.configure({ priceBandBps: 5 }, T0);
  assert.deepEqual(changed, { priceBandBps: { old: 50, new: 5 } });
  assert.equal(h.records.at(-1)?.kind, 'config');
  assert.throws(() => h.core.configure({ priceBandBps: 'x' }, T0), /priceBandBps/);
  assert.equal(h.core.params.priceBandBps, 5, 'an invalid patch changes nothing');
});
