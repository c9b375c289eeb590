/**
 * Sweep-Fade on crafted sequences: the textbook setup fires once with a LIMIT inside the range, invalidation
 * beyond the sweep and a target toward the range mid; each near miss (one condition removed) does not fire
 * and its decision-log record names that condition; cooldown, readiness, and the next metrics message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseTape, run, type SweepCondition, sweepFade, T0 } from './scenario.js';

test('textbook sweep of the high, failed and absorbed: one SELL fade with entry, invalidation, target, reason', () => {
  const r = run(sweepFade(baseTape()).inputs);
  assert.equal(r.signals.length, 1, JSON.stringify(r.nearMisses));
  const s = r.signals[0]!;
  assert.equal(s.strategy, 'sweepFade');
  assert.equal(s.side, 'SELL');
  assert.equal(s.setupStart, T0 + 21_000);
  assert.equal(s.decisionId, `BTCUSDT:sweepFade:${T0 + 21_000}`);
  assert.equal(s.ts, T0 + 21_600);
  assert.ok(s.entry <= 101 && s.entry > 100.8, `entry ${s.entry} is a LIMIT inside the range`);
  assert.ok(s.invalidation > 101.2, 'invalidation beyond the sweep extreme');
  assert.ok(s.target < s.entry && s.target >= 100, 'target toward the range mid');
  assert.ok(s.strength > 0 && s.strength <= 1);
  assert.match(s.reason, /swept the 15-bar high 101 .* fade SELL/);
  assert.ok(!s.reason.includes('\n'));
  assert.equal(s.metrics.rangeHigh, 101);
  assert.equal(s.metrics.sweepExtreme, 101.2);
  assert.equal(s.metrics.levels, 4);
  assert.ok((s.metrics.obi as number) < -0.1);
});

test('the next metrics message carries signalDisplay and advancedMetrics', () => {
  const r = run(sweepFade(baseTape()).inputs);
  const after = r.metrics.filter((m) => m.ts >= T0 + 21_600);
  const m = after[0]!;
  assert.deepEqual(m.signalDisplay && [m.signalDisplay.strategy, m.signalDisplay.side, m.signalDisplay.ts], [
    'sweepFade',
    'SELL',
    T0 + 21_600,
  ]);
  assert.equal(m.advancedMetrics['signal.decisionId'], `BTCUSDT:sweepFade:${T0 + 21_000}`);
  assert.equal(m.advancedMetrics['signal.rangeHigh'], 101);
  const before = r.metrics.filter((x) => x.ts < T0 + 21_600);
  assert.ok(before.every((x) => x.signalDisplay === null));
});

const NEAR_MISSES: SweepCondition[] = ['break', 'burst', 'levels', 'returned', 'cvd', 'obi'];
for (const omit of NEAR_MISSES) {
  test(`near miss without "${omit}": no signal, and the decision log says "${omit}"`, () => {
    const r = run(sweepFade(baseTape(), omit).inputs);
    assert.equal(r.signals.length, 0, JSON.stringify(r.signals));
    const mine = r.nearMisses.filter((n) => n.strategy === 'sweepFade');
    assert.equal(mine.length, 1, JSON.stringify(r.nearMisses));
    assert.deepEqual(mine[0]!.failed, [omit]);
    assert.equal(mine[0]!.setupStart, T0 + 21_000);
  });
}

test('cooldown: a second setup inside cooldownMs is a "cooldown" near miss; outside it, a second signal', () => {
  // The second sweep runs through the first one's high (101.2) 29 s later; its hold limit ends inside the cooldown.
  const two = () => sweepFade(sweepFade(baseTape(), undefined, T0 + 21_000, 0, 25), undefined, T0 + 50_000, 0.3).inputs;
  const cooled = run(two());
  assert.equal(cooled.signals.length, 1);
  assert.deepEqual(
    cooled.nearMisses.filter((n) => n.strategy === 'sweepFade').map((n) => n.failed),
    [['cooldown']],
  );
  const free = run(two(), { sweepFade: { cooldownMs: 10_000 } });
  assert.deepEqual(
    free.signals.map((s) => s.setupStart),
    [T0 + 21_000, T0 + 50_000],
  );
});

test('not ready (no backfillDone): nothing fires, nothing is logged', () => {
  const r = run(sweepFade(baseTape({ ready: false })).inputs);
  assert.equal(r.outputs.length, 0);
});

test('disabled: not evaluated', () => {
  const r = run(sweepFade(baseTape()).inputs, { sweepFade: { enabled: false } });
  assert.equal(r.signals.length, 0);
});
