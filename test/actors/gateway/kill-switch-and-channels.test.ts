/**
 * Every channel end to end (metrics, signals, orders, risk: the symbol, execution and risk fixtures produce what
 * their issues will), each message validating against /api/schema, and the HTTP kill switch: 401 for a missing,
 * malformed or wrong token, 400 for bad bodies, 403 for engaged:false, 200 → engaged in /api/status and on /ws.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { assertAllValid, Client, schemaValidators, startRuntime } from './helpers.js';

const TOKEN = 'test-admin-token-0123456789';
let rt: Awaited<ReturnType<typeof startRuntime>>;
let v: { server: ValidateFunction; client: ValidateFunction };
let c: Client;
let m: Client;

before(async () => {
  rt = await startRuntime({ full: true, config: { adminToken: TOKEN } });
  v = await schemaValidators(rt.http);
  c = new Client(rt.ws);
  m = new Client(rt.ws, 'msgpack');
});

after(async () => {
  c.close();
  m.close();
  await rt.sup.shutdown('test over');
});

function kill(body: string, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  return fetch(`${rt.http}/api/kill-switch`, { method: 'POST', headers, body });
}

test('metrics, signal, order, risk and kill-switch messages all arrive and validate, in both formats', async () => {
  for (const client of [c, m]) {
    for (const type of ['hello', 'metrics', 'signal', 'order', 'risk', 'kill-switch'])
      await client.next(type, (x) => x.type === type);
    await client.next('a FILLED order', (x) => x.type === 'order' && x.status === 'FILLED');
    assertAllValid(v.server, client.messages);
    assert.equal(client.wrongFrames, 0);
  }
  const metrics = await c.next('ready metrics', (x) => x.type === 'metrics' && x.ready === true);
  assert.match(String(metrics.stateHash), /^[0-9a-f]{16}$/);
});

test('kill switch: 401 without, with a malformed and with a wrong token', async () => {
  for (const auth of [undefined, 'Basic abc', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN]) {
    const res = await kill('{"engaged":true,"reason":"x"}', auth);
    assert.equal(res.status, 401, `authorization ${auth}`);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'TL_KILL_SWITCH_UNAUTHORIZED');
  }
});

test('kill switch: bad bodies are 400, engaged:false is 403 (arming only on the admin socket)', async () => {
  const auth = `Bearer ${TOKEN}`;
  for (const body of [
    '',
    'nope',
    '[]',
    '{}',
    '{"engaged":"yes"}',
    '{"engaged":true,"extra":1}',
    '{"engaged":true,"reason":""}',
    '{"engaged":true,"symbol":"btc"}',
  ]) {
    const res = await kill(body, auth);
    assert.equal(res.status, 400, `body ${body}`);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'TL_HTTP_BAD_BODY');
  }
  const arm = await kill('{"engaged":false,"reason":"go"}', auth);
  assert.equal(arm.status, 403);
  assert.equal(((await arm.json()) as { error: { code: string } }).error.code, 'TL_KILL_SWITCH_ARM_OVER_HTTP');
  const big = await kill(JSON.stringify({ engaged: true, reason: 'x'.repeat(5000) }), auth);
  assert.equal(big.status, 413);
});

test('kill switch: the right token engages it (200), /api/status and /ws show the reason', async () => {
  const from = c.messages.length;
  const res = await kill('{"engaged":true,"reason":"http test kill"}', `Bearer ${TOKEN}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { ok: boolean; killSwitch: { engaged: boolean; reason: string } };
  assert.equal(body.ok, true);
  assert.equal(body.killSwitch.engaged, true);
  assert.equal(body.killSwitch.reason, 'http test kill');
  const status = (await (await fetch(`${rt.http}/api/status`)).json()) as {
    killSwitch: { engaged: boolean; reason: string };
  };
  assert.equal(status.killSwitch.engaged, true);
  assert.equal(status.killSwitch.reason, 'http test kill');
  await c.next('kill-switch event', (x) => x.type === 'kill-switch' && x.reason === 'http test kill', from);
  const risk = await c.next(
    'risk state',
    (x) => x.type === 'risk' && (x.killSwitch as { reason: string }).reason === 'http test kill',
    from,
  );
  assert.ok(v.server(risk));
});

test('/metrics has book health, orders and signals from the traffic', async () => {
  const text = await (await fetch(`${rt.http}/metrics`)).text();
  assert.match(text, /tapeline_book_gaps\{symbol="ETHUSDT"\} 0/);
  assert.match(text, /tapeline_book_feed_lag_ms\{symbol="BTCUSDT"\} -?\d+/);
  assert.match(text, /tapeline_orders_total\{status="FILLED"\} [1-9]/);
  assert.match(text, /tapeline_signals_total\{accepted="false"\} [1-9]/);
  assert.match(text, /tapeline_ws_clients\{format="msgpack"\} 1/);
});
