/**
 * End to end: `tapeline run` as a user starts it (real binary, real simulated venue as a child process, real
 * supervisor): it prints its URLs, `tapeline admin status` answers, `admin kill` engages the kill switch,
 * `admin arm` is refused without EXECUTION_ENABLED, and SIGINT exits 0 and removes the admin socket.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('../../../../bin/tapeline.js', import.meta.url));
const run = promisify(execFile);

function admin(socket: string, ...args: string[]): Promise<{ code: number; reply: Record<string, unknown> }> {
  return run(process.execPath, [CLI, 'admin', ...args, '--socket', socket], { timeout: 15_000 }).then(
    (r) => ({ code: 0, reply: JSON.parse(r.stdout) }),
    (e: { code: number; stdout: string }) => ({ code: e.code, reply: JSON.parse(e.stdout || '{}') }),
  );
}

async function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let out = '';
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${out}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`tapeline run exited early (${code}); stdout: ${out}`)));
  });
}

test('tapeline run: status, kill, arm refused, SIGINT exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-run-'));
  const socket = join(dir, 'admin.sock');
  const child = spawn(
    process.execPath,
    [CLI, 'run', '--port', '0', '--data-dir', dir, '--symbols', 'BTCUSDT,ETHUSDT'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TAPELINE_QUIET: '1', EXECUTION_ENABLED: 'false' },
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitForLine(child, /admin socket\s+\S+/, 30_000);
    const status = await admin(socket, 'status');
    assert.equal(status.code, 0);
    assert.equal((status.reply.killSwitch as { engaged: boolean }).engaged, true, 'engaged at start');
    assert.deepEqual(status.reply.symbols, ['BTCUSDT', 'ETHUSDT']);
    const names = (status.reply.actors as Array<{ name: string; state: string }>).map((a) => a.name);
    assert.ok(names.includes('symbol/BTCUSDT') && names.includes('ingest'));

    const kill = await admin(socket, 'kill', '--reason', 'e2e');
    assert.equal(kill.code, 0);
    assert.equal((kill.reply.killSwitch as { reason: string }).reason, 'e2e');
    const arm = await admin(socket, 'arm', '--reason', 'nope');
    assert.equal(arm.code, 1);
    assert.equal((arm.reply.error as { code: string }).code, 'TL_KILL_SWITCH_ARM_REFUSED');
  } finally {
    child.kill('SIGINT');
  }
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  if (code === 'timeout') child.kill('SIGKILL');
  assert.equal(code, 0, 'SIGINT exits 0');
  assert.equal(existsSync(socket), false, 'admin socket removed');
});
