/**
 * A port already taken: `tapeline sim --port` fails with TL_SIM_LISTEN_FAILED and `tapeline run --port` with
 * TL_GATEWAY_LISTEN_FAILED, each naming the port, with a non-zero exit and no process left behind (the
 * command ends by itself: nothing keeps its event loop alive after the failure).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './fixtures/run-cli.js';

describe('a listen port already in use', () => {
  let blocker: Server;
  let port = 0;
  before(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const address = blocker.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('tapeline sim --port fails with TL_SIM_LISTEN_FAILED and exits', async () => {
    const r = await runCli(['sim', '--port', String(port)]);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /TL_SIM_LISTEN_FAILED/);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.equal(r.stdout.trim(), '', 'no ready line');
  });

  it('tapeline run --port fails with TL_GATEWAY_LISTEN_FAILED and exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tapeline-port-'));
    const r = await runCli(['run', '--port', String(port), '--symbols', 'BTCUSDT', '--data-dir', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /TL_GATEWAY_LISTEN_FAILED/);
    assert.match(r.stderr, new RegExp(String(port)));
  });
});
