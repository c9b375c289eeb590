/**
 * Imbalance-Breakout on crafted sequences: the textbook break (OBI and flow agree ≥ 1 s, OI up, price above the
 * 15-bar high) fires once; each near miss (one condition removed) does not and names the condition; cooldown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseTape, type BreakoutCondition, imbalanceBreakout, run, T0 } from './scenario.js';

test('textbook breakout: one BUY at the touch, invalidation back inside the range, ATR target', () => {
  const r = run(imbalanceBreakout(baseTape()).inputs);
  const sig = r.signals.filter((s) => s.strategy === 'imbalanceBreakout');
  assert.equal(sig.length, 1, JSON.stringify(r.nearMisses));
  const s = sig[0]!;
  assert.equal(s.side, 'BUY');
  assert.equal(s.decisionId, `BTCUSDT:imbalanceBreakout:${s.setupStart}`);
  assert.ok(s.setupStart > T0 + 21_000 && s.ts - s.setupStart >= 1_000);
  assert.ok(s.invalidation < 101, 'invalidation back inside the range');
  assert.ok(Math.abs(s.target - (s.entry + 2 * 2)) < 1e-9, 'target = entry + 2 ATR');
  assert.match(s.reason, /broke the 15-bar high 101 at .* → follow BUY/);
  assert.ok((s.metrics.oiChangePct as number) >= 0.05);
});

const NEAR_MISSES: BreakoutCondition[] = ['obi', 'flow', 'persist', 'oi', 'break'];
for (const omit of NEAR_MISSES) {
  test(`near miss without "${omit}": no signal, and the decision log says "${omit}"`, () => {
    const r = run(imbalanceBreakout(baseTape(), omit).inputs);
    assert.equal(r.signals.filter((s) => s.strategy === 'imbalanceBreakout').length, 0);
    const mine = r.nearMisses.filter((n) => n.strategy === 'imbalanceBreakout');
    assert.ok(mine.length >= 1, 'a near miss is logged');
    assert.ok(
      mine.some((n) => n.failed.length === 1 && n.failed[0] === omit),
      JSON.stringify(mine.map((n) => n.failed)),
    );
  });
}

test('one signal per setup, and cooldown across setups', () => {
  const twice = () => imbalanceBreakout(imbalanceBreakout(baseTape()), undefined, T0 + 41_000).inputs;
  assert.equal(run(twice()).signals.filter((s) => s.strategy === 'imbalanceBreakout').length, 1);
  const free = run(twice(), { imbalanceBreakout: { cooldownMs: 5_000 } });
  assert.equal(free.signals.filter((s) => s.strategy === 'imbalanceBreakout').length, 2);
});

test('not ready: nothing fires', () => {
  assert.equal(run(imbalanceBreakout(baseTape({ ready: false })).inputs).outputs.length, 0);
});

test('open interest not known yet: judged without it by default; requireOi waits for it', () => {
  const inputs = imbalanceBreakout(baseTape()).inputs.filter((i) => i.kind !== 'openInterest');
  const free = run(inputs).signals.filter((s) => s.strategy === 'imbalanceBreakout');
  assert.equal(free.length, 1, 'fires on a tape without OI (the recordings carry none)');
  assert.match(free[0]!.reason, /OI not known yet/);
  assert.ok(free[0]!.strength > 0 && free[0]!.strength <= 1);
  const strict = run(inputs, { imbalanceBreakout: { requireOi: true } });
  assert.equal(strict.signals.filter((s) => s.strategy === 'imbalanceBreakout').length, 0);
  assert.ok(
    strict.nearMisses.some((n) => n.strategy === 'imbalanceBreakout' && n.failed.join() === 'oi'),
    JSON.stringify(strict.nearMisses.map((n) => n.failed)),
  );
});
