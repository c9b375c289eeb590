/**
 * The full pre-trade path per intent (issue 7): RiskCore.onIntent — four gates, order-notional cap, sizing
 * ramp, the nine checks — with a no-op sink, all gates open so every check runs. Refusals are measured too
 * (the kill-switch path, which must be the cheapest: it short-circuits at the gates).
 */
import { RiskCore } from '../src/actors/risk/risk-core.js';
import { parseRiskParams } from '../src/actors/risk/risk-params.js';
import type { OrderIntent } from '../src/schema/internal-messages.js';
import { type BenchSuite, tinybenchCase } from './harness.js';

const T0 = 1_700_000_000_000;

function core(armed: boolean): RiskCore {
  const params = parseRiskParams({
    cooldownAfterOrderMs: 0,
    maxOpenOrders: 1_000_000,
    maxOrdersPer10s: 300,
    maxOrdersPerMinute: 1_200,
    maxGrossNotional: 1e12,
    maxPositionNotional: 1e12,
  });
  const c = new RiskCore(
    { params, executionEnabled: true, keys: true, now: T0, startReason: 'bench' },
    { approved: () => {}, publish: () => {}, record: () => {} },
  );
  c.onExecution(
    {
      type: 'symbol-filters',
      symbol: 'BTCUSDT',
      tickSize: 0.1,
      stepSize: 0.001,
      minQty: 0.001,
      maxQty: 1000,
      minNotional: 100,
      multiplierUp: 1.15,
      multiplierDown: 0.85,
    },
    T0,
  );
  c.onExecution(
    {
      type: 'execution-status',
      ts: T0,
      keys: true,
      clockSynced: true,
      userStreamLive: true,
      positionsReconciled: true,
      positions: { BTCUSDT: 0.01 },
      openOrders: {},
    },
    T0,
  );
  if (armed) c.arm('bench', undefined, T0);
  return c;
}

let seq = 0;
function intent(): OrderIntent {
  return {
    type: 'intent',
    symbol: 'BTCUSDT',
    ts: T0,
    decisionId: `b-${++seq}`,
    side: 'BUY',
    price: 59_990,
    quantity: 0.002,
    reason: 'bench',
  };
}

const approving = core(true);
const killed = core(false);
// Time moves 61 s per intent so the rate window never fills and approvals keep coming.
let now = T0;

export const suite: BenchSuite = {
  name: 'risk checks',
  cases: [
    tinybenchCase('risk: full pre-trade chain per intent (approved)', () => {
      now += 61_000;
      approving.onReadiness({
        type: 'symbol-readiness',
        symbol: 'BTCUSDT',
        ts: now,
        bookInSync: true,
        backfillDone: true,
        dataFresh: true,
        markPrice: 60_000,
      });
      approving.onIntent(intent(), now);
    }),
    tinybenchCase('risk: intent refused by the kill switch', () => {
      killed.onIntent(intent(), T0);
    }),
  ],
};
