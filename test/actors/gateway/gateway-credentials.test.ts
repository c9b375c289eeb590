/**
 * A real gateway bound to 0.0.0.0 with a read token and TLS (test-only self-signed certificate in
 * test/fixtures/tls/), reached only through 127.0.0.1: every protected route and /ws refuse without the token
 * (401 TL_GATEWAY_UNAUTHORIZED) and serve with it (bearer header, the cookie `/?token=` sets, the WS
 * subprotocol); /healthz stays open; the kill switch still wants the admin token. Then the two refusals to
 * start through a real supervisor: exposed without a token, and a TLS pair uWS cannot load.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startSupervisor } from '../../../src/app/supervisor.js';
import { NO_VENUE, testConfig } from '../../fixtures/runtime-config.js';
import { GATEWAY_FIXTURES } from './helpers.js';

const CERT = new URL('../../../../test/fixtures/tls/test-cert.pem', import.meta.url).pathname;
const KEY = new URL('../../../../test/fixtures/tls/test-key.pem', import.meta.url).pathname;
const ca = readFileSync(CERT);
const READ = 'read-token-1';
const ADMIN = 'admin-token-2';

let sup: Awaited<ReturnType<typeof startSupervisor>>;
let port: number;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The first message of each socket, caught from the start (the hello can arrive in the same read as the 101). */
const firstMessage = new WeakMap<WebSocket, Promise<{ type: string }>>();

function ws(opts: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`wss://127.0.0.1:${port}/ws`, opts.protocols ?? [], {
      ca,
      headers: opts.headers ?? {},
    });
    firstMessage.set(socket, new Promise((r) => socket.once('message', (d) => r(JSON.parse(String(d))))));
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', () => resolve(-1));
  });
}

before(async () => {
  process.env.TAPELINE_QUIET = '1';
  process.env.TAPELINE_GW_READY_FILE = '';
  const config = testConfig({
    host: '0.0.0.0',
    adminToken: ADMIN,
    gateway: { readToken: READ, tls: { certFile: CERT, keyFile: KEY } },
  });
  sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: GATEWAY_FIXTURES.marketIngest },
  });
  port = Number(new URL(sup.urls.dashboard).port);
  assert.match(sup.urls.dashboard, /^https:\/\/0\.0\.0\.0:\d+\/$/);
  assert.match(sup.urls.ws, /^wss:/);
});

after(async () => {
  await sup?.shutdown('test over');
});

test('without the read token: 401 TL_GATEWAY_UNAUTHORIZED on the dashboard, /api/*, /metrics and /ws', async () => {
  for (const path of [
    '/',
    '/dashboard/app.js',
    '/vendor/uplot/uPlot.esm.js',
    '/api/status',
    '/api/schema',
    '/metrics',
  ]) {
    const r = await get(path);
    assert.equal(r.status, 401, path);
    assert.equal((JSON.parse(r.body) as { error: { code: string } }).error.code, 'TL_GATEWAY_UNAUTHORIZED', path);
  }
  assert.equal(
    (await get('/api/status', { authorization: `Bearer ${ADMIN}` })).status,
    401,
    'the admin token is not a read token',
  );
  assert.equal((await get('/?token=wrong')).status, 401);
  assert.equal(await ws(), 401);
  assert.equal(await ws({ headers: { cookie: 'tapeline_token=wrong' } }), 401);
  assert.equal(await ws({ protocols: ['tapeline', 'tapeline.bearer.wrong'] }), 401);
});

test('with the read token: bearer header, the cookie from /?token=, and the WS subprotocol all serve', async () => {
  const bearer = { authorization: `Bearer ${READ}` };
  const status = await get('/api/status', bearer);
  assert.equal(status.status, 200);
  assert.ok((JSON.parse(status.body) as { actors: unknown[] }).actors.length > 0);
  assert.equal((await get('/api/schema', bearer)).status, 200);
  assert.equal((await get('/metrics', bearer)).status, 200);

  const landing = await get(`/?token=${READ}`);
  assert.equal(landing.status, 303);
  assert.equal(landing.headers.location, '/');
  const setCookie = String(landing.headers['set-cookie']);
  assert.match(setCookie, /^tapeline_token=read-token-1; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
  const cookie = setCookie.split(';')[0] as string;
  const page = await get('/', { cookie });
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Tapeline<\/title>/);
  assert.equal((await get('/dashboard/app.js', { cookie })).status, 200);

  for (const opts of [
    { headers: bearer },
    { headers: { cookie } },
    { protocols: ['tapeline', `tapeline.bearer.${READ}`] },
  ]) {
    const socket = await ws(opts);
    assert.ok(socket instanceof WebSocket, `upgrade with ${JSON.stringify(opts)}: got ${String(socket)}`);
    if (opts.protocols) assert.equal(socket.protocol, 'tapeline', 'the token subprotocol is never echoed');
    const hello = await firstMessage.get(socket);
    assert.equal(hello?.type, 'hello');
    socket.terminate();
  }
});

test('/healthz stays open; the kill switch wants the admin token, not the read token', async () => {
  const health = await get('/healthz');
  assert.ok(health.status === 200 || health.status === 503, String(health.status));
  const body = '{"engaged":true,"reason":"test"}';
  const withRead = await get('/api/kill-switch', { authorization: `Bearer ${READ}` }, 'POST', body);
  assert.equal(withRead.status, 401);
  assert.equal((JSON.parse(withRead.body) as { error: { code: string } }).error.code, 'TL_KILL_SWITCH_UNAUTHORIZED');
});

test('a real start refuses: exposed without a read token, and a TLS pair uWS cannot load', async () => {
  await assert.rejects(
    startSupervisor(testConfig({ host: '0.0.0.0' }), {
      venue: NO_VENUE,
      admin: false,
      modules: { ingest: GATEWAY_FIXTURES.marketIngest },
    }),
    { code: 'TL_GATEWAY_EXPOSED_NO_TOKEN' },
  );
  const notPem = new URL('../../../../package.json', import.meta.url).pathname;
  await assert.rejects(
    startSupervisor(testConfig({ gateway: { readToken: undefined, tls: { certFile: notPem, keyFile: KEY } } }), {
      venue: NO_VENUE,
      admin: false,
      modules: { ingest: GATEWAY_FIXTURES.marketIngest },
    }),
    { code: 'TL_GATEWAY_TLS_INVALID' },
  );
});
