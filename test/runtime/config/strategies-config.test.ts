/**
 * `strategies.symbol`, `strategies.sweepFade` and `strategies.imbalanceBreakout` in the config file are validated
 * at start: a bad value is one TL_CONFIG_INVALID line naming the field and the file (the CLI exits 2 on it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveConfig } from '../../../src/runtime/config/load-config.js';
import { TapelineError } from '../../../src/runtime/errors.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-strat-cfg-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function withStrategies(strategies: unknown) {
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ strategies }));
  return () => resolveConfig({ flags: { config: file }, env: {}, cwd: dir });
}

function assertInvalid(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TapelineError, String(err));
    assert.equal(err.code, 'TL_CONFIG_INVALID');
    assert.ok(!err.message.includes('\n'), err.message);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

test('valid strategy params pass through unchanged', () => {
  const c = withStrategies({
    sweepFade: { burstZ: 4, cooldownMs: 0 },
    imbalanceBreakout: { enabled: false },
    symbol: { obiLevels: 20 },
  })();
  assert.deepEqual(c.strategies.sweepFade, { burstZ: 4, cooldownMs: 0 });
});

test('each bad value names its field (and the file)', () => {
  assertInvalid(withStrategies({ sweepFade: { burstZ: -1 } }), /strategies\.sweepFade\.burstZ/, /c\.json/);
  assertInvalid(withStrategies({ sweepFade: { holdLimitMs: 'long' } }), /strategies\.sweepFade\.holdLimitMs/);
  assertInvalid(withStrategies({ sweepFade: { nope: 1 } }), /strategies\.sweepFade/, /nope/);
  assertInvalid(
    withStrategies({ imbalanceBreakout: { obiThreshold: 2 } }),
    /strategies\.imbalanceBreakout\.obiThreshold/,
  );
  assertInvalid(withStrategies({ imbalanceBreakout: { quantity: 0 } }), /strategies\.imbalanceBreakout\.quantity/);
  assertInvalid(withStrategies({ imbalanceBreakout: [] }), /strategies\.imbalanceBreakout must be an object/);
  assertInvalid(withStrategies({ symbol: { obiLevels: 0 } }), /strategies\.symbol\.obiLevels/);
});
