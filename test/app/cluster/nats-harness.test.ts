/**
 * The NATS test harness (test/fixtures/nats/nats-servers.ts) itself: one server answers a request; a 3-node JetStream cluster elects a meta leader,
 * keeps a replicated KV value when one server is SIGKILLed, and stops every process it started.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

test('one nats-server: request/reply on loopback, stopped afterwards', { timeout: 30_000 }, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers();
  try {
    const nc = await connect({ servers: nats.urls });
    const sub = nc.subscribe('echo');
    (async () => {
      for await (const m of sub) m.respond(m.data);
    })();
    const reply = await nc.request('echo', new TextEncoder().encode('ping'), { timeout: 5_000 });
    assert.equal(new TextDecoder().decode(reply.data), 'ping');
    await nc.close();
  } finally {
    await nats.stop();
  }
  assert.equal(nats.servers[0]?.process(), undefined);
});

test('three-node JetStream cluster: an R3 KV value survives a SIGKILLed server', { timeout: 90_000 }, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ count: 3, jetstream: true });
  try {
    const nc = await connect({ servers: nats.urls });
    await until('JetStream meta leader', async () => await jetstreamManager(nc, { timeout: 2_000 }));
    const kv = await until('R3 bucket', async () => await new Kvm(nc).create('harness', { replicas: 3 }));
    await kv.put('k', 'v1');
    await nats.servers[0]?.kill();
    const entry = await until('value after failover', async () => (await kv.get('k')) ?? undefined);
    assert.equal(entry.string(), 'v1');
    await nc.close();
  } finally {
    await nats.stop();
  }
  for (const s of nats.servers) assert.equal(s.process(), undefined);
});
