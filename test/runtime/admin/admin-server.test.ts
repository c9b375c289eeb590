/**
 * The admin socket end to end against a fake SupervisorApi: every command, every kind of bad input (the
 * connection and the server stay up), mode 0600, stale/live/foreign files at the path, removal on close,
 * many concurrent clients, in-order replies, and the client's errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { adminRequest } from '../../../src/runtime/admin/admin-client.js';
import { type AdminServer, startAdminServer } from '../../../src/runtime/admin/admin-server.js';
import { TapelineError } from '../../../src/runtime/errors.js';
import type { ActorInfo, KillSwitchState, StatusReply } from '../../../src/runtime/supervisor-api.js';
import { type FakeSupervisor, fakeSupervisor } from './fixtures/fake-supervisor.js';
import { errorCode, errorMessage, openLineClient } from './fixtures/line-client.js';

type KillReply = { ok: boolean; killSwitch: KillSwitchState };

let dir: string;
let n = 0;
const open: AdminServer[] = [];
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-adm-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(opts: { maxLineBytes?: number; api?: FakeSupervisor } = {}) {
  const path = join(dir, `s${n++}.sock`);
  const api = opts.api ?? fakeSupervisor();
  const logs: Array<{ level: string; msg: string; fields?: object }> = [];
  const server = await startAdminServer({
    path,
    api,
    maxLineBytes: opts.maxLineBytes,
    log: (level, msg, fields) => logs.push({ level, msg, fields }),
  });
  open.push(server);
  return { path, api, server, logs };
}

async function assertRejectsCode(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof TapelineError, String(err));
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('admin socket commands', () => {
  it('status and actors', async () => {
    const { path } = await start();
    const status = await adminRequest(path, { id: 1, cmd: 'status' });
    assert.equal(status.ok, true);
    assert.equal(status.id, 1);
    const s = status as unknown as StatusReply;
    assert.equal(s.killSwitch.engaged, true);
    assert.deepEqual(s.gates, { executionEnabled: false, keys: true, ready: true });
    assert.equal(s.venue.kind, 'sim');
    assert.ok(Array.isArray(s.actors));
    const actors = (await adminRequest(path, { cmd: 'actors' })) as unknown as { ok: boolean; actors: ActorInfo[] };
    assert.equal(actors.ok, true);
    assert.deepEqual(
      actors.actors.map((a) => a.name),
      ['supervisor', 'ingest', 'risk', 'symbol/BTCUSDT'],
    );
  });

  it('kill (global and one symbol) reaches the supervisor with its reason, and is logged at warn', async () => {
    const { path, api, logs } = await start();
    const r = (await adminRequest(path, { cmd: 'kill', reason: 'manual' })) as unknown as KillReply;
    assert.equal(r.ok, true);
    assert.equal(r.killSwitch.reason, 'manual');
    const s = (await adminRequest(path, { cmd: 'kill', symbol: 'ethusdt' })) as unknown as KillReply;
    assert.equal(s.killSwitch.symbols.ETHUSDT.engaged, true);
    assert.deepEqual(
      api.calls.map((c) => [c.method, ...c.args]),
      [
        ['kill', 'manual', undefined],
        ['kill', 'admin kill', 'ETHUSDT'],
      ],
    );
    assert.ok(logs.some((l) => l.level === 'warn' && l.msg === 'admin kill'));
  });

  it('arm: refused with the supervisor code unless execution is enabled', async () => {
    const { path, api } = await start();
    const refused = await adminRequest(path, { id: 2, cmd: 'arm' });
    assert.deepEqual(refused.ok ? null : refused.error.code, 'TL_KILL_SWITCH_ARM_REFUSED');
    assert.equal(refused.id, 2);
    api.executionEnabled = true;
    const armed = (await adminRequest(path, { cmd: 'arm', reason: 'go' })) as unknown as KillReply;
    assert.equal(armed.ok, true);
    assert.equal(armed.killSwitch.engaged, false);
  });

  it('restart: ok, unknown actor, and a foreign error becomes TL_INTERNAL', async () => {
    const { path } = await start();
    const ok = (await adminRequest(path, { cmd: 'restart', actor: 'symbol/BTCUSDT' })) as unknown as {
      ok: boolean;
      actor: ActorInfo;
    };
    assert.equal(ok.ok, true);
    assert.equal(ok.actor.restarts, 1);
    const unknown = await adminRequest(path, { cmd: 'restart', actor: 'symbol/DOGEUSDT' });
    assert.equal(unknown.ok ? '' : unknown.error.code, 'TL_ACTOR_UNKNOWN');
    const bug = await adminRequest(path, { cmd: 'restart', actor: 'ingest' });
    assert.equal(bug.ok ? '' : bug.error.code, 'TL_INTERNAL');
    assert.match(bug.ok ? '' : bug.error.message, /internal error while running "restart": boom/);
  });

  it('symbols reaches the supervisor; its errors come back with their code', async () => {
    const { path } = await start();
    const ok = (await adminRequest(path, { cmd: 'symbols', add: ['XRPUSDT'] })) as Record<string, unknown> & {
      ok: boolean;
    };
    assert.equal(ok.ok, true);
    assert.deepEqual(ok.added, ['XRPUSDT']);
    const failed = await adminRequest(path, { cmd: 'symbols', add: ['FAILUSDT'] });
    assert.equal(failed.ok ? '' : failed.error.code, 'TL_SYMBOL_ADD_FAILED');
  });

  it('config get and set reach the supervisor; a bad key comes back as TL_CONFIG_INVALID', async () => {
    const { path } = await start();
    const get = await adminRequest(path, { cmd: 'config', get: true });
    assert.equal(get.ok, true);
    const set = (await adminRequest(path, { cmd: 'config', set: { 'risk.maxOrderNotional': 500 } })) as Record<
      string,
      unknown
    > & { ok: boolean };
    assert.equal(set.ok, true);
    const bad = await adminRequest(path, { cmd: 'config', set: { 'risk.bogus': 1 } });
    assert.equal(bad.ok ? '' : bad.error.code, 'TL_CONFIG_INVALID');
  });
});

describe('admin socket bad input keeps the connection and the server up', () => {
  it('malformed JSON, non-object, unknown command, bad types, over-long line, then a good line', async () => {
    const { path } = await start({ maxLineBytes: 1024 });
    const c = await openLineClient(path);
    try {
      c.send('{"id":1,"cmd":\n');
      const malformed = await c.next();
      assert.equal(malformed.ok, false);
      assert.equal(errorCode(malformed), 'TL_ADMIN_BAD_REQUEST');
      assert.match(errorMessage(malformed), /^malformed JSON/);
      c.send('[1]\n');
      assert.equal(errorCode(await c.next()), 'TL_ADMIN_BAD_REQUEST');
      c.send('{"id":3,"cmd":"reboot"}\n');
      const unknown = await c.next();
      assert.equal(unknown.id, 3);
      assert.equal(errorCode(unknown), 'TL_ADMIN_UNKNOWN_COMMAND');
      c.send('{"id":4,"cmd":"kill","reason":42}\n');
      assert.equal(errorCode(await c.next()), 'TL_ADMIN_BAD_REQUEST');
      // Over the limit, sent in pieces: one error, the rest of the line is dropped.
      c.send(`{"id":5,"cmd":"kill","reason":"${'x'.repeat(800)}`);
      c.send(`${'y'.repeat(800)}"}\n`);
      const long = await c.next();
      assert.equal(long.ok, false);
      assert.equal(errorCode(long), 'TL_ADMIN_LINE_TOO_LONG');
      c.send('{"id":6,"cmd":"status"}\n');
      const good = await c.next();
      assert.equal(good.id, 6);
      assert.equal(good.ok, true);
    } finally {
      c.close();
    }
    // And the server still serves new connections.
    assert.equal((await adminRequest(path, { cmd: 'status' })).ok, true);
  });

  it('the default limit is 64 KiB', async () => {
    const { path } = await start();
    const c = await openLineClient(path);
    try {
      c.send(`${'z'.repeat(64 * 1024 + 1)}\n{"id":1,"cmd":"actors"}\n`);
      assert.equal(errorCode(await c.next()), 'TL_ADMIN_LINE_TOO_LONG');
      assert.equal((await c.next()).ok, true);
    } finally {
      c.close();
    }
  });

  it('replies to pipelined requests in order, and answers a client that half-closes', async () => {
    const api = fakeSupervisor();
    api.delayMs = 20;
    const { path } = await start({ api });
    const c = await openLineClient(path);
    c.send('{"id":1,"cmd":"status"}\n{"id":2,"cmd":"actors"}\n{"id":3,"cmd":"kill"}\n');
    c.socket.end();
    assert.deepEqual([(await c.next()).id, (await c.next()).id, (await c.next()).id], [1, 2, 3]);
    c.close();
  });

  it('serves many concurrent clients', async () => {
    const api = fakeSupervisor();
    api.delayMs = 5;
    const { path } = await start({ api });
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => adminRequest(path, { id: i, cmd: i % 2 ? 'status' : 'actors' })),
    );
    assert.deepEqual(
      replies.map((r) => [r.id, r.ok]),
      Array.from({ length: 40 }, (_, i) => [i, true]),
    );
  });
});

describe('admin socket file', () => {
  it('is created with mode 0600 and removed on close', async () => {
    const { path, server } = await start();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.ok(statSync(path).isSocket());
    open.splice(open.indexOf(server), 1);
    await server.close();
    assert.equal(existsSync(path), false);
    await server.close(); // idempotent
  });

  it('is 0600 too when started in a worker thread (no umask there), and leaves no temp dir', async () => {
    const path = join(dir, `w${n++}.sock`);
    const before = readdirSync(dir).length;
    const worker = new Worker(new URL('./fixtures/admin-in-worker.js', import.meta.url), { workerData: { path } });
    try {
      assert.equal(await once(worker, 'message').then(([m]) => m), 'ready');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(readdirSync(dir).length, before + 1, 'only the socket was added');
      assert.equal((await adminRequest(path, { cmd: 'status' })).ok, true);
      worker.postMessage('close');
      assert.equal(await once(worker, 'message').then(([m]) => m), 'closed');
      assert.equal(existsSync(path), false);
    } finally {
      await worker.terminate();
    }
  });

  it('removes a stale socket left by a crashed process', async () => {
    const path = join(dir, `stale${n++}.sock`);
    // A process that binds then dies by SIGKILL leaves its socket file behind, with nobody listening.
    const child = spawnSync(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    assert.equal(child.signal, 'SIGKILL');
    assert.ok(statSync(path).isSocket(), 'stale socket file exists');
    await assertRejectsCode(adminRequest(path, { cmd: 'status' }), 'TL_ADMIN_UNREACHABLE');
    const server = await startAdminServer({ path, api: fakeSupervisor() });
    open.push(server);
    assert.equal((await adminRequest(path, { cmd: 'status' })).ok, true);
  });

  it('refuses to start when a live supervisor answers on the path, and leaves it running', async () => {
    const { path } = await start();
    await assertRejectsCode(
      startAdminServer({ path, api: fakeSupervisor() }),
      'TL_ADMIN_SOCKET_IN_USE',
      /already listening on .*s\d+\.sock/,
    );
    assert.equal((await adminRequest(path, { cmd: 'status' })).ok, true);
  });

  it('refuses a path that is not a socket', async () => {
    const path = join(dir, `file${n++}.sock`);
    writeFileSync(path, 'not a socket');
    await assertRejectsCode(
      startAdminServer({ path, api: fakeSupervisor() }),
      'TL_ADMIN_SOCKET_IN_USE',
      /not a socket/,
    );
  });
});

describe('adminRequest errors', () => {
  it('a missing socket is TL_ADMIN_UNREACHABLE telling what to do', async () => {
    const path = join(dir, 'missing.sock');
    await assertRejectsCode(
      adminRequest(path, { cmd: 'status' }),
      'TL_ADMIN_UNREACHABLE',
      new RegExp(`^no supervisor is listening on ${path}; start one with \`tapeline run\` or pass --socket$`),
    );
  });

  it('a server that never replies is TL_ADMIN_TIMEOUT', async () => {
    const path = join(dir, `mute${n++}.sock`);
    const mute = createServer(() => {});
    await new Promise<void>((r) => mute.listen(path, r));
    try {
      await assertRejectsCode(adminRequest(path, { cmd: 'status' }, { timeoutMs: 100 }), 'TL_ADMIN_TIMEOUT', /100 ms/);
    } finally {
      mute.close();
    }
  });
});
