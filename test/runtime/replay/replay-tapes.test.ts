/**
 * Replay of a real recording: the same tape twice gives the identical `seq stateHash` sequence, every message
 * is a valid `metrics` message, and the CLI writes the lines and the JSONL it promises.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { replayTapes, snapshotLine } from '../../../src/runtime/replay/replay-tapes.js';
import { MetricsMessage } from '../../../src/schema/metrics-message.js';

const DATA =
  process.env.TAPELINE_RECORDED_DATA ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
const TAPE = join(DATA, 'hftbacktest/usdm/btcusdt_20240808.gz');
const CLI = fileURLToPath(new URL('../../../../bin/tapeline.js', import.meta.url));

async function lines(): Promise<string[]> {
  const out: string[] = [];
  await replayTapes({
    tapes: [TAPE],
    onSnapshot(m) {
      assert.ok(Value.Check(MetricsMessage, m), `valid metrics message ${m.seq}`);
      out.push(snapshotLine(m));
    },
  });
  return out;
}

test('replaying a recording twice gives the identical stateHash sequence', async (t) => {
  if (!existsSync(TAPE)) return t.skip(`recorded data absent: ${TAPE}`);
  const a = await lines();
  const b = await lines();
  assert.ok(a.length > 300, `${a.length} snapshots`);
  assert.deepEqual(a, b);
  assert.equal(new Set(a.map((l) => l.split(' ')[2])).size, a.length, 'every snapshot has its own hash');
  assert.deepEqual(
    a.slice(0, 3).map((l) => l.split(' ').slice(0, 2).join(' ')),
    ['BTCUSDT 1', 'BTCUSDT 2', 'BTCUSDT 3'],
  );
});

test('tapeline replay --out --metrics writes the lines and the metrics JSONL', async (t) => {
  if (!existsSync(TAPE)) return t.skip(`recorded data absent: ${TAPE}`);
  const dir = mkdtempSync(join(tmpdir(), 'tl-replay-'));
  const out = join(dir, 'lines.txt');
  const metrics = join(dir, 'metrics.jsonl');
  const r = await promisify(execFile)(process.execPath, [CLI, 'replay', TAPE, '--out', out, '--metrics', metrics], {
    timeout: 60_000,
  });
  assert.match(r.stderr, /snapshots of BTCUSDT/);
  const printed = readFileSync(out, 'utf8').trim().split('\n');
  const logged = readFileSync(metrics, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MetricsMessage);
  assert.equal(printed.length, logged.length);
  assert.deepEqual(printed, logged.map(snapshotLine));
});

test('two symbols on 1 worker and on 2 piscina workers give identical output', async (t) => {
  const eth = join(DATA, 'hftbacktest/usdm/ethusdt_20240808.gz');
  if (!existsSync(TAPE) || !existsSync(eth)) return t.skip(`recorded data absent: ${DATA}`);
  const run = async (workers: string) =>
    (
      await promisify(execFile)(process.execPath, [CLI, 'replay', TAPE, eth, '--workers', workers], {
        timeout: 120_000,
        maxBuffer: 64 << 20,
      })
    ).stdout;
  const one = await run('1');
  const two = await run('2');
  assert.equal(one, two);
  const symbols = new Set(
    one
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]),
  );
  assert.deepEqual([...symbols].sort(), ['BTCUSDT', 'ETHUSDT']);
});

test('a missing tape is a one-line usage error, exit 2', async () => {
  const r = await promisify(execFile)(process.execPath, [CLI, 'replay', '/nonexistent/tape.ndjson']).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
