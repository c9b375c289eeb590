/**
 * The synthetic market alone (no network): same seed → byte-identical frames; depth diffs chain by `pu` on
 * every cadence and rebuild the generator's own book from a snapshot; ids are contiguous; the market shows
 * regimes, bursts, sweeps, liquidations, and price stays near its latent value.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ASK, BID } from '../../../src/venues/sim/market/order-book.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import { RecordingSink } from './recording-sink.js';

const START = 1_723_161_600_000;

function run(seed: number, symbol: string, steps: number): { sink: RecordingSink; market: SymbolMarket } {
  const sink = new RecordingSink();
  const market = new SymbolMarket(symbolSpec(symbol), seed, START, sink);
  sink.add(market);
  for (let i = 0; i < steps; i++) market.step();
  return { sink, market };
}

function digest(sink: RecordingSink): string {
  const h = createHash('sha256');
  for (const f of sink.frames) h.update(`${f.stream}\n${f.json}\n`);
  return h.digest('hex');
}

test('same seed and start give byte-identical frames; another seed differs', () => {
  const a = run(42, 'BTCUSDT', 2000);
  const b = run(42, 'BTCUSDT', 2000);
  const c = run(43, 'BTCUSDT', 2000);
  assert.ok(a.sink.frames.length > 1000);
  assert.equal(digest(a.sink), digest(b.sink));
  assert.notEqual(digest(a.sink), digest(c.sink));
  // A symbol's stream does not depend on which other symbols exist: each has its own seeded stream.
  assert.equal(digest(run(42, 'ETHUSDT', 500).sink), digest(run(42, 'ETHUSDT', 500).sink));
});

test('diff depth chains by pu on every cadence and rebuilds the book from a snapshot', () => {
  const sink = new RecordingSink();
  const m = new SymbolMarket(symbolSpec('ETHUSDT'), 5, START, sink);
  sink.add(m);
  // 101 steps: mid-window for the 100ms cadence, so changes are pending as in a live snapshot.
  for (let i = 0; i < 101; i++) m.step();
  // Snapshot as REST would give it, then apply the buffered diffs of the 100ms cadence.
  const snapshotId = m.lastChangeId;
  const local = [new Map<string, string>(), new Map<string, string>()];
  for (const side of [BID, ASK] as const) {
    for (const [t, q] of m.book.top(side, 1000))
      local[side]?.set(
        (t * m.spec.tickSize).toFixed(m.spec.priceDecimals),
        (q * m.spec.stepSize).toFixed(m.spec.qtyDecimals),
      );
  }
  sink.frames.length = 0;
  for (let i = 0; i < 599; i++) m.step();
  for (const cadence of [0, 1, 2, 3]) {
    const events = sink.frames.filter((f) => f.stream === `depth:${cadence}`).map((f) => JSON.parse(f.json));
    assert.ok(events.length > 10, `cadence ${cadence} has events`);
    for (let i = 1; i < events.length; i++) {
      assert.equal(events[i].pu, events[i - 1].u, `cadence ${cadence}: pu chains`);
      assert.ok(events[i].U > events[i - 1].u, 'ids increase');
    }
  }
  const diffs = sink.frames.filter((f) => f.stream === 'depth:1').map((f) => JSON.parse(f.json));
  let applied = 0;
  for (const d of diffs) {
    if (d.u < snapshotId) continue;
    if (applied === 0) assert.ok(d.U <= snapshotId + 1 && d.u >= snapshotId, 'first event straddles the snapshot');
    for (const [side, key] of [
      [0, 'b'],
      [1, 'a'],
    ] as const) {
      for (const [p, q] of d[key] as string[][]) {
        if (Number(q) === 0) local[side]?.delete(p as string);
        else local[side]?.set(p as string, q as string);
      }
    }
    applied++;
  }
  const top = (side: 0 | 1): string[] =>
    [...(local[side] as Map<string, string>).entries()]
      .sort((x, y) => (side === 0 ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])))
      .slice(0, 50)
      .map(([p, q]) => `${p}:${q}`);
  const truth = (side: 0 | 1): string[] =>
    m.book
      .top(side, 50)
      .map(
        ([t, q]) =>
          `${(t * m.spec.tickSize).toFixed(m.spec.priceDecimals)}:${(q * m.spec.stepSize).toFixed(m.spec.qtyDecimals)}`,
      );
  // The last 100ms flush happened at the last step boundary divisible by 100: the book is then identical.
  assert.equal(m.time % 100, 0);
  assert.deepEqual(top(0), truth(0));
  assert.deepEqual(top(1), truth(1));
});

test('aggTrade ids are contiguous and trades carry contiguous ids; the book never crosses', () => {
  const { sink, market } = run(9, 'BTCUSDT', 4000);
  const agg = sink.frames.filter((f) => f.stream === 'aggTrade').map((f) => JSON.parse(f.json));
  for (let i = 1; i < agg.length; i++) {
    assert.equal(agg[i].a, agg[i - 1].a + 1);
    assert.equal(agg[i].f, agg[i - 1].l + 1);
    assert.ok(agg[i].T >= agg[i - 1].T);
  }
  const trades = sink.frames.filter((f) => f.stream === 'trade').map((f) => JSON.parse(f.json));
  for (let i = 1; i < trades.length; i++) assert.equal(trades[i].t, trades[i - 1].t + 1);
  const tickers = sink.frames.filter((f) => f.stream === 'bookTicker').map((f) => JSON.parse(f.json));
  for (const t of tickers) assert.ok(Number(t.b) < Number(t.a), `book crossed: ${t.b} >= ${t.a}`);
  assert.ok(Math.abs(market.midTick() - market.price.fair) < 50, 'the book tracks the latent price');
});

test('over 10 simulated minutes: regimes change, trades cluster, sweeps and liquidations happen, OI moves', () => {
  const sink = new RecordingSink();
  const m = new SymbolMarket(symbolSpec('BTCUSDT'), 3, START, sink);
  sink.add(m);
  const regimes = new Set<string>();
  const perSecond: number[] = [];
  const liquidations: string[] = [];
  let bigMoves = 0;
  const oi0 = m.openInterest;
  for (let i = 0; i < 12_000; i++) {
    const before = m.book.bestAsk() as number;
    m.step();
    // A sweep shows as the touch jumping several ticks within one step.
    if (Math.abs((m.book.bestAsk() as number) - before) >= 3) bigMoves++;
    regimes.add(m.price.regime);
    if (m.time % 1000 === 0) {
      perSecond.push(sink.frames.filter((f) => f.stream === 'aggTrade').length);
      for (const f of sink.frames) if (f.stream === 'forceOrder') liquidations.push(f.json);
      sink.frames.length = 0;
    }
  }
  assert.equal(regimes.size, 3, `regimes seen: ${[...regimes]}`);
  const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
  const variance = perSecond.reduce((a, b) => a + (b - mean) ** 2, 0) / perSecond.length;
  assert.ok(variance / mean > 2, `bursty flow: dispersion ${variance / mean}`);
  assert.ok(bigMoves > 5, `multi-level moves: ${bigMoves}`);
  assert.notEqual(m.openInterest, oi0);
  assert.ok(liquidations.length > 0, 'liquidations happen');
  assert.equal(JSON.parse(liquidations[0] as string).o.X, 'FILLED');
});
