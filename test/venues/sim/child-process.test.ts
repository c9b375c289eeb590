/**
 * `spawnSimChild`: runs `tapeline sim` as a child, reads its ready line, passes the key pair through the
 * environment (never argv), and stops it with SIGTERM; a child printing garbage or dying is a clear
 * TL_SIM_CHILD_FAILED error.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { spawnSimChild } from '../../../src/venues/sim/child-process.js';

const CLI = fileURLToPath(new URL('../../../../bin/tapeline.js', import.meta.url));

test('the sim child becomes ready, serves signed requests with the given pair, keeps the secret off argv, stops', async () => {
  const child = await spawnSimChild({
    cliPath: CLI,
    seed: 5,
    symbols: ['BTCUSDT'],
    apiKey: 'key-abc',
    apiSecret: 'secret-xyz',
  });
  try {
    assert.match(child.rest, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(child.apiKey, 'key-abc');
    const r = await fetch(`${child.rest}/fapi/v1/time`);
    assert.equal(r.status, 200);
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes('secret-xyz'), 'the secret is not on the command line');
    const state = await (await fetch(`${child.rest}/_sim/state`)).json();
    assert.deepEqual((state as { symbols: string[] }).symbols, ['BTCUSDT']);
  } finally {
    await child.stop();
  }
  await assert.rejects(fetch(`${child.rest}/fapi/v1/time`));
});

test('garbage on stdout and an early exit are TL_SIM_CHILD_FAILED errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-child-'));
  try {
    const garbage = join(dir, 'garbage.mjs');
    writeFileSync(garbage, "process.stdout.write('hello world\\n'); setTimeout(() => {}, 10000);\n");
    await assert.rejects(
      spawnSimChild({ cliPath: garbage }),
      (err: { code?: string; message: string }) => err.code === 'TL_SIM_CHILD_FAILED' && /garbage/.test(err.message),
    );
    const dies = join(dir, 'dies.mjs');
    writeFileSync(dies, "process.stderr.write('boom\\n'); process.exit(3);\n");
    await assert.rejects(
      spawnSimChild({ cliPath: dies }),
      (err: { code?: string; message: string }) =>
        err.code === 'TL_SIM_CHILD_FAILED' && /code 3/.test(err.message) && /boom/.test(err.message),
    );
    const silent = join(dir, 'silent.mjs');
    writeFileSync(silent, 'setTimeout(() => {}, 10000);\n');
    await assert.rejects(spawnSimChild({ cliPath: silent, readyTimeoutMs: 300 }), (err: { message: string }) =>
      /no ready line/.test(err.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
