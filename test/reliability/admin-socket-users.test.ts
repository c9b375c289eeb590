/**
 * The admin socket is refused to other users (issue 9 security): as root, the test starts a supervisor, opens
 * the socket's directory to everyone so only the socket's own 0600 mode protects it, then tries to connect as
 * `nobody`. Skips visibly when not root (a normal user cannot switch to another uid).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { adminRequest } from '../../src/app/admin/admin-client.js';
import { startSupervisor } from '../../src/app/supervisor.js';
import { FIXTURES, NO_VENUE, testConfig } from '../fixtures/runtime-config.js';

const NOBODY = 65534;

function connectAs(uid: number, path: string): Promise<string> {
  const code = `require('node:net').connect(${JSON.stringify(path)}).on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',(e)=>{console.log(e.code);process.exit(0)})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { uid, gid: uid, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(out.trim());
    });
  });
}

test('another user cannot connect to the admin socket (mode 0600), the owner can', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('not root: cannot run a process as another user here');
  process.env.TAPELINE_QUIET = '1';
  const config = testConfig();
  const sup = await startSupervisor(config, { venue: NO_VENUE, modules: { ingest: FIXTURES.scriptedIngest } });
  try {
    assert.equal(statSync(config.adminSocket).mode & 0o777, 0o600);
    // Only the socket's own mode stands between `nobody` and the supervisor now.
    chmodSync(dirname(config.adminSocket), 0o755);
    assert.equal(await connectAs(NOBODY, config.adminSocket), 'EACCES');
    assert.equal((await adminRequest(config.adminSocket, { cmd: 'status' })).ok, true, 'the owner is served');
  } finally {
    await sup.shutdown('test over');
  }
});
