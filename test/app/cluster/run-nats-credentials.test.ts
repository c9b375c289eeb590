/**
 * Per-role NATS credentials through `tapeline run` (issue 18, item 5): on a nats-server with the generated
 * `authorization` block, a gateway-only node started with `--nats-user gw` + TAPELINE_NATS_PASSWORD connects every
 * one of its connections as that user (the server's /connz says so), another with `--nats-nkey FILE` as its nkey;
 * the gateway user is refused publishing on the approvals subject; the same node with a wrong password exits 1
 * with TL_NATS_AUTH_REFUSED before serving anything; `replay --nats` takes the same `--nats-user`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createUser } from '@nats-io/nkeys';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureApprovalStream } from '../../../src/runtime/nats/approval-stream.js';
import { APPROVAL_SUBJECT } from '../../../src/runtime/nats/durable-names.js';
import { authorizationConfig, type NodeCredential, nkeyPublicKey } from '../../../src/runtime/nats/nats-credentials.js';
import { REPO_ROOT, startNode, startSim } from '../../fixtures/cluster/cluster-processes.js';
import { freePort, natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

const CLI = join(REPO_ROOT, 'bin', 'tapeline.js');

interface Connz {
  connections?: Array<{ name?: string; authorized_user?: string }>;
}

const NKEY_SEED = new TextDecoder().decode(createUser().getSeed());
const CREDS: NodeCredential[] = [
  { roles: ['gateway'], user: 'gw', password: 'gw-secret' },
  { roles: ['gateway'], nkeySeed: NKEY_SEED },
  { roles: ['risk', 'execution', 'ingest', 'symbols'], user: 'core', password: 'core-secret' },
];

/** The server's view of the connections named `prefix...`, once there are at least `count`. */
async function connectionsOf(
  monitor: number,
  prefix: string,
  count: number,
): Promise<Array<{ authorized_user?: string }>> {
  return await retryUntil(
    `${count} connections of ${prefix} in /connz`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${monitor}/connz?auth=true`);
      const connz = (await res.json()) as Connz;
      const mine = (connz.connections ?? []).filter((c) => c.name?.startsWith(prefix));
      return mine.length >= count ? mine : undefined;
    },
    60_000,
  );
}

test('run --nats-user: a gateway node connects as its user, which cannot publish approvals; a wrong password is TL_NATS_AUTH_REFUSED', {
  timeout: 90_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const monitor = await freePort();
  const nats = await startNatsServers({
    jetstream: true,
    extraConfig: `http: 127.0.0.1:${monitor}\n${authorizationConfig(CREDS)}`,
  });
  const sim = await startSim(['BTCUSDT']);
  const base = { nats: nats.urls, venueRest: sim.rest, symbols: ['BTCUSDT'], roles: 'gateway' };
  const gw = startNode({
    ...base,
    name: 'gw1',
    extraArgs: ['--nats-user', 'gw'],
    extraEnv: { TAPELINE_NATS_PASSWORD: 'gw-secret' },
  });
  const conns: NatsConnection[] = [];
  try {
    await gw.started;
    // Every connection the node opened (cluster membership, bridge, ...) authenticated as "gw".
    const users = await connectionsOf(monitor, 'gw1', 2);
    assert.deepEqual(
      [...new Set(users.map((c) => c.authorized_user))],
      ['gw'],
      `connections: ${JSON.stringify(users)}`,
    );

    // What the gateway user may not do: publish an approval (the order path), even with the stream present.
    const core = await connect({ servers: nats.urls, user: 'core', pass: 'core-secret' });
    conns.push(core);
    await ensureApprovalStream(core, 1);
    const gwClient = await connect({ servers: nats.urls, user: 'gw', pass: 'gw-secret' });
    conns.push(gwClient);
    const violation = (async () => {
      for await (const s of gwClient.status()) if (s.type === 'error') return s.error;
      throw new Error('closed without an error');
    })();
    gwClient.publish(APPROVAL_SUBJECT, '{"decisionId":"forged"}');
    assert.match((await violation).message, /Permissions Violation for Publish/i);

    // The nkey path: the seed file stays on the node, the server knows the public key only.
    const dir = mkdtempSync(join(tmpdir(), 'tl-nkey-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'gw3.nk'), `${NKEY_SEED}\n`, { mode: 0o600 });
    const nk = startNode({ ...base, name: 'gw3', extraArgs: ['--nats-nkey', join(dir, 'gw3.nk')] });
    t.after(() => nk.kill());
    await nk.started;
    const nkUsers = await connectionsOf(monitor, 'gw3', 2);
    assert.deepEqual([...new Set(nkUsers.map((c) => c.authorized_user))], [nkeyPublicKey(NKEY_SEED)]);

    const wrong = startNode({
      ...base,
      name: 'gw2',
      extraArgs: ['--nats-user', 'gw'],
      extraEnv: { TAPELINE_NATS_PASSWORD: 'not-the-password' },
    });
    assert.equal(await wrong.exited, 1, wrong.output());
    assert.match(wrong.output(), /TL_NATS_AUTH_REFUSED/);
    assert.doesNotMatch(wrong.output(), /not-the-password/, 'the password is never printed');

    // `replay --nats` takes the same credential: right password reaches JetStream (no such stream), wrong is refused.
    const replay = async (password: string) => {
      const args = [CLI, 'replay', '--nats', nats.urls[0]!, '--stream', 'none', '--nats-user', 'gw'];
      const env = { PATH: process.env.PATH ?? '', TAPELINE_NATS_PASSWORD: password };
      const r = await promisify(execFile)(process.execPath, args, { env, timeout: 60_000 }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? '' }),
      );
      return r;
    };
    const ok = await replay('gw-secret');
    assert.notEqual(ok.code, 0);
    assert.match(ok.stderr, /TL_CLUSTER_TAPE_STREAM_MISSING/);
    const refused = await replay('not-the-password');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /TL_NATS_AUTH_REFUSED/);
  } finally {
    for (const nc of conns) await nc.close();
    await gw.kill();
    await sim.stop();
    await nats.stop();
  }
});
