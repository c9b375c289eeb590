/**
 * SymbolEngine on crafted sequences: snapshot boundaries (emitted before the crossing event, aligned to the
 * interval, one per crossing), readiness, trade sources, backfill, and schema validity of what it emits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS, type SymbolParams } from '../../../src/actors/symbol/symbol-params.js';
import { MetricsMessage } from '../../../src/schema/metrics-message.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { aggTrade, backfillDone, bookReset, diff, kline, SYMBOL, snapshot, trade } from './events.js';

function engine(patch: Partial<SymbolParams> = {}): SymbolEngine {
  return new SymbolEngine(SYMBOL, { ...DEFAULT_SYMBOL_PARAMS, ...patch });
}

function feed(e: SymbolEngine, inputs: SymbolInput[]): MetricsMessage[] {
  const out: MetricsMessage[] = [];
  for (const i of inputs) {
    const m = e.apply(i, 0);
    if (m) out.push(m);
  }
  return out;
}

test('a snapshot per boundary crossing, of the state before the crossing event', () => {
  const e = engine();
  const out = feed(e, [
    aggTrade(10_100, 100, 1, 'buy'),
    aggTrade(10_900, 101, 2, 'sell'),
    aggTrade(11_000, 102, 4, 'buy'), // crosses 11,000: snapshot without this trade
    aggTrade(11_500, 103, 1, 'buy'),
    aggTrade(14_200, 104, 1, 'sell'), // crosses 12,000 and 13,000 and 14,000: one snapshot, at 14,000
  ]);
  assert.equal(out.length, 2);
  const [a, b] = out as [MetricsMessage, MetricsMessage];
  assert.deepEqual([a.seq, a.ts, a.price.last, a.cvd.session, a.timeAndSales.count], [1, 10_900, 101, -1, 2]);
  assert.deepEqual([b.seq, b.ts, b.price.last, b.cvd.session, b.timeAndSales.count], [2, 11_500, 103, 4, 4]);
  assert.equal(b.book.sinceLastEventMs, 2_500); // boundary 14,000 − last event 11,500
  for (const m of out) assert.ok(Value.Check(MetricsMessage, m));
});

test('ready: book in sync and backfill done; a bookReset takes it back', () => {
  const e = engine();
  feed(e, [snapshot(100, [[10, 1]], [[11, 1]])]);
  assert.equal(e.ready(), false);
  feed(e, [backfillDone()]);
  assert.equal(e.ready(), true);
  feed(e, [bookReset()]);
  assert.equal(e.ready(), false);
  feed(e, [snapshot(200, [[10, 1]], [[11, 1]], 2_000), diff(199, 201, 198, [[10.5, 2]], [], 2_100)]);
  assert.equal(e.ready(), true);
  const [m] = feed(e, [aggTrade(3_000, 10.7, 1, 'buy')]);
  assert.ok(m);
  assert.deepEqual([m.price.bid, m.price.ask, m.book.resyncs, m.book.lastUpdateId, m.ready], [10.5, 11, 1, 201, true]);
});

test("tradeSource 'auto': the first print's stream is the session's; the other is dropped, never mixed", () => {
  const e = engine();
  const out = feed(e, [
    trade(1_000, 100, 1, 'buy', 500),
    trade(1_001, 100, 2, 'buy', 501),
    { ...aggTrade(1_002, 100, 3, 'buy', 77), firstTradeId: 500, lastTradeId: 502 }, // dropped: source is trade
    trade(1_003, 100, 5, 'buy', 503),
    aggTrade(1_500, 100, 1, 'buy', 79), // dropped too: a dropped event does not move the clock
    trade(2_000, 100, 1, 'buy', 504),
  ]);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.cvd.session, 1 + 2 + 5);
  assert.equal(out[0]?.timeAndSales.source, 'trade');
  assert.equal((e.status().dropped as { otherSource: number }).otherSource, 2);

  const a = engine();
  const [m] = feed(a, [
    aggTrade(1_000, 100, 1, 'buy', 7),
    trade(1_001, 100, 9, 'sell', 8),
    aggTrade(2_000, 100, 1, 'buy', 9),
  ]);
  assert.deepEqual([m?.cvd.session, m?.timeAndSales.source], [1, 'aggTrade']);
});

test("tradeSource 'trade' ignores aggTrade; non-prints and duplicates are dropped", () => {
  const e = engine({ tradeSource: 'trade' });
  const out = feed(e, [
    trade(1_000, 100, 1, 'sell', 1),
    trade(1_000, 100, 1, 'sell', 1), // duplicate id
    { ...trade(1_001, 0, 0, 'buy', 2), orderType: 'NA' },
    aggTrade(1_002, 100, 9, 'buy'),
    trade(2_000, 100, 1, 'buy', 3),
  ]);
  assert.equal(out[0]?.cvd.session, -1);
  assert.deepEqual(e.status().dropped, { otherSymbol: 0, notPrint: 1, duplicate: 1, otherSource: 1 });
});

test('backfill klines and OI rows fill ATR and open interest without moving the clock', () => {
  const e = engine({ atrPeriod: 2, oiLookbackMs: 300_000 });
  const M = 60_000;
  const out = feed(e, [
    kline(0, 100, 110, 90, 100),
    kline(M, 100, 104, 98, 102),
    { kind: 'openInterestHist', symbol: SYMBOL, eventTime: 0, sumOpenInterest: 1_000, sumOpenInterestValue: 0 },
    { kind: 'openInterestHist', symbol: SYMBOL, eventTime: 300_000, sumOpenInterest: 1_100, sumOpenInterestValue: 0 },
    backfillDone(),
    aggTrade(2 * M + 10, 103, 1, 'buy'),
    { kind: 'openInterest', symbol: SYMBOL, eventTime: 2 * M + 20, openInterest: 1_200 }, // older than the rows
    aggTrade(2 * M + 1_000, 101, 1, 'buy'),
  ]);
  assert.equal(out.length, 1);
  const m = out[0] as MetricsMessage;
  assert.equal(m.seq, 1, 'the first snapshot follows the first clock event, not the kline close times');
  assert.equal(m.atr.value, (20 + 6) / 2);
  assert.deepEqual([m.atr.high, m.atr.low], [110, 90]);
  assert.deepEqual(m.openInterest, { value: 1_100, change: 100, changePct: 10, ts: 300_000, quadrant: null });
});

test('events of another symbol are dropped', () => {
  const e = engine();
  feed(e, [{ ...aggTrade(1_000, 1, 1, 'buy'), symbol: 'ETHUSDT' }]);
  assert.equal((e.status().dropped as { otherSymbol: number }).otherSymbol, 1);
  assert.equal(e.status().applied, 0);
});

test('setParams: windows change in place; the hash covers parameters', () => {
  const a = engine();
  const b = engine();
  const seq = [aggTrade(1_000, 100, 1, 'buy', 1), aggTrade(2_000, 100, 1, 'buy', 2)];
  b.setParams({ ...DEFAULT_SYMBOL_PARAMS, tradeWindowMs: 30_000 });
  const [ma] = feed(a, seq);
  const [mb] = feed(b, seq);
  assert.equal(mb?.timeAndSales.windowMs, 30_000);
  assert.notEqual(ma?.stateHash, mb?.stateHash);
});

test('an explicit tradeSource set live overrides the stream auto chose (never both dropped)', () => {
  const e = engine();
  feed(e, [trade(1_000, 100, 1, 'buy', 1)]);
  e.setParams({ ...DEFAULT_SYMBOL_PARAMS, tradeSource: 'aggTrade' });
  const [m] = feed(e, [
    aggTrade(1_100, 100, 2, 'buy', 5),
    trade(1_200, 100, 4, 'buy', 2),
    aggTrade(2_000, 100, 1, 'buy', 6),
  ]);
  assert.deepEqual([m?.cvd.session, m?.timeAndSales.source], [3, 'aggTrade']);
});

test('drainTrades: the prints the last snapshot counts, at their own trade time and side, then nothing', () => {
  const e = new SymbolEngine(SYMBOL, DEFAULT_SYMBOL_PARAMS);
  assert.equal(e.drainTrades(), undefined, 'nothing before the first print');
  e.apply(aggTrade(1_005, 100, 2, 'buy'), 0);
  e.apply({ ...aggTrade(1_010, 101, 3, 'sell'), tradeTime: 999 }, 0);
  assert.equal(e.drainTrades(), undefined, 'no snapshot cut yet');
  assert.ok(e.apply(aggTrade(2_005, 102, 1, 'buy'), 0), 'the print at 2 005 crosses 2 000: a snapshot');
  assert.deepEqual(e.drainTrades(), {
    type: 'trades',
    symbol: SYMBOL,
    ts: [1_005, 999],
    price: [100, 101],
    qty: [2, 3],
    side: [1, -1],
    omitted: 0,
  });
  assert.equal(e.drainTrades(), undefined, 'drained; the crossing print waits for the next snapshot');
  assert.ok(e.finalSnapshot());
  assert.deepEqual(e.drainTrades()?.ts, [2_005]);
});
