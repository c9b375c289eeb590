/**
 * A cut-off execution host (docs/cluster-durability.md): when the node loses NATS the engine stops refreshing the
 * venue's dead-man countdown (so the venue cancels its orders if the cut lasts), and refreshes again once NATS is
 * back while armed.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { simState, startEngine, startSim, until } from './venue-fixture.js';

test('NATS lost: no more countdown refreshes; back: refreshed again', { timeout: 30_000 }, async () => {
  const sim = await startSim();
  const rig = await startEngine(sim, { params: { deadManIntervalMs: 100, deadManCountdownMs: 5_000 } });
  const countdowns = async () =>
    (await simState(sim)).orderLog.filter((e) => e.path === '/fapi/v1/countdownCancelAll').length;
  try {
    await until('countdown refreshed twice', async () => (await countdowns()) >= 2);
    rig.engine.setClusterLink(false);
    assert.equal(rig.engine.deadMan?.running, false);
    const n = await countdowns();
    await new Promise((r) => setTimeout(r, 400));
    assert.ok((await countdowns()) <= n + 1, 'no refresh while cut off (one may have been in flight)');
    rig.engine.setClusterLink(true);
    await until('refreshed again after reconnect', async () => (await countdowns()) >= n + 3);
  } finally {
    await rig.stop();
    await sim.close();
    rmSync(rig.dataDir, { recursive: true, force: true });
  }
});
