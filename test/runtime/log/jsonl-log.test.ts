/**
 * The JSONL logs' flush policy: a writer killed with SIGKILL mid-run leaves a file where every complete line
 * parses, records are contiguous, and at most the last line is partial.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BATCH_MS, JsonlLog, jsonlLogPath } from '../../../src/runtime/log/jsonl-log.js';

const WRITER = new URL('../../fixtures/log/jsonl-writer.js', import.meta.url);

test('SIGKILL mid-write loses at most the last partial line', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tl-jsonl-')), 'metrics.jsonl');
  const child = spawn(process.execPath, [WRITER.pathname, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const last = lines.pop()!;
  assert.ok(lines.length > 100, `wrote ${lines.length} lines before the kill`);
  for (const [n, line] of lines.entries()) assert.equal(JSON.parse(line).i, n, `line ${n} parses and is in sequence`);
  if (last !== '') assert.throws(() => JSON.parse(last), 'only a torn last line may fail to parse');
});

test('files are created 0600 under <dataDir>/logs and appended, never truncated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-jsonl-'));
  const a = JsonlLog.open(dir, 'executions');
  a.append({ n: 1 });
  a.close();
  const b = JsonlLog.open(dir, 'executions');
  b.append({ n: 2 });
  b.close();
  const path = jsonlLogPath(dir, 'executions');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).n),
    [1, 2],
  );
  assert.throws(() => b.append({ n: 3 }), /closed/);
});

test('metrics is batched: the actors of a thread share one buffer, written whole at the period or at close', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-jsonl-'));
  const path = jsonlLogPath(dir, 'metrics');
  const a = JsonlLog.open(dir, 'metrics');
  const b = JsonlLog.open(dir, 'metrics');
  assert.equal(a, b, 'one shared log per thread and path');
  a.append({ n: 1 });
  b.append({ n: 2 });
  assert.equal(readFileSync(path, 'utf8'), '', 'nothing written per record');
  const deadline = Date.now() + 60_000;
  while (readFileSync(path, 'utf8') === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n', `written within ${BATCH_MS} ms as whole lines`);
  a.append({ n: 3 });
  a.close();
  assert.match(readFileSync(path, 'utf8'), /\{"n":3\}\n$/, 'a close writes what is buffered');
  b.append({ n: 4 });
  b.close();
  assert.throws(() => b.append({ n: 5 }), /closed/, 'closed with its last user');
  assert.deepEqual(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).n),
    [1, 2, 3, 4],
  );
});
