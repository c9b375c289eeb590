/**
 * Safety invariant 1 (docs/contract.md) as a property: over random gate states, readiness, kill/arm sequences and intents, an order reaches
 * execution only if all four gates held for its symbol at that moment. Also: kill blocks before it returns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RiskCore } from '../../../src/actors/risk/risk-core.js';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import { execStatus, filters, intent, readiness, T0 } from './risk-fixture.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const step = fc.oneof(
  fc.record({ k: fc.constant('intent' as const), s: fc.constantFrom(...SYMBOLS), q: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    k: fc.constant('ready' as const),
    s: fc.constantFrom(...SYMBOLS),
    book: fc.boolean(),
    backfill: fc.boolean(),
    fresh: fc.boolean(),
  }),
  fc.record({ k: fc.constant('exec' as const), clock: fc.boolean(), stream: fc.boolean(), rec: fc.boolean() }),
  fc.record({ k: fc.constant('kill' as const), s: fc.constantFrom('', ...SYMBOLS) }),
  fc.record({ k: fc.constant('arm' as const), s: fc.constantFrom('', ...SYMBOLS) }),
);

test('no order is approved past a closed gate (fast-check, bounded runs)', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.boolean(), fc.array(step, { maxLength: 40 }), (enabled, keys, steps) => {
      const approved: unknown[] = [];
      const core = new RiskCore(
        {
          params: parseRiskParams({ cooldownAfterOrderMs: 0, rampStart: 1, rampMax: 1, maxOpenOrders: 1000 }),
          executionEnabled: enabled,
          keys,
          now: T0,
          startReason: 'start',
        },
        { approved: (m) => approved.push(m), publish: () => {}, record: () => {} },
      );
      for (const s of SYMBOLS) core.onExecution(filters(s), T0);
      const ready = new Map<string, boolean>();
      let execOk = false;
      let t = T0;
      for (const st of steps) {
        t += 1;
        switch (st.k) {
          case 'ready':
            core.onReadiness(
              readiness(st.s, t, {
                bookInSync: st.book,
                backfillDone: st.backfill,
                dataFresh: st.fresh,
                markPrice: st.s === 'BTCUSDT' ? 60_000 : 3000,
              }),
            );
            ready.set(st.s, st.book && st.backfill && st.fresh);
            break;
          case 'exec':
            core.onExecution(
              execStatus({ clockSynced: st.clock, userStreamLive: st.stream, positionsReconciled: st.rec }),
              t,
            );
            execOk = st.clock && st.stream && st.rec;
            break;
          case 'kill':
            core.kill('prop', st.s || undefined, t);
            break;
          case 'arm':
            try {
              core.arm('prop', st.s || undefined, t);
            } catch (err) {
              assert.equal((err as { code?: string }).code, 'TL_KILL_SWITCH_ARM_REFUSED');
              assert.equal(enabled, false, 'arm refused only without EXECUTION_ENABLED');
            }
            break;
          case 'intent': {
            const before = approved.length;
            const price = st.s === 'BTCUSDT' ? 59_990 : 2_999;
            const qty = st.s === 'BTCUSDT' ? 0.002 * st.q : 0.04 * st.q;
            const blocked = core.killSwitch.blocks(st.s);
            core.onIntent(intent({ symbol: st.s, price, quantity: qty, ts: t }), t);
            const gatesHeld = enabled && keys && !blocked && ready.get(st.s) === true && execOk;
            const leftNow = approved.slice(before).some((m) => (m as { type: string }).type === 'approved-order');
            if (leftNow) assert.ok(gatesHeld, 'an order left past a closed gate');
            break;
          }
        }
      }
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('kill: the switch is engaged when kill returns, the next intent is refused, cancel-all follows', () => {
  const out: Array<{ type: string }> = [];
  const core = new RiskCore(
    { params: parseRiskParams({}), executionEnabled: true, keys: true, now: T0, startReason: 'start' },
    { approved: (m) => out.push(m as { type: string }), publish: () => {}, record: () => {} },
  );
  assert.equal(core.killSwitch.engaged, true, 'engaged at start');
  core.arm('go', undefined, T0);
  const state = core.kill('manual', undefined, T0);
  assert.equal(state.engaged, true);
  assert.equal(core.killSwitch.blocks('BTCUSDT'), true);
  assert.deepEqual(
    out.slice(-2).map((m) => m.type),
    ['kill-switch', 'cancel-all'],
  );
});

test('arm is refused unless EXECUTION_ENABLED=true', () => {
  const core = new RiskCore(
    { params: parseRiskParams({}), executionEnabled: false, keys: true, now: T0, startReason: 'start' },
    { approved: () => {}, publish: () => {}, record: () => {} },
  );
  assert.throws(
    () => core.arm('try', undefined, T0),
    (e: { code?: string }) => e.code === 'TL_KILL_SWITCH_ARM_REFUSED',
  );
  assert.equal(core.killSwitch.engaged, true);
});
