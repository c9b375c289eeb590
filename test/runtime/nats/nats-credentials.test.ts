/**
 * Per-role NATS credentials on a real nats-server: the gateway's user is refused when it publishes an approval
 * (the order subject) or writes a lease, while the risk user's approval is stored; an execution node on an nkey
 * journals; a credential for an unknown role is a coded error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createUser } from '@nats-io/nkeys';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { APPROVAL_SUBJECT } from '../../../src/runtime/nats/durable-names.js';
import { ensureApprovalStream } from '../../../src/runtime/nats/approval-stream.js';
import {
  authorizationConfig,
  checkCredentialRoles,
  connectCredentials,
  type NodeCredential,
  permissionsFor,
} from '../../../src/runtime/nats/nats-credentials.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import { natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('a credential for an unknown role is refused (TL_CLUSTER_BAD_ROLES)', () => {
  assert.throws(() => checkCredentialRoles(['gateway', 'trader']), {
    code: 'TL_CLUSTER_BAD_ROLES',
    message: /"trader"/,
  });
  assert.ok(permissionsFor(['gateway']).publish.deny.includes(APPROVAL_SUBJECT));
  assert.ok(!permissionsFor(['gateway', 'risk']).publish.deny.includes(APPROVAL_SUBJECT));
});

/** The first permission violation the server reports on `nc`. */
async function firstViolation(nc: NatsConnection): Promise<Error> {
  for await (const s of nc.status()) if (s.type === 'error') return s.error;
  throw new Error('connection closed without an error');
}

test('a gateway node cannot publish orders; risk can; execution journals with an nkey', {
  timeout: 60_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const execSeed = new TextDecoder().decode(createUser().getSeed());
  const creds: Record<string, NodeCredential> = {
    gateway: { roles: ['gateway'], user: 'gw', password: 'gw-secret' },
    risk: { roles: ['risk'], user: 'risk', password: 'risk-secret' },
    execution: { roles: ['execution'], nkeySeed: execSeed },
  };
  const nats = await startNatsServers({ jetstream: true, extraConfig: authorizationConfig(Object.values(creds)) });
  const conns: NatsConnection[] = [];
  const open = async (c: NodeCredential) => {
    const nc = await connect({ servers: nats.urls, ...connectCredentials(c) });
    conns.push(nc);
    return nc;
  };
  try {
    await assert.rejects(connect({ servers: nats.urls, user: 'gw', pass: 'wrong' }), /Authorization/i);
    const risk = await open(creds.risk!);
    await ensureApprovalStream(risk, 1);
    const gateway = await open(creds.gateway!);
    const violation = firstViolation(gateway);
    gateway.publish(APPROVAL_SUBJECT, '{"decisionId":"forged"}');
    const err = (await violation) as Error & { operation?: string; subject?: string };
    assert.match(err.message, /Permissions Violation for Publish/i);
    assert.equal(err.subject, APPROVAL_SUBJECT);
    // Through JetStream too: no ack, nothing stored.
    await assert.rejects(jetstream(gateway).publish(APPROVAL_SUBJECT, '{}', { msgID: 'forged-2', timeout: 1_500 }));
    await assert.rejects(jetstream(gateway).publish('$KV.tapeline-leases.risk', '{"node":"gw"}', { timeout: 1_500 }));
    const ack = await jetstream(risk).publish(APPROVAL_SUBJECT, '{"decisionId":"d1"}', { msgID: 'd1' });
    const info = await (await jetstreamManager(risk)).streams.info('TAPELINE_APPROVALS');
    assert.equal(info.state.messages, 1, `only risk's approval is stored (seq ${ack.seq})`);
    const exec = await open(creds.execution!);
    const journal = await OrderJournalStream.open(exec, { replicas: 1 });
    assert.equal((await journal.append({ ts: 1, kind: 'attempt', clientOrderId: 'c1' })).duplicate, false);
  } finally {
    for (const nc of conns) await nc.close();
    await nats.stop();
  }
});
