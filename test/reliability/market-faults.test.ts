/**
 * Market-side faults combined, through the simulated venue's fault API into the real ingest actor: dropped and
 * reordered depth updates on both symbols, WS disconnects and malformed frames, round after round. Every gap
 * is detected and resynced, no bad book reaches a symbol actor and none is `ready` from one, aggTrade ids stay
 * contiguous (nothing lost), nothing crashes. Figures go to the diagnostics (and, longer, to scripts/soak.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ChaosRun, startChaos } from './fixtures/market-chaos.js';

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
    t.diagnostic(`${JSON.stringify(f)} recoverMs=${JSON.stringify(recover)}`);
    assert.equal(f.gapsDetected, f.gapsInjected, `detected ${f.gapsDetected} of ${f.gapsInjected} injected gaps`);
    assert.ok(f.resyncs >= f.gapsInjected + f.disconnects, `resyncs ${f.resyncs}`);
    assert.equal(f.badChains, 0, 'no broken diff chain delivered to a symbol actor');
    assert.equal(f.readyWhileBad, 0, 'never ready from a bad book');
    assert.equal(f.tradeIdJumps, 0, 'aggTrade ids contiguous');
    assert.equal(f.tradesLost, 0);
    assert.ok(f.reconnects >= f.disconnects, `reconnects ${f.reconnects}`);
    // A sanity floor, not a rate: the sim's flow per round varies with its seed and generator.
    assert.ok(f.trades > 10 && f.depthFrames > 10, `traffic flowed (${f.trades} trades, ${f.depthFrames} depth frames)`);
  } finally {
    await run.close();
  }
});
