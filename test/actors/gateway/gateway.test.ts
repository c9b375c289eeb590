/**
 * The gateway thread inside a real supervisor with the scripted ingest and the real symbol/risk/execution actors:
 * schema, status, health, 404, a plain JSON `ws` client and a raw msgpack client (every message validates against
 * the served /api/schema, real `metrics` from the real symbol actors), subscribe/unsubscribe semantics, ping, malformed ops answered with an error while the
 * connection stays, and the kill switch answering 403 with no token configured.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { pack } from 'msgpackr';
import { until } from '../../fixtures/runtime-config.js';
import { assertAllValid, Client, schemaValidators, startRuntime } from './helpers.js';

const readyFile = join(mkdtempSync(join(tmpdir(), 'tl-gw-')), 'backfill-done');
let rt: Awaited<ReturnType<typeof startRuntime>>;
let v: { server: ValidateFunction; client: ValidateFunction };
const clients: Client[] = [];

function client(format: 'json' | 'msgpack' = 'json'): Client {
  const c = new Client(rt.ws, format);
  clients.push(c);
  return c;
}

before(async () => {
  rt = await startRuntime({ readyFile });
  v = await schemaValidators(rt.http);
});

after(async () => {
  for (const c of clients) {
    if (c.messages.length) assertAllValid(v.server, c.messages);
    c.close();
  }
  await rt.sup.shutdown('test over');
});

test('HTTP: schema, status, healthz 503 then 200 once every symbol is ready, 404, kill switch 403 without a token', async () => {
  assert.match(rt.http, /^http:\/\/127\.0\.0\.1:\d+$/);
  const status = (await (await fetch(`${rt.http}/api/status`)).json()) as {
    killSwitch: { engaged: boolean };
    actors: Array<{ name: string }>;
  };
  assert.equal(status.killSwitch.engaged, true);
  assert.ok(status.actors.some((a) => a.name === 'gateway'));
  const health = await fetch(`${rt.http}/healthz`);
  assert.equal(health.status, 503, 'backfill not done yet: not ready');
  assert.match(await health.text(), /not ready: BTCUSDT ETHUSDT SOLUSDT/);
  writeFileSync(readyFile, 'go');
  await until('healthz 200', async () => {
    const r = await fetch(`${rt.http}/healthz`);
    return r.status === 200 && (await r.text()) === 'ok\n';
  });
  const missing = await fetch(`${rt.http}/nope`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'TL_HTTP_NOT_FOUND');
  const kill = await fetch(`${rt.http}/api/kill-switch`, {
    method: 'POST',
    headers: { authorization: 'Bearer anything' },
    body: '{"engaged":true}',
  });
  assert.equal(kill.status, 403);
  assert.equal(((await kill.json()) as { error: { code: string } }).error.code, 'TL_KILL_SWITCH_NO_TOKEN');
});

test('a plain ws client gets hello, the current risk state and telemetry of every symbol, all valid', async () => {
  const c = client();
  const hello = await c.next('hello', (m) => m.type === 'hello');
  assert.equal(c.messages[0]?.type, 'hello');
  assert.deepEqual(hello.symbols, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
  assert.deepEqual(hello.channels, ['metrics', 'signals', 'orders', 'risk', 'trades']);
  assert.match(String(hello.schemaVersion), /^\d+\.\d+\.\d+$/);
  await c.next('kill-switch replayed on open', (m) => m.type === 'kill-switch' && m.engaged === true);
  for (const s of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
    await c.next(`metrics of ${s}`, (m) => m.type === 'metrics' && m.symbol === s);
  assert.equal(c.wrongFrames, 0, 'JSON connection gets text frames only');
  assertAllValid(v.server, c.messages);
});

test('a raw msgpack client gets binary frames of the same objects and may send msgpack or JSON ops', async () => {
  const c = client('msgpack');
  await c.opened();
  const hello = await c.next('hello', (m) => m.type === 'hello');
  assert.deepEqual(hello.channels, ['metrics', 'signals', 'orders', 'risk', 'trades']);
  await c.next('metrics', (m) => m.type === 'metrics');
  c.socket.send(pack({ op: 'ping', id: 41 }));
  c.send({ op: 'ping', id: 'text-op' });
  await c.next('pong to the msgpack op', (m) => m.type === 'pong' && m.id === 41);
  await c.next('pong to the JSON op', (m) => m.type === 'pong' && m.id === 'text-op');
  assert.equal(c.wrongFrames, 0, 'msgpack connection gets binary frames only');
  assertAllValid(v.server, c.messages);
});

test('subscribe replaces the default; unsubscribe removes; the ack lists the subscription', async () => {
  const c = client();
  await c.opened();
  await c.next('hello', (m) => m.type === 'hello');
  c.send({ op: 'subscribe', symbols: ['BTCUSDT'], channels: ['metrics'] });
  const ack = await c.next('subscribed', (m) => m.type === 'subscribed');
  assert.deepEqual(ack.subscriptions, [{ symbol: 'BTCUSDT', channel: 'metrics' }]);
  const from = c.messages.indexOf(ack) + 1;
  await c.next('BTCUSDT stats after the ack', (m) => m.type === 'metrics' && m.symbol === 'BTCUSDT', from);
  await new Promise((r) => setTimeout(r, 200));
  const others = c.messages.slice(from).filter((m) => m.type === 'metrics' && m.symbol !== 'BTCUSDT');
  assert.deepEqual(others, [], 'no other symbol after subscribing to BTCUSDT only');

  c.send({ op: 'subscribe', symbols: ['*'], channels: ['risk'] });
  const ack2 = await c.next('second ack', (m) => m.type === 'subscribed', from);
  assert.equal((ack2.subscriptions as unknown[]).length, 4);
  await c.next('risk state replayed on subscribe', (m) => m.type === 'kill-switch', c.messages.indexOf(ack2));

  c.send({ op: 'unsubscribe', symbols: ['BTCUSDT'], channels: ['metrics'] });
  const ack3 = await c.next(
    'third ack',
    (m) => m.type === 'subscribed' && (m.subscriptions as unknown[]).length === 3,
    from,
  );
  const quietFrom = c.messages.indexOf(ack3) + 1;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(
    c.messages.slice(quietFrom).filter((m) => m.type === 'metrics').length,
    0,
    'no telemetry after unsubscribing',
  );
});

test('malformed ops get an error with a stable code and the connection stays', async () => {
  const c = client();
  await c.opened();
  await c.next('hello', (m) => m.type === 'hello');
  const cases: Array<[string | Buffer, string]> = [
    ['not json', 'TL_WS_BAD_JSON'],
    ['[1,2]', 'TL_WS_BAD_OP'],
    ['{"op":"explode"}', 'TL_WS_UNKNOWN_OP'],
    ['{"op":"subscribe","symbols":"BTCUSDT","channels":["metrics"]}', 'TL_WS_BAD_OP'],
    ['{"op":"subscribe","symbols":["BTCUSDT"],"channels":["bogus"]}', 'TL_WS_BAD_OP'],
    ['{"op":"subscribe","symbols":["DOGEUSDT"],"channels":["metrics"]}', 'TL_WS_UNKNOWN_SYMBOL'],
    ['{"op":"ping"}', 'TL_WS_BAD_OP'],
    [`{"op":"ping","id":"${'x'.repeat(5000)}"}`, 'TL_WS_OP_TOO_LARGE'],
    [Buffer.from([0x81, 0xa2, 0x6f, 0x70]), 'TL_WS_BINARY_ON_JSON'],
  ];
  for (const [frame, code] of cases) {
    const from = c.messages.length;
    c.socket.send(frame);
    const err = await c.next(`error ${code}`, (m) => m.type === 'error', from);
    assert.equal(err.code, code, `${String(frame).slice(0, 60)} → ${JSON.stringify(err)}`);
    assert.ok(String(err.message).length > 0);
  }
  c.send({ op: 'ping', id: 7 });
  await c.next('pong after the errors', (m) => m.type === 'pong' && m.id === 7);
  assert.equal(c.closed, undefined, 'still open');
});

test('trades: each snapshot is preceded by the prints it counts; history replies with points and prints', async () => {
  const c = client();
  await c.opened();
  await c.next('hello', (m) => m.type === 'hello');
  const batch = await c.next('a trades batch', (m) => m.type === 'trades' && (m.ts as unknown[]).length > 0);
  const cols = ['ts', 'price', 'qty', 'side'].map((k) => (batch[k] as unknown[]).length);
  assert.ok(
    cols.every((n) => n === cols[0]),
    `columns of one length: ${cols.join(',')}`,
  );
  assert.ok((batch.side as number[]).every((x) => x === 1 || x === -1));
  // Wait for more than a second of snapshots (ticks are 25 ms of exchange time), so history has two points.
  await c.next(
    'two seconds of BTCUSDT snapshots',
    (m) =>
      m.type === 'metrics' && m.symbol === 'BTCUSDT' && (m.boundary as number) - (batch.ts as number[])[0]! > 2_000,
  );
  let from = c.messages.length;
  c.send({ op: 'history', symbol: 'BTCUSDT' });
  const h = await c.next('history', (m) => m.type === 'history', from);
  assert.equal(h.symbol, 'BTCUSDT');
  const points = h.points as Record<string, unknown[]>;
  assert.ok(points.ts!.length >= 2, `points: ${points.ts!.length}`);
  for (const [k, col] of Object.entries(points)) assert.equal(col.length, points.ts!.length, `column ${k}`);
  const ts = points.ts as number[];
  for (let i = 1; i < ts.length; i++) {
    assert.ok(ts[i]! > ts[i - 1]!, 'one point per second, increasing');
    assert.notEqual(Math.floor(ts[i]! / 1000), Math.floor(ts[i - 1]! / 1000), 'one point per second');
  }
  assert.ok(
    points.last!.some((x) => typeof x === 'number'),
    'prices in the history',
  );
  const trades = h.trades as { ts: number[] };
  assert.ok(trades.ts.length > 0, 'prints in the history');
  assert.ok(v.server(h), JSON.stringify(v.server.errors?.slice(0, 3)));
  assert.ok(v.client({ op: 'history', symbol: 'BTCUSDT', minutes: 5 }));
  from = c.messages.length;
  c.send({ op: 'history', symbol: 'BTCUSDT', minutes: 0.01 });
  const short = await c.next('history of 0.6 s', (m) => m.type === 'history', from);
  const shortTs = (short.points as { ts: number[] }).ts;
  // The newest point is the latest snapshot of the current second, so 0.6 s can reach back into the second before.
  assert.ok(shortTs.length >= 1 && shortTs.length <= 2, `0.6 s keeps the newest one or two points: ${shortTs}`);
  assert.ok(shortTs[0]! >= shortTs.at(-1)! - 600, 'nothing older than the window');
  for (const [op, code] of [
    [{ op: 'history', symbol: 'DOGEUSDT' }, 'TL_WS_UNKNOWN_SYMBOL'],
    [{ op: 'history', symbol: 'BTCUSDT', minutes: 99 }, 'TL_WS_BAD_OP'],
    [{ op: 'history' }, 'TL_WS_BAD_OP'],
  ] as const) {
    from = c.messages.length;
    c.send(op);
    const err = await c.next(`error ${code}`, (m) => m.type === 'error', from);
    assert.equal(err.code, code, JSON.stringify(err));
  }
});

test('op rate limit answers TL_WS_RATE_LIMITED and the connection stays', async () => {
  const c = client();
  await c.opened();
  for (let i = 0; i < 60; i++) c.send({ op: 'ping', id: i });
  await c.next('rate limited', (m) => m.type === 'error' && m.code === 'TL_WS_RATE_LIMITED');
  await new Promise((r) => setTimeout(r, 300));
  const from = c.messages.length;
  c.send({ op: 'ping', id: 'later' });
  await c.next('pong after refill', (m) => m.type === 'pong' && m.id === 'later', from);
});

test('/metrics is Prometheus text with actor, gate, kill switch and WS series', async () => {
  const res = await fetch(`${rt.http}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
  const text = await res.text();
  for (const series of [
    /tapeline_actor_mailbox_depth\{actor="symbol\/BTCUSDT"\} \d+/,
    /tapeline_actor_restarts\{actor="risk"\} 0/,
    /tapeline_actor_state\{actor="gateway",state="running"\} 1/,
    /tapeline_gate\{gate="executionEnabled"\} 0/,
    /tapeline_book_in_sync\{symbol="BTCUSDT"\} 1/,
    /tapeline_symbol_ready\{symbol="SOLUSDT"\} 1/,
    /tapeline_kill_switch_engaged\{symbol=""\} 1/,
    /tapeline_ws_clients\{format="json"\} \d+/,
    /tapeline_ws_clients_dropped_total\{reason="slow"\} 0/,
    /tapeline_ws_messages_published_total\{channel="metrics"\} [1-9]\d*/,
  ]) {
    assert.match(text, series);
  }
});
