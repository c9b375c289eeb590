/**
 * `tapeline admin` against a real admin socket served in this process by a fake supervisor: the JSON reply on
 * stdout, exit 0 on ok:true, 1 on ok:false, an unreachable socket or a foreign reply (one stderr line), and the default socket
 * path from TAPELINE_DATA_DIR.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type AdminServer, startAdminServer } from '../../../src/app/admin/admin-server.js';
import { type FakeSupervisor, fakeSupervisor } from '../admin/fixtures/fake-supervisor.js';
import { runCli } from './fixtures/run-cli.js';

let dir: string;
let path: string;
let api: FakeSupervisor;
let server: AdminServer;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-cla-'));
  mkdirSync(join(dir, 'data'));
  path = join(dir, 'data', 'admin.sock');
  api = fakeSupervisor();
  server = await startAdminServer({ path, api });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['admin', ...args], { env });
  const reply = (r.stdout === '' ? {} : JSON.parse(r.stdout)) as Record<string, unknown>;
  return { ...r, reply };
}

describe('tapeline admin', () => {
  it('status prints the JSON reply on one line and exits 0', async () => {
    const r = await admin(['status', '--socket', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout.trimEnd().split('\n').length, 1);
    assert.equal(r.reply.ok, true);
    assert.equal((r.reply.killSwitch as { engaged: boolean }).engaged, true);
  });

  it('--socket works before the subcommand, and --pretty indents', async () => {
    const r = await admin(['--socket', path, 'actors', '--pretty']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.split('\n').length > 3);
    assert.equal(r.reply.ok, true);
  });

  it('kill sends the reason and symbol', async () => {
    const r = await admin(['kill', '--reason', 'manual stop', '--symbol', 'ethusdt', '--socket', path]);
    assert.equal(r.code, 0, r.stderr);
    const last = api.calls.at(-1);
    assert.deepEqual(last, { method: 'kill', args: ['manual stop', 'ETHUSDT'] });
  });

  it('restart takes a bare symbol as shorthand for symbol/<SYMBOL>', async () => {
    const r = await admin(['restart', 'BTCUSDT', '--socket', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(api.calls.at(-1), { method: 'restart', args: ['symbol/BTCUSDT'] });
  });

  it('an ok:false reply (arm refused, bad config key) prints the reply and exits 1', async () => {
    const arm = await admin(['arm', '--socket', path]);
    assert.equal(arm.code, 1);
    assert.equal(arm.reply.ok, false);
    assert.equal((arm.reply.error as { code: string }).code, 'TL_KILL_SWITCH_ARM_REFUSED');
    const get = await admin(['config', 'get', '--socket', path]);
    assert.equal(get.code, 0);
    const set = await admin(['config', 'set', 'risk.bogus=1000', '--socket', path]);
    assert.equal(set.code, 1);
    assert.equal((set.reply.error as { code: string }).code, 'TL_CONFIG_INVALID');
  });

  it('finds the socket under TAPELINE_DATA_DIR by default', async () => {
    const r = await admin(['status'], { TAPELINE_DATA_DIR: join(dir, 'data') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.reply.ok, true);
  });

  it('an unreachable socket is one stderr line and exit 1', async () => {
    const missing = join(dir, 'none.sock');
    const r = await admin(['status', '--socket', missing]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderrLines, [
      `tapeline: TL_ADMIN_UNREACHABLE: no supervisor is listening on ${missing}; start one with \`tapeline run\` or pass --socket`,
    ]);
  });

  it('TL_ADMIN_BAD_REPLY: something else answering on the socket is one stderr line naming it, exit 1', async () => {
    const imposter = join(dir, 'imposter.sock');
    const srv = createServer((sock) => sock.once('data', () => sock.end('HTTP/1.1 400 Bad Request\n')));
    await new Promise<void>((resolve) => srv.listen(imposter, resolve));
    try {
      const r = await admin(['status', '--socket', imposter]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderrLines.length, 1, r.stderr);
      assert.match(r.stderrLines[0]!, new RegExp(`^tapeline: TL_[A-Z_]+: unexpected reply from ${imposter}: not JSON`));
    } finally {
      await new Promise((resolve) => srv.close(resolve));
    }
  });
});
