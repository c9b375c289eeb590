/**
 * The order-flow blocks inside the engine: liquidations (and their prints), mark/funding, VWAP, profile and CVD
 * by size reach the `metrics` message, validate, are hashed (a change moves the hash) and survive a mid-stream
 * snapshot/restore with the identical hash sequence.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../src/actors/symbol/symbol-params.js';
import { LiquidationMessage, MetricsMessage } from '../../../src/schema/metrics-message.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { aggTrade, forceOrder, markPrice, SYMBOL } from './events.js';

const PARAMS = { ...DEFAULT_SYMBOL_PARAMS, largeTradeNotional: 1_000, profileBucket: 1 };

function inputs(): SymbolInput[] {
  return [
    aggTrade(1_000, 100, 20, 'buy', 1), // 2 000 notional: large
    markPrice(1_500, 99, 98.9, 0.0002, 28_800_000),
    forceOrder(1_800, 'sell', 99.5, 3, 1_790),
    aggTrade(2_100, 101, 1, 'sell', 2),
    forceOrder(2_500, 'buy', 101, 1),
    aggTrade(3_100, 102, 2, 'buy', 3),
    aggTrade(4_100, 102, 1, 'buy', 4),
  ];
}

function run(e: SymbolEngine, events: SymbolInput[]): MetricsMessage[] {
  const out: MetricsMessage[] = [];
  for (const i of events) {
    const m = e.apply(i, 0);
    if (m) out.push(m);
  }
  return out;
}

test('the new blocks in the message, their values, and the liquidation prints', () => {
  const e = new SymbolEngine(SYMBOL, PARAMS);
  const out = run(e, inputs());
  const final = e.finalSnapshot() as MetricsMessage;
  for (const m of [...out, final]) assert.ok(Value.Check(MetricsMessage, m), `valid ${m.seq}`);
  const at3 = out[2] as MetricsMessage; // boundary 4 000: trades at 1 000, 2 100, 3 100
  assert.equal(at3.boundary, 4_000);
  assert.deepEqual([at3.liquidations.count, at3.liquidations.sellQty, at3.liquidations.buyNotional], [2, 3, 101]);
  assert.deepEqual(
    [at3.liquidations.largestSide, at3.liquidations.lastSide, at3.liquidations.lastTs],
    ['sell', 'buy', 2_500],
  );
  assert.deepEqual([at3.funding.mark, at3.funding.fundingRate], [99, 0.0002]);
  assert.ok(Math.abs((at3.funding.basisBps as number) - ((102 - 99) / 99) * 10_000) < 1e-9);
  // VWAP = (2 000 + 101 + 204) / 23
  assert.ok(Math.abs((at3.vwap.vwap as number) - 2_305 / 23) < 1e-12);
  assert.deepEqual(at3.volumeProfile.session, { volume: 23, poc: 100, valueAreaHigh: 100, valueAreaLow: 100 });
  assert.deepEqual([at3.cvdBySize.largeSession, at3.cvdBySize.smallSession], [20, -1 + 2]);
  assert.equal(final.final, true);
  assert.equal(final.cvdBySize.smallSession, 2, 'the final one holds the last trade');

  const prints = e.drainPrints();
  assert.equal(prints.length, 2);
  for (const p of prints) assert.ok(Value.Check(LiquidationMessage, p));
  assert.deepEqual(prints[0], {
    type: 'liquidation',
    symbol: SYMBOL,
    ts: 1_790,
    side: 'sell',
    price: 99.5,
    qty: 3,
    notional: 298.5,
  });
  assert.equal(e.drainPrints().length, 0);
});

test('restore mid-stream: the same hashes; and each block is in the hash', () => {
  const all = inputs();
  const whole = run(new SymbolEngine(SYMBOL, PARAMS), all).map((m) => m.stateHash);
  for (let cut = 1; cut < all.length; cut++) {
    const a = new SymbolEngine(SYMBOL, PARAMS);
    const first = run(a, all.slice(0, cut));
    const b = SymbolEngine.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const rest = run(b, all.slice(cut));
    assert.deepEqual(
      [...first, ...rest].map((m) => m.stateHash),
      whole,
      `restored after input ${cut}`,
    );
  }
  // One liquidation's quantity changed (at 1 800, before the first snapshot) → every hash differs.
  const changed = inputs();
  changed[2] = forceOrder(1_800, 'sell', 99.5, 3.5, 1_790);
  const other = run(new SymbolEngine(SYMBOL, PARAMS), changed).map((m) => m.stateHash);
  assert.equal(other.length, whole.length);
  for (let i = 0; i < whole.length; i++) assert.notEqual(other[i], whole[i]);
  const funding = inputs();
  funding[1] = markPrice(1_500, 99, 98.9, 0.0003, 28_800_000);
  assert.notEqual(run(new SymbolEngine(SYMBOL, PARAMS), funding)[1]?.stateHash, whole[1]);
});
