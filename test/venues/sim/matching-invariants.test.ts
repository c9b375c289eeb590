/**
 * Matching invariants over seeded synthetic markets (fast-check), with the user's post-only orders resting at,
 * inside and behind the touch: no print trades through a resting user order; at one level the user's orders
 * fill in arrival order; every fill of a resting order is a maker fill with the maker fee. Regression: seed 7
 * BTCUSDT, where a bid resting at the best bid stayed unfilled while trades printed below it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { AggTradePrint, MarketSink } from '../../../src/venues/sim/market/market-events.js';
import { NULL_SINK } from '../../../src/venues/sim/market/market-events.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import { MAKER_FEE } from '../../../src/venues/sim/matching/account.js';
import { Exchange } from '../../../src/venues/sim/matching/exchange.js';
import type { UserOrder } from '../../../src/venues/sim/matching/user-order.js';

const T0 = 1_723_161_600_000;

interface Placement {
  atStep: number;
  buy: boolean;
  /** Ticks from the own-side touch toward the other side (> 0: inside the spread, < 0: behind the touch). */
  offset: number;
  units: number;
}

interface Run {
  violations: string[];
  orders: UserOrder[];
  makerFills: Array<{ m: boolean; n: number; expected: number }>;
}

function run(seed: number, symbol: string, steps: number, placements: Placement[]): Run {
  const violations: string[] = [];
  let ex: Exchange | undefined;
  const sink: MarketSink = {
    ...NULL_SINK,
    aggTrade(_s: string, _E: number, t: AggTradePrint) {
      // At the moment a print is made, no user order may rest at a better price than it.
      for (const o of ex?.openOrders() ?? []) {
        if (o.buy && o.priceTick > t.priceTick)
          violations.push(`seed ${seed}: print ${t.priceTick} under resting bid ${o.priceTick}`);
        if (!o.buy && o.priceTick < t.priceTick)
          violations.push(`seed ${seed}: print ${t.priceTick} over resting ask ${o.priceTick}`);
      }
    },
  };
  const m = new SymbolMarket(symbolSpec(symbol), seed, T0, sink);
  const makerFills: Run['makerFills'] = [];
  ex = new Exchange(new Map([[symbol, m]]), (json) => {
    if (!json.includes('"x":"TRADE"')) return;
    const o = (JSON.parse(json) as { o: { m: boolean; n: string; l: string; L: string } }).o;
    makerFills.push({ m: o.m, n: Number(o.n), expected: Number(o.l) * Number(o.L) * MAKER_FEE });
  });
  ex.account.wallet = 1e12;
  const orders: UserOrder[] = [];
  const bySteps = [...placements].sort((a, b) => a.atStep - b.atStep);
  let next = 0;
  for (let i = 0; i < steps; i++) {
    while (next < bySteps.length && (bySteps[next] as Placement).atStep <= i) {
      const p = bySteps[next++] as Placement;
      const bid = m.book.bestBid() as number;
      const ask = m.book.bestAsk() as number;
      const tick = p.buy ? Math.min(bid + p.offset, ask - 1) : Math.max(ask - p.offset, bid + 1);
      const price = (tick * m.spec.tickSize).toFixed(m.spec.priceDecimals);
      // At least the symbol's minimum notional.
      const units = Math.max(
        p.units,
        Math.ceil((m.spec.minNotional * 1.01) / (tick * m.spec.tickSize * m.spec.stepSize)),
      );
      const qty = (units * m.spec.stepSize).toFixed(m.spec.qtyDecimals);
      const params = new URLSearchParams({
        side: p.buy ? 'BUY' : 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTX',
        quantity: qty,
        price,
        reduceOnly: 'false',
        newOrderRespType: 'RESULT',
      });
      const { result } = ex.place(symbol, params, m.time);
      orders.push(ex.orders.get(result.orderId) as UserOrder);
    }
    m.step();
    ex.afterStep(m.time);
  }
  return { violations, orders, makerFills };
}

const placement = fc.record({
  atStep: fc.integer({ min: 0, max: 400 }),
  buy: fc.boolean(),
  offset: fc.integer({ min: -3, max: 2 }),
  units: fc.integer({ min: 1, max: 60 }),
});

test('no print trades through a resting user order; same-level orders fill in arrival order; maker fills carry m and the maker fee', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.constantFrom('BTCUSDT', 'ETHUSDT', 'SOLUSDT'),
      fc.array(placement, { minLength: 1, maxLength: 12 }),
      (seed, symbol, placements) => {
        const r = run(seed, symbol, 1200, placements);
        assert.deepEqual(r.violations.slice(0, 3), []);
        for (const f of r.makerFills) {
          assert.equal(f.m, true, 'a resting order fills as maker');
          assert.ok(Math.abs(f.n - f.expected) < 1e-6, `maker fee ${f.n} vs ${f.expected}`);
        }
        // Price-time priority among the user's own orders at one level.
        for (let i = 0; i < r.orders.length; i++) {
          for (let j = i + 1; j < r.orders.length; j++) {
            const a = r.orders[i] as UserOrder;
            const b = r.orders[j] as UserOrder;
            if (a.buy !== b.buy || a.priceTick !== b.priceTick || b.time < a.time) continue;
            if (b.execUnits > 0)
              assert.equal(
                a.execUnits,
                a.origUnits,
                `order ${a.orderId} ahead of ${b.orderId} at ${a.priceTick} must fill first`,
              );
          }
        }
      },
    ),
    { numRuns: 25, seed: 17 },
  );
});

test('regression: seed 7 BTCUSDT, a post-only bid at the best bid is filled before any print below it', () => {
  const r = run(7, 'BTCUSDT', 3000, [{ atStep: 40, buy: true, offset: 0, units: 10 }]);
  assert.deepEqual(r.violations.slice(0, 3), []);
  const bid = r.orders[0] as UserOrder;
  assert.ok(bid.execUnits > 0, 'the market traded down through the level within 150 s of exchange time');
});
