import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../src/runtime/restart-policy.js';

const cfg = { maxRestarts: 3, windowMs: 10_000, backoffInitialMs: 100, backoffMaxMs: 350 };

test('back-off doubles per consecutive failure up to the cap', () => {
  const p = new RestartPolicy(cfg);
  p.started(1);
  const delays = [1, 2, 3].map((t) => p.onFailure(t));
  assert.deepEqual(
    delays.map((d) => (d.action === 'restart' ? d.delayMs : -1)),
    [100, 200, 350],
  );
});

test('more than maxRestarts failures within the window escalates', () => {
  const p = new RestartPolicy(cfg);
  p.started(1);
  for (let i = 0; i < 3; i++) assert.equal(p.onFailure(1_000 + i).action, 'restart');
  const d = p.onFailure(2_000);
  assert.equal(d.action, 'escalate');
  assert.match(d.action === 'escalate' ? d.reason : '', /4 failures within 10000 ms/);
});

test('failures outside the window do not count, and a long healthy run resets the back-off', () => {
  const p = new RestartPolicy(cfg);
  p.started(0);
  for (let i = 0; i < 3; i++) p.onFailure(i * 100);
  p.started(500);
  const d = p.onFailure(20_000);
  assert.equal(d.action, 'restart');
  assert.equal(d.action === 'restart' ? d.delayMs : -1, 100);
});
