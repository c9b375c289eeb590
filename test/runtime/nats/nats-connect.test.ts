/**
 * connect.ts, cluster-subjects.ts and frame-header.ts: `--nats` parsing, a coded refusal when no server answers,
 * subject tokens that cannot smuggle wildcards, and the schema-hash header that refuses another schema's frames.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headers } from '@nats-io/transport-node';
import { checkNodeName, clusterSubjects } from '../../../src/runtime/nats/cluster-subjects.js';
import { connectNats, parseNatsServers } from '../../../src/runtime/nats/connect.js';
import { checkFrameSchema, frameHeaders, SCHEMA_HEADER, schemaHash } from '../../../src/runtime/nats/frame-header.js';
import { freePort, natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('parseNatsServers: a list of URLs, bare host:port gets nats://, garbage is TL_NATS_BAD_URL', () => {
  assert.deepEqual(parseNatsServers('nats://127.0.0.1:4222, 127.0.0.1:4223'), [
    'nats://127.0.0.1:4222',
    'nats://127.0.0.1:4223',
  ]);
  assert.deepEqual(parseNatsServers('tls://user:pw@nats.example.com:4443'), ['tls://user:pw@nats.example.com:4443']);
  for (const bad of ['', ' , ', 'http://x:1', 'nats://host:99999', 'a b']) {
    assert.throws(() => parseNatsServers(bad), { code: 'TL_NATS_BAD_URL' }, bad);
  }
});

test('connectNats: no server on the port is TL_NATS_UNREACHABLE naming the URL', { timeout: 30_000 }, async () => {
  const url = `nats://127.0.0.1:${await freePort()}`;
  await assert.rejects(connectNats([url], { timeoutMs: 2_000 }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TL_NATS_UNREACHABLE');
    assert.match(err.message, new RegExp(url));
    return true;
  });
});

test('connectNats: connects to a running server', { timeout: 30_000 }, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers();
  try {
    const nc = await connectNats(nats.urls, { name: 'n1' });
    assert.equal(nc.isClosed(), false);
    await nc.close();
  } finally {
    await nats.stop();
  }
});

test('cluster subjects: per-cluster roots; a node name with a wildcard is TL_CLUSTER_BAD_ROLES', () => {
  const a = clusterSubjects('alpha');
  assert.equal(a.frame('telemetry', 'BTCUSDT'), 'tl.alpha.frame.telemetry.BTCUSDT');
  assert.equal(a.frames('telemetry'), 'tl.alpha.frame.telemetry.*');
  assert.equal(a.frame('risk'), 'tl.alpha.frame.risk.-');
  assert.notEqual(clusterSubjects('beta').kill, a.kill);
  assert.equal(a.ownersBucket, 'tl_alpha_owners');
  assert.throws(() => checkNodeName('n.*'), { code: 'TL_CLUSTER_BAD_ROLES' });
  assert.throws(() => a.node('>', 'status'), { code: 'TL_CLUSTER_BAD_ROLES' });
});

test('frame header: our schema passes; another hash or none is TL_CLUSTER_SCHEMA_MISMATCH naming the node', () => {
  assert.match(schemaHash(), /^[0-9a-f]{16}$/);
  assert.equal(checkFrameSchema(frameHeaders('n1')), undefined);
  const other = frameHeaders('n2', '0123456789abcdef');
  const failure = checkFrameSchema(other);
  assert.equal(failure?.code, 'TL_CLUSTER_SCHEMA_MISMATCH');
  assert.match(failure?.detail ?? '', /node n2 speaks schema 0123456789abcdef/);
  assert.equal(checkFrameSchema(undefined)?.code, 'TL_CLUSTER_SCHEMA_MISMATCH');
  const h = headers();
  h.set(SCHEMA_HEADER, schemaHash());
  assert.equal(checkFrameSchema(h), undefined);
});
