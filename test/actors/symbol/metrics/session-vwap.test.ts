/** Session VWAP and its bands against the definitions worked by hand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionVwap } from '../../../../src/actors/symbol/metrics/session-vwap.js';

test('vwap and volume-weighted σ bands', () => {
  const v = new SessionVwap();
  assert.equal(v.figures().vwap, null);
  v.onTrade(100, 1);
  v.onTrade(102, 1);
  v.onTrade(104, 2);
  const f = v.figures();
  // vwap = (100 + 102 + 208) / 4 = 102.5; σ² = (1·6.25 + 1·0.25 + 2·2.25) / 4 = 2.75
  assert.ok(Math.abs((f.vwap as number) - 102.5) < 1e-12);
  assert.ok(Math.abs((f.std as number) - Math.sqrt(2.75)) < 1e-12);
  const s = Math.sqrt(2.75);
  for (const [got, want] of [
    [f.upper1, 102.5 + s],
    [f.lower1, 102.5 - s],
    [f.upper2, 102.5 + 2 * s],
    [f.lower2, 102.5 - 2 * s],
  ] as const) {
    assert.ok(Math.abs((got as number) - want) < 1e-12);
  }
  assert.equal(f.volume, 4);
  assert.deepEqual(new SessionVwap(structuredClone(v.toData())).figures(), f);
});

test('σ stays accurate at high prices (sums kept relative to the first price)', () => {
  const v = new SessionVwap();
  for (let i = 0; i < 10_000; i++) v.onTrade(65_000 + (i % 2 === 0 ? 0.1 : -0.1), 0.001);
  const f = v.figures();
  assert.ok(Math.abs((f.vwap as number) - 65_000) < 1e-9);
  assert.ok(Math.abs((f.std as number) - 0.1) < 1e-9);
});
