/**
 * An armed run (EXECUTION_ENABLED=true, a known API secret) in a child process, SIGKILLed in the middle of a
 * burst of orders: every JSONL log stays parseable (at most the last partial line), the restart comes up SAFE
 * (kill switch engaged), reconciles and never sends a journaled attempt again (the sim's order log). The secret
 * appears in no file of the data dir, no captured stdout/stderr, /api/status, /metrics or admin reply; a gateway
 * bound off 127.0.0.1 says so on stderr at start.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { adminRequest } from '../../src/app/admin/admin-client.js';
import { startSimVenue } from '../../src/venues/sim/index.js';
import { until } from '../fixtures/runtime-config.js';

const KEY = 'sigkill-key-4c2d';
const SECRET = 'sigkill-SECRET-3e8f1a9b7c6d';
const CHILD = new URL('./fixtures/armed-run.js', import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  out: string[];
  err: string[];
  ask(cmd: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function startRun(dir: string, rest: string, ws: string, host: string): Run {
  const child = spawn(process.execPath, [CHILD, dir, rest, ws, host], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      BINANCE_API_KEY: KEY,
      BINANCE_API_SECRET: SECRET,
      EXECUTION_ENABLED: 'true',
      TAPELINE_ADMIN_TOKEN: 'tok-sigkill',
    },
  });
  const out: string[] = [];
  const err: string[] = [];
  const waiters: Array<(o: Record<string, unknown>) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    out.push(l);
    if (!l.startsWith('{')) return;
    const o = JSON.parse(l) as Record<string, unknown>;
    // The execution journal also writes ORDER_ATTEMPT_AUDIT lines to stdout; only the fixture's answers count.
    if ('ready' in o || 'reply' in o || 'error' in o) waiters.shift()?.(o);
  });
  child.stderr!.on('data', (b: Buffer) => err.push(b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = (ms = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply from the child; stderr ${err.join('').slice(-800)}`)),
        ms,
      );
      waiters.push((o) => {
        clearTimeout(timer);
        resolve(o);
      });
    });
  const ready = next();
  return {
    child,
    out,
    err,
    exited,
    async ask(cmd) {
      await ready;
      const reply = next();
      child.stdin!.write(`${cmd}\n`);
      return reply;
    },
  };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : statSync(p).isFile() ? [p] : [];
  });
}

test('SIGKILL mid-burst → logs parseable, restart SAFE, reconciled, nothing resent; the secret appears nowhere', async (t) => {
  const sim = await startSimVenue({ port: 0, seed: 3, symbols: ['BTCUSDT'], apiKey: KEY, apiSecret: SECRET });
  const dir = mkdtempSync(join(tmpdir(), 'tl-k-'));
  const orderLog = async () =>
    (
      (await (await fetch(`${sim.rest}/_sim/state`)).json()) as {
        orderLog: Array<{ path: string; method: string; status: number; params: Record<string, string> }>;
      }
    ).orderLog;
  const runs: Run[] = [];
  try {
    const a = startRun(dir, sim.rest, sim.ws, '127.0.0.1');
    runs.push(a);
    await until(
      'first run reconciled',
      async () =>
        ((await a.ask('status')).reply as { execution: { positionsReconciled?: boolean } }).execution
          .positionsReconciled === true,
      20_000,
    );
    await a.ask('arm');
    const depth = (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as {
      bids: [string, string][];
    };
    const bid = Number(depth.bids[0]![0]);
    const order = `${Math.round(bid * 0.997 * 10) / 10} 0.002 ${bid}`;
    a.child.stdin!.write(`burst 60 k ${order}\n`);
    await until(
      'orders leaving',
      async () => (await orderLog()).filter((e) => e.path === '/fapi/v1/order' || e.path === 'order.place').length >= 5,
      10_000,
    );
    a.child.kill('SIGKILL');
    assert.equal(await a.exited, null, 'killed by the signal');
    const sentBefore = (await orderLog()).filter((e) => e.path === '/fapi/v1/order' || e.path === 'order.place').length;

    // Every JSONL file: complete lines parse; at most one trailing partial line.
    const logs = join(dir, 'logs');
    const figures: Record<string, string> = {};
    for (const f of readdirSync(logs).filter((x) => x.endsWith('.jsonl') || x.endsWith('.log'))) {
      const text = readFileSync(join(logs, f), 'utf8');
      const lines = text.split('\n');
      const partial = lines.pop()!;
      for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `${f}: ${l.slice(0, 200)}`);
      figures[f] = `${lines.length} lines${partial ? ', 1 partial' : ''}`;
    }
    t.diagnostic(`after SIGKILL (${sentBefore} orders had left): ${JSON.stringify(figures)}`);

    // Restart on the same data dir, gateway on 127.0.0.2 (loopback, but not the default: it must say so).
    const b = startRun(dir, sim.rest, sim.ws, '127.0.0.2');
    runs.push(b);
    const first = (await b.ask('status')).reply as { status: { killSwitch: { engaged: boolean } } };
    assert.equal(first.status.killSwitch.engaged, true, 'comes up SAFE');
    await until(
      'restart reconciled',
      async () =>
        ((await b.ask('status')).reply as { execution: { positionsReconciled?: boolean } }).execution
          .positionsReconciled === true,
      20_000,
    );
    // The same 60 decisions again, armed: what was journaled is never sent twice.
    await b.ask('arm');
    await b.ask(`burst 60 k ${order}`);
    await new Promise((r) => setTimeout(r, 1500));
    // Placed over REST or the WS API (execution's default transport): one clientOrderId, one placement, either way.
    const posts = (await orderLog()).filter(
      (e) => (e.method === 'POST' && e.path === '/fapi/v1/order') || (e.method === 'WS' && e.path === 'order.place'),
    );
    const perId = new Map<string, number>();
    for (const p of posts) perId.set(p.params.newClientOrderId!, (perId.get(p.params.newClientOrderId!) ?? 0) + 1);
    const twice = [...perId].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no clientOrderId sent twice across the SIGKILL');
    t.diagnostic(`orders sent: ${sentBefore} before the kill, ${posts.length} in all for 60 decisions`);

    // Secrets: every surface of the armed run.
    const statusReply = await b.ask('status');
    assert.ok(statusReply.reply, `status answered: ${JSON.stringify(statusReply)}`);
    const hello = statusReply.reply as Record<string, unknown>;
    const http = (JSON.parse(b.out[0]!) as { http: string }).http.replace(/\/$/, '');
    const surfaces: Record<string, string> = {
      '/api/status': await (await fetch(`${http}/api/status`)).text(),
      '/metrics': await (await fetch(`${http}/metrics`)).text(),
      'admin status': JSON.stringify(await adminRequest(join(dir, 'admin.sock'), { cmd: 'status' })),
      'status (comlink)': JSON.stringify(hello),
    };
    for (const r of runs) {
      surfaces[`stdout ${runs.indexOf(r)}`] = r.out.join('\n');
      surfaces[`stderr ${runs.indexOf(r)}`] = r.err.join('');
    }
    for (const f of files(dir)) if (!f.endsWith('.sock')) surfaces[f] = readFileSync(f, 'latin1');
    for (const [where, text] of Object.entries(surfaces))
      assert.ok(
        typeof text === 'string' && !text.includes(SECRET),
        `secret found in ${where}: ${String(text).slice(0, 300)}`,
      );
    assert.ok(Object.keys(surfaces).length >= 9, 'every output looked at');
    assert.match(b.err.join(''), /exposed beyond loopback/, 'a non-default host is announced at start');
    assert.doesNotMatch(a.err.join(''), /exposed beyond loopback/);
  } finally {
    for (const r of runs) {
      if (r.child.exitCode === null && r.child.signalCode === null) {
        r.child.stdin!.end();
        const timer = setTimeout(() => r.child.kill('SIGKILL'), 8000);
        await r.exited;
        clearTimeout(timer);
      }
    }
    await sim.close();
  }
});
