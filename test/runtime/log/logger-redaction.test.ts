/**
 * The logger never writes a node's NATS credential (`--nats-user` password, `--nats-nkey` seed) nor the venue
 * secret, wherever it sits in a logged object: they are censored to "[redacted]".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLogger, logFilePath } from '../../../src/runtime/log/logger.js';

test('credential and apiSecret are redacted in the log file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-redact-'));
  try {
    const log = createLogger({ dataDir: dir, base: { actor: 'test' }, stderr: false });
    const credential = { user: 'gw', password: 'pw-do-not-log' };
    log.info({ credential }, 'top level');
    log.info({ cluster: { node: 'a', credential: { nkeySeed: 'SU-seed-do-not-log' } } }, 'in the cluster block');
    log.info({ config: { apiSecret: 'api-do-not-log', cluster: { credential } } }, 'in the config');
    const text = readFileSync(logFilePath(dir), 'utf8');
    assert.equal(text.trim().split('\n').length, 3);
    assert.doesNotMatch(text, /do-not-log/);
    assert.match(text, /\[redacted\]/);
    assert.match(text, /"node":"a"/, 'the rest of the object is logged');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
