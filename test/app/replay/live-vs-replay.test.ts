/**
 * docs/contract.md, logs and tapes end to end: `tapeline run --record` against the simulated venue, stopped with SIGINT; then
 * `replay` of its tape must print exactly the `SYMBOL seq stateHash` sequence the live run logged.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replayTapes, snapshotLine } from '../../../src/app/replay/replay-tapes.js';

const CLI = fileURLToPath(new URL('../../../../bin/tapeline.js', import.meta.url));

function linesBySymbol(lines: string[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const l of lines) {
    const s = l.split(' ')[0]!;
    by.set(s, [...(by.get(s) ?? []), l]);
  }
  return by;
}

test('the replay of a recorded live run reproduces its seq/stateHash sequence exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-rec-'));
  const metricsLog = join(dir, 'logs', 'metrics.jsonl');
  const child = spawn(
    process.execPath,
    [CLI, 'run', '--port', '0', '--data-dir', dir, '--record', '--symbols', 'BTCUSDT,ETHUSDT'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TAPELINE_QUIET: '1' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  const enough = () => {
    if (!existsSync(metricsLog)) return false;
    const by = linesBySymbol(
      readFileSync(metricsLog, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => snapshotLine(JSON.parse(l))),
    );
    return (by.get('BTCUSDT')?.length ?? 0) >= 30 && (by.get('ETHUSDT')?.length ?? 0) >= 30;
  };
  while (!enough()) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail(`no 30 snapshots per symbol within 60 s; stderr: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGINT');
  assert.equal(await exited, 0, `clean exit; stderr: ${stderr.slice(-2000)}`);

  const live = linesBySymbol(
    readFileSync(metricsLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => snapshotLine(JSON.parse(l))),
  );
  const tapes = readdirSync(join(dir, 'tapes')).map((f) => join(dir, 'tapes', f));
  assert.equal(tapes.length, 1, 'one tape per run');
  const replayed: string[] = [];
  await replayTapes({ tapes, onSnapshot: (m) => replayed.push(snapshotLine(m)) });
  const again = linesBySymbol(replayed);
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const a = live.get(symbol)!;
    const b = again.get(symbol) ?? [];
    assert.ok(a.length >= 30);
    assert.deepEqual(b, a, `${symbol}: replay equals the live log (${a.length} live, ${b.length} replayed)`);
  }
});
