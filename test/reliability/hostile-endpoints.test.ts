/**
 * Hostile input to every server surface of one running supervisor (scripted ingest, loopback, port 0), generated
 * by fast-check and bounded: HTTP requests to every endpoint, random Authorization headers on the kill switch,
 * WS client ops, admin socket lines. Each gets a clear coded answer; the servers stay up; memory stays bounded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Supervisor } from '../../src/runtime/supervisor.js';
import { startSupervisor } from '../../src/runtime/supervisor.js';
import { errorCode, openLineClient } from '../runtime/admin/fixtures/line-client.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../fixtures/runtime-config.js';
import { collectReplies, httpFuzzCase, wsOp } from './fixtures/hostile-inputs.js';

const TOKEN = 'tok-7f3a9c1e5b';
let sup: Supervisor;
let http: string;
let adminSocket: string;
let rss0 = 0;

before(async () => {
  process.env.TAPELINE_QUIET = '1';
  process.env.TAPELINE_TEST_EVENTS = '200';
  const config = testConfig({ adminToken: TOKEN, symbols: ['BTCUSDT', 'ETHUSDT'] });
  adminSocket = config.adminSocket;
  sup = await startSupervisor(config, { venue: NO_VENUE, modules: { ingest: FIXTURES.scriptedIngest } });
  http = sup.urls.dashboard.replace(/\/$/, '');
  rss0 = process.memoryUsage().rss;
});

after(async () => {
  await sup?.shutdown('test over');
});

async function stillUp(): Promise<void> {
  const r = await fetch(`${http}/api/status`);
  assert.equal(r.status, 200);
  assert.equal(((await r.json()) as { supervisor: { shuttingDown: boolean } }).supervisor.shuttingDown, false);
}

test('HTTP: 400 generated requests to every endpoint get a status and, when refused, a coded JSON error', async () => {
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(httpFuzzCase, async ({ method, path, headers, body }) => {
      const res = await fetch(`${http}${path}`, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      // 503 only from /healthz (symbols not ready: the scripted ingest sends no book); never another 5xx.
      const notReady = res.status === 503 && path.startsWith('/healthz');
      assert.ok(
        (res.status >= 200 && res.status < 500) || notReady,
        `${method} ${path} → ${res.status} ${text.slice(0, 200)}`,
      );
      if (res.status >= 400 && method !== 'HEAD') {
        refused++;
        if (notReady) assert.match(text, /not ready|BTCUSDT/i);
        else
          assert.match(
            (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '',
            /^TL_[A-Z_]+$/,
            `${method} ${path}: ${text}`,
          );
      }
    }),
    { numRuns: 400, seed: 5 },
  );
  assert.ok(refused > 50, 'the generator reaches the error paths');
  await stillUp();
});

test('HTTP kill switch: only the exact bearer token engages it (300 generated headers, constant-time compare)', async () => {
  await sup.kill('baseline'); // engaged at start anyway; a 200 here could only come from a wrongly accepted token
  const header = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.toUpperCase()}`,
      `Basic ${TOKEN}`,
      `Bearer  ${TOKEN}`.replace('  ', '\t'),
      TOKEN,
      `Bearer ${TOKEN} extra`,
    ),
    fc.string({ maxLength: 20 }).map((s) => `Bearer ${s}`),
  );
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(header, async (auth) => {
      const res = await fetch(`${http}/api/kill-switch`, {
        method: 'POST',
        headers: { authorization: auth },
        body: '{"engaged":true,"reason":"fuzz"}',
      });
      await res.text();
      if (res.status === 200) accepted++;
      assert.equal(
        res.status === 200,
        new RegExp(`^[Bb][Ee][Aa][Rr][Ee][Rr] +${TOKEN}\\s*$`).test(auth),
        `${JSON.stringify(auth)} → ${res.status}`,
      );
    }),
    { numRuns: 300, seed: 6 },
  );
  const ok = await fetch(`${http}/api/kill-switch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: '{"engaged":true,"reason":"right token"}',
  });
  assert.equal(ok.status, 200);
  assert.ok(accepted < 50);
});

test('WS: 1200 generated client ops over 30 connections, each answered (TL_WS_* error, ack or pong); none crash it', async () => {
  const ops = fc.sample(wsOp, { numRuns: 1200, seed: 7 });
  let errors = 0;
  // 40 ops per connection = the rate limiter's burst, so every op is judged on its content, not its rate.
  for (let i = 0; i < ops.length; i += 40) {
    const replies = await collectReplies(sup.urls.ws, ops.slice(i, i + 40));
    for (const r of replies) {
      assert.ok(['error', 'subscribed', 'pong'].includes(r.type), JSON.stringify(r));
      if (r.type === 'error') {
        errors++;
        assert.match(String(r.code), /^TL_WS_[A-Z_]+$/);
        assert.notEqual(r.code, 'TL_WS_RATE_LIMITED');
      }
    }
  }
  assert.ok(errors > 200);
  await stillUp();
});

test('WS limits: an op over 4 KiB is refused and the connection stays; a frame over 16 KiB closes only that connection', async () => {
  const [tooLarge] = await collectReplies(sup.urls.ws, [
    `{"op":"ping","id":"${'x'.repeat(5000)}"}`,
    '{"op":"ping","id":1}',
  ]);
  assert.equal(tooLarge?.code, 'TL_WS_OP_TOO_LARGE');
  const cut = await collectReplies(sup.urls.ws, ['x'.repeat(20_000)], { expectClose: true });
  assert.deepEqual(cut, []);
  const [pong] = await collectReplies(sup.urls.ws, ['{"op":"ping","id":2}']);
  assert.equal(pong?.type, 'pong', 'a fresh connection is served');
});

test('WS rate: 150 ops at once → the burst served, the rest TL_WS_RATE_LIMITED; 400 → cut; a polite client is unaffected', async () => {
  const pings = (n: number) => Array.from({ length: n }, (_, i) => `{"op":"ping","id":${i}}`);
  const burst = await collectReplies(sup.urls.ws, pings(150));
  const served = burst.filter((m) => m.type === 'pong').length;
  assert.ok(served >= 40 && served <= 45, `served ${served}: the burst (plus refill)`);
  assert.equal(burst.filter((m) => m.code === 'TL_WS_RATE_LIMITED').length, 150 - served);
  // 200 rejects in a row is abuse: the connection is closed hard (close(), queued replies discarded).
  const [hammer, polite] = await Promise.all([
    collectReplies(sup.urls.ws, pings(400), { expectClose: true }),
    collectReplies(sup.urls.ws, ['{"op":"ping","id":"p"}']),
  ]);
  assert.ok(hammer.length < 400, 'cut before it was answered in full');
  assert.equal(polite[0]?.type, 'pong');
});

test('admin socket: 1500 generated lines on one connection, each answered ok or a coded error; socket stays up', async () => {
  const c = await openLineClient(adminSocket);
  try {
    const cmd = fc.constantFrom('status', 'actors', 'kill', 'arm', 'restart', 'symbols', 'config', 'nope', '');
    const line = fc.oneof(
      // Blank lines are skipped by the framer (no reply), so generated lines are never blank.
      fc.string({ maxLength: 80 }).filter((s) => !s.includes('\n') && s.trim() !== ''),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            id: fc.oneof(fc.integer(), fc.string(), fc.jsonValue()),
            cmd,
            reason: fc.jsonValue(),
            actor: fc.string({ maxLength: 12 }).map((s) => `x${s}`),
            symbol: fc.jsonValue(),
            add: fc.oneof(fc.jsonValue(), fc.array(fc.string({ maxLength: 6 }).map((s) => `${s.toLowerCase()}?`))),
            remove: fc.jsonValue(),
            get: fc.jsonValue(),
            set: fc.dictionary(
              fc.constantFrom('risk.maxOrderNotional', 'strategies.sweepFade.cooldownMs', 'nope', 'risk.'),
              fc.jsonValue(),
            ),
          },
          { requiredKeys: ['cmd'] },
        )
        .map((o) => JSON.stringify(o)),
    );
    const lines = fc.sample(line, { numRuns: 1500, seed: 8 });
    let refused = 0;
    for (const l of lines) {
      c.send(`${l}\n`);
      const reply = await c.next(5000);
      assert.equal(typeof reply.ok, 'boolean', `${l} → ${JSON.stringify(reply)}`);
      if (reply.ok === false) {
        refused++;
        assert.match(errorCode(reply), /^TL_[A-Z_]+$/, `${l} → ${JSON.stringify(reply)}`);
      }
    }
    assert.ok(refused > 1000);
    c.send(`${'y'.repeat(70 * 1024)}\n`);
    assert.equal((await c.next(5000)).ok, false, 'an over-long line is refused');
    c.send('{"id":"end","cmd":"status"}\n');
    const end = await c.next(5000);
    assert.equal(end.ok, true);
    assert.equal(
      (end.killSwitch as { engaged: boolean }).engaged,
      true,
      'arm was refused throughout (EXECUTION_ENABLED=false)',
    );
  } finally {
    c.close();
  }
  const actors = await until('every actor running', async () => {
    const a = await sup.actors();
    return a.every((x) => x.state === 'running') ? a : undefined;
  });
  assert.equal(actors.length, 7);
});

test('memory stays bounded across the fuzzing above', () => {
  const grewMb = (process.memoryUsage().rss - rss0) / 1e6;
  assert.ok(grewMb < 300, `rss grew ${grewMb.toFixed(0)} MB`);
});
