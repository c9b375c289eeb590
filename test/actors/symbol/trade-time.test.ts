/**
 * Trade time and the snapshot cut (docs/telemetry.md): a print counts in windows and intervals at its own trade
 * time; one arriving after the snapshot that should have held it counts at the cut and in `lateTrades`; the cut
 * stays in arrival order. Plus the price rounding and the RPI quantity switch. Hand-built sequences.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS, type SymbolParams } from '../../../src/actors/symbol/symbol-params.js';
import type { MetricsMessage } from '../../../src/schema/metrics-message.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { aggTrade, diff, lateAggTrade, SYMBOL, snapshot } from './events.js';

function run(patch: Partial<SymbolParams>, inputs: SymbolInput[]): MetricsMessage[] {
  const e = new SymbolEngine(SYMBOL, { ...DEFAULT_SYMBOL_PARAMS, ...patch });
  const out: MetricsMessage[] = [];
  for (const i of inputs) {
    const m = e.apply(i, 0);
    if (m) out.push(m);
  }
  return out;
}

test('a print counts at its own trade time, not at the clock other streams moved', () => {
  const out = run({ snapshotIntervalMs: 1_000, deltaZIntervalMs: 500, deltaZMinSamples: 2, tradeWindowMs: 500 }, [
    aggTrade(100, 100, 1, 'buy'),
    diff(10, 11, 9, [], [], 1_600), // clock 1 600: snapshot at 1 000
    lateAggTrade(1_400, 1_610, 100, 3, 'buy'), // trade time 1 400: interval [1 000, 1 500), not [1 500, 2 000)
    diff(12, 13, 11, [], [], 2_000), // snapshot at 2 000
  ]);
  const m = out[1] as MetricsMessage;
  assert.equal(m.boundary, 2_000);
  assert.equal(m.ts, 1_610, 'ts: the highest event time in the snapshot');
  // Completed intervals: [0,500) 1, [500,1000) 0, [1000,1500) 3, [1500,2000) 0 → the scored one is 0.
  assert.deepEqual([m.deltaZ.delta, m.deltaZ.samples, m.deltaZ.inProgress], [0, 3, 0]);
  assert.equal(m.deltaZ.mean, 4 / 3);
  // T&S window (1 500, 2 000]: the print at 1 400 is outside it.
  assert.equal(m.timeAndSales.count, 0);
  assert.equal(m.timeAndSales.lateTrades, 0);
  assert.equal(m.cvd.session, 4);
});

test('a print older than the last cut is late: counted at the cut, in the current interval, and in lateTrades', () => {
  const out = run({ snapshotIntervalMs: 1_000, deltaZIntervalMs: 1_000, deltaZMinSamples: 2, tradeWindowMs: 60_000 }, [
    aggTrade(900, 100, 1, 'buy'),
    diff(10, 11, 9, [], [], 1_050), // snapshot at 1 000 (holds the 900 print only)
    lateAggTrade(980, 1_060, 100, 2, 'buy'), // belongs before 1 000, arrives after that snapshot: late
    lateAggTrade(1_020, 1_070, 100, 4, 'sell'),
    diff(12, 13, 11, [], [], 2_000), // snapshot at 2 000
  ]);
  const [a, b] = out as [MetricsMessage, MetricsMessage];
  assert.deepEqual([a.cvd.session, a.timeAndSales.count, a.timeAndSales.lateTrades], [1, 1, 0]);
  assert.equal(b.timeAndSales.lateTrades, 1);
  // The published snapshot at 1 000 is never revised; the late print is in interval [1 000, 2 000).
  assert.deepEqual([b.deltaZ.delta, b.deltaZ.samples], [2 - 4, 1]);
  assert.equal(b.cvd.session, 1 + 2 - 4);
});

test('spread on the tick and mid to 8 decimals, with or without a configured tick', () => {
  for (const tickSize of [0, 0.1]) {
    const out = run({ tickSize }, [
      snapshot(100, [[65_000.1, 1]], [[65_000.2, 3]], 900),
      aggTrade(1_000, 65_000.2, 1, 'buy'),
    ]);
    const p = (out[0] as MetricsMessage).price;
    assert.notEqual(65_000.2 - 65_000.1, 0.1, 'the raw float difference is not the tick');
    assert.deepEqual([p.spread, p.mid, p.bid, p.ask], [0.1, 65_000.15, 65_000.1, 65_000.2]);
  }
});

test("tradeQuantity 'nq' counts aggTrade quantity without RPI fills; 'q' counts all", () => {
  const inputs = (): SymbolInput[] => [
    { ...aggTrade(100, 100, 1, 'buy'), nonRpiQty: 0.25 },
    { ...aggTrade(200, 100, 2, 'sell'), nonRpiQty: 0 }, // all RPI: not a print under 'nq'
    aggTrade(300, 100, 0.5, 'buy'), // no nq on the wire: q
    aggTrade(1_000, 100, 1, 'buy'),
  ];
  const nq = run({ tradeQuantity: 'nq' }, inputs())[0] as MetricsMessage;
  assert.deepEqual(
    [nq.cvd.session, nq.timeAndSales.count, nq.timeAndSales.buyVolume, nq.timeAndSales.quantity],
    [0.75, 2, 0.75, 'nq'],
  );
  const q = run({}, inputs())[0] as MetricsMessage;
  assert.deepEqual([q.cvd.session, q.timeAndSales.count, q.timeAndSales.quantity], [1 - 2 + 0.5, 3, 'q']);
});
