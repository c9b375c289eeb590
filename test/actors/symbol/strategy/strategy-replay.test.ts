/**
 * Determinism and the readiness gate: the same sequence gives the same outputs (signals, decisionIds, near
 * misses) and the same stateHash sequence; a mid-stream snapshot/restore continues identically; and, as a
 * fast-check property, no signal is ever emitted at a step where the symbol is not ready.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SymbolEngine } from '../../../../src/actors/symbol/symbol-engine.js';
import type { SymbolInput } from '../../../../src/schema/symbol-input.js';
import { bookReset } from '../events.js';
import { baseTape, imbalanceBreakout, run, sweepFade, T0 } from './scenario.js';

const both = (): SymbolInput[] => imbalanceBreakout(sweepFade(baseTape()), undefined, T0 + 70_000).inputs;

test('replay: identical outputs and stateHash sequence', () => {
  const a = run(both());
  const b = run(both());
  assert.ok(a.signals.length >= 2);
  assert.deepEqual(a.outputs, b.outputs);
  assert.deepEqual(
    a.metrics.map((m) => m.stateHash),
    b.metrics.map((m) => m.stateHash),
  );
  assert.deepEqual(a.signals.map((s) => s.strategy).sort(), ['imbalanceBreakout', 'sweepFade']);
});

test('strategy state is in the stateHash, and snapshot/restore mid-setup continues identically', () => {
  const inputs = both();
  const full = run(inputs);
  // Cut while the sweep is armed (after the burst, before the return).
  const cut = inputs.findIndex((e) => e.kind === 'depthUpdate' && e.eventTime === T0 + 21_300) + 1;
  const first = run(inputs.slice(0, cut));
  const restored = SymbolEngine.restore(structuredClone(first.engine.snapshot()));
  const rest: unknown[] = [];
  const hashes = [...first.metrics.map((m) => m.stateHash)];
  for (const i of inputs.slice(cut)) {
    const m = restored.apply(i, 0);
    if (m) hashes.push(m.stateHash);
    rest.push(...restored.drainStrategyOutputs());
  }
  assert.deepEqual([...first.outputs, ...rest], full.outputs);
  assert.deepEqual(
    hashes,
    full.metrics.map((m) => m.stateHash),
  );
  // Another cooldown is other state: the hash must differ from the first snapshot on.
  const other = run(inputs, { sweepFade: { cooldownMs: 1_000 } });
  assert.notEqual(other.metrics[0]!.stateHash, full.metrics[0]!.stateHash);
});

test('property: a signal is only ever emitted at a step where the symbol is ready', () => {
  const inputs = both();
  fc.assert(
    fc.property(fc.array(fc.nat(inputs.length - 1), { maxLength: 4 }), fc.boolean(), (resets, dropBackfill) => {
      const seq: SymbolInput[] = [];
      inputs.forEach((e, i) => {
        if (dropBackfill && e.kind === 'backfillDone') return;
        if (resets.includes(i)) seq.push(bookReset(e.eventTime));
        seq.push(e);
      });
      const engine = new SymbolEngine('BTCUSDT', run([]).engine.currentParams());
      let fired = 0;
      for (const e of seq) {
        engine.apply(e, 0);
        for (const o of engine.drainStrategyOutputs()) {
          assert.ok(engine.ready(), 'emitted while not ready');
          if (!('type' in o)) fired++;
        }
      }
      if (dropBackfill) assert.equal(fired, 0);
    }),
    { numRuns: 40, seed: 6 },
  );
});
