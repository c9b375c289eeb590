/**
 * `LeaderLease` driven by hand on one nats-server: one holder at a time, a released lease goes to the standby
 * with a higher term, the term is readable by anyone, and a TTL under 15 s is refused with its code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { LeaderLease, MIN_LEASE_TTL_MS, openLeaseBucket } from '../../../src/runtime/nats/leader-lease.js';
import { natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('a lease TTL under 15 s is refused (TL_CLUSTER_LEASE_TTL_TOO_SHORT)', () => {
  assert.throws(() => new LeaderLease({ kv: {} as never, key: 'risk', node: 'a', ttlMs: 5_000 }), {
    code: 'TL_CLUSTER_LEASE_TTL_TOO_SHORT',
    message: /5000 ms is shorter than 15000 ms/,
  });
});

test('one holder at a time; a released lease goes to the standby with a higher term', {
  timeout: 30_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls });
  try {
    await assert.rejects(openLeaseBucket(nc, 1_000, 1), { code: 'TL_CLUSTER_LEASE_TTL_TOO_SHORT' });
    const kv = await openLeaseBucket(nc, MIN_LEASE_TTL_MS, 1);
    const a = new LeaderLease({ kv, key: 'risk', node: 'a', ttlMs: MIN_LEASE_TTL_MS });
    const b = new LeaderLease({ kv, key: 'risk', node: 'b', ttlMs: MIN_LEASE_TTL_MS });
    await a.tick();
    await b.tick();
    assert.ok(a.leading);
    assert.ok(!b.leading);
    await a.tick(); // renewal keeps it
    assert.deepEqual(await b.holder(), { node: 'a', term: a.term });
    const termA = a.term as number;
    await a.stop(true);
    assert.ok(!a.leading);
    await b.tick();
    assert.ok(b.leading);
    assert.ok((b.term as number) > termA, `term ${b.term} after ${termA}`);
    await a.tick();
    assert.ok(!a.leading, 'the old leader cannot take it back while b renews');
    await b.stop(false);
  } finally {
    await nc.close();
    await nats.stop();
  }
});
