import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KillSwitch } from '../../../src/actors/risk/kill-switch.js';

test('engaged at construction: nothing may trade', () => {
  const ks = new KillSwitch(1);
  assert.equal(ks.engaged, true);
  assert.equal(ks.blocks('BTCUSDT'), true);
  assert.equal(ks.state().reason, 'engaged at start');
});

test('a per-symbol kill blocks that symbol only; a global kill blocks all', () => {
  const ks = new KillSwitch(1);
  ks.disengage('armed', 2);
  assert.equal(ks.blocks('BTCUSDT'), false);
  ks.engage('bad fills', 3, 'ETHUSDT');
  assert.equal(ks.blocks('ETHUSDT'), true);
  assert.equal(ks.blocks('BTCUSDT'), false);
  ks.engage('manual', 4);
  assert.equal(ks.blocks('BTCUSDT'), true);
  assert.deepEqual(ks.state().symbols.ETHUSDT, { engaged: true, reason: 'bad fills', since: 3 });
});
