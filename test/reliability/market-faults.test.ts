/**
 * Market-side faults combined, through the simulated venue's fault API into the real ingest actor: dropped and
 * reordered depth updates on both symbols, WS disconnects and malformed frames, round after round. Every gap
 * is detected and resynced, no bad book reaches a symbol actor and none is `ready` from one, aggTrade ids stay
 * contiguous (nothing lost), nothing crashes. Then the same at a per-frame rate: every diff of 10 symbols
 * dropped or held back with 1 % probability each over a few thousand diffs, and the venue's fault log matched
 * to the gaps ingest detected. Figures go to the diagnostics (and, longer, to scripts/soak.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChaosRun, startChaos } from './fixtures/market-chaos.js';

const RATE_SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'BNBUSDT',
  'XRPUSDT',
  'RATE1USDT',
  'RATE2USDT',
  'RATE3USDT',
  'RATE4USDT',
  'RATE5USDT',
];
/** Diffs the venue sends before the rate faults stop: ~20 s of 10 symbols at 100 ms. */
const RATE_FRAMES = 2_000;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('gaps, reorders, disconnects and malformed frames, 8 rounds: all detected and resynced, nothing lost', async (t) => {
  process.env.TAPELINE_QUIET = '1';
  const run: ChaosRun = await startChaos(21);
  try {
    const recover: number[] = [];
    for (let round = 0; round < 8; round++) {
      recover.push(await run.gapRound(2));
      if (round % 3 === 2) recover.push(await run.disconnectRound());
    }
    await pause(300);
    const f = run.figures();
    // A malformed frame that lands on a diff loses it like a drop: the venue logs those too, by update id.
    const v = await run.venueFaults(true);
    const m = run.match(v);
    t.diagnostic(
      `${JSON.stringify(f)} recoverMs=${JSON.stringify(recover)} match=${JSON.stringify(m)} malformedDiffs=${v.malformed}`,
    );
    assert.equal(v.dropped + v.reordered, f.gapsInjected);
    assert.ok(
      m.detected >= f.gapsInjected,
      `detected ${m.detected} of ${f.gapsInjected} injected gaps (+${v.malformed} cut diffs)`,
    );
    assert.equal(m.detected + m.absorbed + m.atReconnect, m.injected);
    assert.equal(m.unexplainedGaps, 0, 'every gap ingest saw was an injected fault');
    assert.equal(f.gapsDetected, m.detected);
    assert.ok(f.resyncs >= f.gapsInjected + f.disconnects, `resyncs ${f.resyncs}`);
    assert.equal(f.badChains, 0, 'no broken diff chain delivered to a symbol actor');
    assert.equal(f.readyWhileBad, 0, 'never ready from a bad book');
    assert.equal(f.tradeIdJumps, 0, 'aggTrade ids contiguous');
    assert.equal(f.tradesLost, 0);
    assert.ok(f.reconnects >= f.disconnects, `reconnects ${f.reconnects}`);
    // A sanity floor, not a rate: the sim's flow over these few seconds varies (9 trades seen once, so > 0).
    assert.ok(f.trades > 0 && f.depthFrames > 10, `traffic flowed (${f.trades} trades, ${f.depthFrames} depth frames)`);
  } finally {
    await run.close();
  }
});

test('depth faults at 1 % of frames each (drop, reorder) on 10 symbols: every fault detected or absorbed, no bad book', async (t) => {
  process.env.TAPELINE_QUIET = '1';
  // Snapshots of 50 levels (weight 2): a resync every few hundred ms stays inside the REST weight budget.
  const run = await startChaos(23, {
    symbols: RATE_SYMBOLS,
    ingest: { depthSnapshotLimit: 50, restWeightBudget: 2000, openInterestPollMs: 10_000 },
  });
  try {
    await run.rateFaults(0.01, 0.01, 5);
    // Bounded by count of polls, not by a timing assertion: the venue's diff count is what ends this.
    for (let i = 0; ; i++) {
      const v = await run.venueFaults();
      if (v.events - v.dropped >= RATE_FRAMES) break;
      assert.ok(i < 600, `the venue sent ${v.events - v.dropped} of ${RATE_FRAMES} diffs`);
      await pause(200);
    }
    await run.rateFaults(0, 0, 5);
    await run.settle(60_000);
    const v = await run.venueFaults(true);
    const f = run.figures();
    const m = run.match(v);
    t.diagnostic(
      `${JSON.stringify(m)} venue=${JSON.stringify({ events: v.events, dropped: v.dropped, reordered: v.reordered })} ${JSON.stringify(f)}`,
    );
    assert.ok(v.dropped > 0 && v.reordered > 0, 'both kinds injected');
    assert.equal(v.malformed, 0);
    assert.equal(m.detected + m.absorbed + m.atReconnect, m.injected);
    assert.ok(m.detected > 0, 'gaps detected');
    assert.equal(m.unexplainedGaps, 0, 'every gap ingest saw was an injected fault');
    assert.equal(f.gapsDetected, f.gapResets, 'each detected gap reached the symbol actor as a reset');
    assert.equal(f.badChains, 0, 'no broken diff chain delivered to a symbol actor');
    assert.equal(f.orphanDiffs, 0, 'no diff delivered without a book under it');
    assert.equal(f.readyWhileBad, 0, 'never ready from a bad book');
    assert.equal(f.engineCrashes, 0);
    assert.equal(f.tradeIdJumps, 0, 'aggTrade ids contiguous');
  } finally {
    await run.close();
  }
});
