/**
 * `tapeline run --nats/--node/--roles/--venue-url` (src/app/cluster/cluster-options.ts): no --nats means one
 * process with nothing new; bad roles are TL_CLUSTER_BAD_ROLES naming the role; cluster flags without --nats are
 * a usage error; the CLI refuses before anything starts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createUser } from '@nats-io/nkeys';
import { parseClusterFlags, parseRoles, parseVenueUrl } from '../../../src/app/cluster/cluster-options.js';
import { parseNatsCredential } from '../../../src/app/cluster/nats-credential-options.js';
import { runCli } from '../cli/fixtures/run-cli.js';

test('cluster flags: none is undefined; --nats needs --node; roles default to all', () => {
  assert.equal(parseClusterFlags({}, ['BTCUSDT']), undefined);
  assert.throws(() => parseClusterFlags({ node: 'a' }, []), { code: 'TL_CLI_USAGE' });
  assert.throws(() => parseClusterFlags({ nats: 'nats://127.0.0.1:4222' }, []), { code: 'TL_CLI_USAGE' });
  const c = parseClusterFlags({ nats: '127.0.0.1:4222,127.0.0.1:4223', node: 'a' }, ['BTCUSDT']);
  assert.deepEqual(c, {
    nats: ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223'],
    node: 'a',
    roles: ['ingest', 'symbols', 'risk', 'execution', 'gateway'],
    name: 'default',
    symbols: ['BTCUSDT'],
  });
});

test('roles: unknown role, empty list, ingest without symbols are TL_CLUSTER_BAD_ROLES', () => {
  assert.deepEqual(parseRoles('gateway'), ['gateway']);
  assert.deepEqual(parseRoles('symbols,ingest'), ['symbols', 'ingest']);
  assert.throws(() => parseRoles('gateway,trader'), { code: 'TL_CLUSTER_BAD_ROLES', message: /"trader"/ });
  assert.throws(() => parseRoles(' , '), { code: 'TL_CLUSTER_BAD_ROLES' });
  assert.throws(() => parseRoles('ingest'), { code: 'TL_CLUSTER_BAD_ROLES' });
});

test('--venue-url: REST and WS on the same host and port', () => {
  assert.deepEqual(parseVenueUrl('http://127.0.0.1:9000/'), {
    rest: 'http://127.0.0.1:9000',
    ws: 'ws://127.0.0.1:9000',
  });
  assert.throws(() => parseVenueUrl('127.0.0.1:9000'), { code: 'TL_CLI_USAGE' });
});

test('tapeline run with a bad role or an unreachable NATS exits non-zero with the code', {
  timeout: 60_000,
}, async () => {
  const roles = await runCli(['run', '--nats', 'nats://127.0.0.1:1', '--node', 'a', '--roles', 'trader']);
  assert.notEqual(roles.code, 0);
  assert.match(roles.stderr, /TL_CLUSTER_BAD_ROLES/);
  const dir = mkdtempSync(join(tmpdir(), 'tl-cluster-opts-'));
  try {
    const down = await runCli(['run', '--nats', 'nats://127.0.0.1:1', '--node', 'a', '--port', '0'], {
      env: { TAPELINE_DATA_DIR: dir },
    });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /TL_NATS_UNREACHABLE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--nats-user / --nats-nkey: password from TAPELINE_NATS_PASSWORD, seed from a file; bad values are coded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-nats-cred-'));
  try {
    const nats = 'nats://127.0.0.1:4222';
    assert.equal(parseNatsCredential({ nats }, {}, dir), undefined);
    assert.deepEqual(parseNatsCredential({ nats, natsUser: 'gw' }, { TAPELINE_NATS_PASSWORD: 'p' }, dir), {
      user: 'gw',
      password: 'p',
    });
    assert.throws(() => parseNatsCredential({ natsUser: 'gw' }, {}, dir), { code: 'TL_CLI_USAGE', message: /--nats/ });
    assert.throws(() => parseNatsCredential({ nats, natsUser: 'gw' }, {}, dir), {
      code: 'TL_CLI_USAGE',
      message: /TAPELINE_NATS_PASSWORD/,
    });
    assert.throws(() => parseNatsCredential({ nats }, { TAPELINE_NATS_PASSWORD: 'p' }, dir), { code: 'TL_CLI_USAGE' });
    assert.throws(() => parseNatsCredential({ nats, natsUser: 'gw', natsNkey: 'k' }, {}, dir), {
      code: 'TL_CLI_USAGE',
    });
    const seed = new TextDecoder().decode(createUser().getSeed());
    writeFileSync(join(dir, 'node.nk'), `${seed}\n`);
    assert.deepEqual(parseNatsCredential({ nats, natsNkey: 'node.nk' }, {}, dir), { nkeySeed: seed });
    writeFileSync(join(dir, 'bad.nk'), 'SUnot-a-seed\n');
    assert.throws(() => parseNatsCredential({ nats, natsNkey: 'bad.nk' }, {}, dir), {
      code: 'TL_NATS_BAD_CREDENTIAL',
    });
    assert.throws(() => parseNatsCredential({ nats, natsNkey: 'missing.nk' }, {}, dir), {
      code: 'TL_NATS_BAD_CREDENTIAL',
      message: /cannot read/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
