/**
 * Issue 18, items 6 and 7 through `tapeline run`: a cluster node (`--nats --node --venue-url`) with
 * `--record-stream live` records its tape to JetStream, and `tapeline replay --nats URL --stream live` prints the
 * live run's `SYMBOL seq stateHash` sequence; its ingest counted its REST weight in the IP's shared KV budget.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { snapshotLine } from '../../../src/app/replay/replay-tapes.js';
import { REST_BUDGET_BUCKET } from '../../../src/runtime/nats/durable-names.js';
import { REPO_ROOT, startSim } from '../../fixtures/cluster/cluster-processes.js';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

const CLI = join(REPO_ROOT, 'bin', 'tapeline.js');
const SNAPSHOTS = 20;

function btcLines(text: string): string[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (l.startsWith('{') ? snapshotLine(JSON.parse(l)) : l))
    .filter((l) => l.startsWith('BTCUSDT '));
}

test('run --record-stream: replay from JetStream equals the live run; REST weight counted cluster-wide', {
  timeout: 90_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const sim = await startSim(['BTCUSDT']);
  const dir = mkdtempSync(join(tmpdir(), 'tl-recstream-'));
  const args = [CLI, 'run', '--nats', nats.urls[0]!, '--node', 'a', '--venue-url', sim.rest, '--symbols', 'BTCUSDT'];
  args.push('--port', '0', '--data-dir', dir, '--record-stream', 'live', '--rest-ip', 'test-ip');
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', TAPELINE_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const nc = await connect({ servers: nats.urls });
  try {
    const metricsLog = join(dir, 'logs', 'metrics.jsonl');
    await retryUntil(
      `${SNAPSHOTS} live snapshots`,
      async () => {
        if (child.exitCode !== null) throw new Error(`node exited: ${output.slice(-2000)}`);
        return existsSync(metricsLog) && btcLines(readFileSync(metricsLog, 'utf8')).length >= SNAPSHOTS
          ? true
          : undefined;
      },
      60_000,
    );
    child.kill('SIGINT');
    assert.equal(await exited, 0, `clean exit: ${output.slice(-2000)}`);
    const live = btcLines(readFileSync(metricsLog, 'utf8'));

    const kv = await new Kvm(nc).open(REST_BUDGET_BUCKET);
    const keys = await kv.keys('test-ip.>');
    const counted: number[] = [];
    for await (const k of keys) counted.push(Number((await kv.get(k))?.string() ?? 0));
    assert.ok(
      counted.length > 0 && counted.every((w) => w > 0),
      `REST weight counted for test-ip: ${counted.join(',')}`,
    );

    const out = join(dir, 'replay.txt');
    const r = await promisify(execFile)(
      process.execPath,
      [CLI, 'replay', '--nats', nats.urls[0]!, '--stream', 'live', '--out', out],
      { timeout: 60_000 },
    );
    assert.match(r.stderr, /snapshots of BTCUSDT/);
    const replayed = btcLines(readFileSync(out, 'utf8'));
    assert.ok(live.length >= SNAPSHOTS);
    assert.deepEqual(replayed, live, `replay equals the live log (${live.length} live, ${replayed.length} replayed)`);
  } finally {
    child.kill('SIGKILL');
    await nc.close();
    await sim.stop();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
