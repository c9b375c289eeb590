/**
 * `tapeline sim` on the real binary and the real simulated venue: exactly one ready line with exactly the keys
 * event, rest, ws, apiKey (the secret never on stdout or stderr), and SIGTERM closes it with exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './fixtures/run-cli.js';

describe('tapeline sim', () => {
  it('prints one ready line without the secret and exits 0 on SIGTERM', async () => {
    const secret = 'sim-secret-that-must-not-leak';
    const child = spawn(process.execPath, [`${REPO_ROOT}bin/tapeline.js`, 'sim', '--port', '0', '--seed', '7'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', BINANCE_API_KEY: 'sim-key', BINANCE_API_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = once(child, 'exit');
    try {
      const deadline = Date.now() + 20_000;
      while (!stdout.includes('\n') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(stdout.includes('\n'), `no ready line; stderr: ${stderr}`);
      const ready = JSON.parse(stdout.trim()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(ready), ['event', 'rest', 'ws', 'apiKey']);
      assert.equal(ready.event, 'ready');
      assert.match(String(ready.rest), /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(String(ready.ws), /^ws:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(ready.apiKey, 'sim-key');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      assert.equal(signal, null, 'exited by itself, not killed by the signal');
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim().split('\n').length, 1, 'exactly one stdout line');
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'the secret never leaves the process');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
