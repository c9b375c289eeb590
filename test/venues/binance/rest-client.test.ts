/**
 * The REST client, weight limiter and clock sync against a tiny scripted `node:http` server on 127.0.0.1
 * port 0: weight headers, 429 then 418 with Retry-After (nothing is sent while blocked), venue errors,
 * timeouts, keep-alive reuse, the per-minute budget and the clock offset. The limiter's clock is injected so
 * no test waits out a Retry-After; the server closes every socket at the end.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ClockSync, offsetFromSample } from '../../../src/venues/binance/clock-sync.js';
import { WeightLimiter } from '../../../src/venues/binance/rate-limiter.js';
import { RestClient, type RestReply } from '../../../src/venues/binance/rest-client.js';
import type { VenueError } from '../../../src/venues/binance/venue-error.js';

type Script = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let hits = 0;
let sockets = 0;
let script: Script = (_req, res) => res.end('{}');

before(async () => {
  server = createServer((req, res) => {
    hits++;
    script(req, res);
  });
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function reply(status: number, body: string, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
}

async function rejects(p: Promise<unknown>, code: string): Promise<VenueError> {
  try {
    await p;
  } catch (err) {
    assert.equal((err as VenueError).code, code, (err as Error).message);
    return err as VenueError;
  }
  assert.fail(`expected ${code}`);
}

test('weight header is read, replies reach onReply, one keep-alive socket serves sequential requests', async () => {
  const replies: RestReply[] = [];
  const client = new RestClient({ baseUrl: base, connections: 1, onReply: (r) => replies.push(r) });
  try {
    sockets = 0;
    script = reply(200, '{"serverTime":123}', { 'X-MBX-USED-WEIGHT-1M': '37' });
    for (let i = 0; i < 3; i++) await client.get('/fapi/v1/time', 1);
    assert.equal(sockets, 1, 'keep-alive: one connection for three requests');
    assert.equal(client.limiter.peakWeight, 37);
    // Our own count never goes below the venue's (it errs high between two headers: conservative).
    assert.ok(client.limiter.usedWeight >= 37);
    assert.equal(replies.length, 3);
    assert.deepEqual(replies[0]!.body, { serverTime: 123 });
    assert.equal(replies[0]!.url, `${base}/fapi/v1/time`);
    assert.equal(replies[0]!.text, '{"serverTime":123}');
    assert.ok(replies[0]!.recvTs >= replies[0]!.sentTs);
  } finally {
    await client.close();
  }
});

test('429 then 418 with Retry-After: nothing is sent until each has passed (no ban loop)', async () => {
  let now = 1_000_000;
  const limiter = new WeightLimiter({ now: () => now });
  const client = new RestClient({ baseUrl: base, limiter, now: () => now });
  try {
    script = reply(429, '{"code":-1003,"msg":"Too many requests"}', { 'Retry-After': '3' });
    const before429 = hits;
    const e429 = await rejects(client.get('/fapi/v1/depth?symbol=BTCUSDT&limit=1000', 20), 'TL_VENUE_RATE_LIMITED');
    assert.equal(e429.retryAfterMs, 3000);
    assert.match(e429.message, /no request is sent for 3 s/);
    script = reply(200, '{}');
    now += 2_999;
    await rejects(client.get('/fapi/v1/ping', 1), 'TL_VENUE_RATE_LIMITED');
    assert.equal(hits, before429 + 1, 'the blocked request never left');
    now += 1;
    script = reply(418, '{"code":-1003,"msg":"Way too many requests; IP banned"}', { 'Retry-After': '120' });
    const e418 = await rejects(client.get('/fapi/v1/ping', 1), 'TL_VENUE_BANNED');
    assert.equal(e418.status, 418);
    assert.equal(e418.retryAfterMs, 120_000);
    now += 60_000;
    await rejects(client.get('/fapi/v1/ping', 1), 'TL_VENUE_BANNED');
    assert.equal(hits, before429 + 2);
    now += 60_000;
    script = reply(200, '{}');
    await client.get('/fapi/v1/ping', 1);
    assert.equal(hits, before429 + 3);
  } finally {
    await client.close();
  }
});

test('venue errors, non-JSON replies, timeouts and an unreachable venue have their codes', async () => {
  const client = new RestClient({ baseUrl: base, timeoutMs: 200 });
  try {
    script = reply(400, '{"code":-1121,"msg":"Invalid symbol."}');
    const http = await rejects(client.get('/fapi/v1/depth?symbol=NOPE', 2), 'TL_VENUE_HTTP');
    assert.equal(http.venueCode, -1121);
    assert.match(http.message, /Invalid symbol/);
    script = reply(200, '<html>');
    await rejects(client.get('/fapi/v1/ping', 1), 'TL_VENUE_BAD_REPLY');
    script = () => {}; // never answers; closeAllConnections in after() ends it
    await rejects(client.get('/fapi/v1/ping', 1), 'TL_VENUE_TIMEOUT');
  } finally {
    await client.close();
  }
  const dead = new RestClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 500 });
  try {
    await rejects(dead.get('/fapi/v1/ping', 1), 'TL_VENUE_UNREACHABLE');
  } finally {
    await dead.close();
  }
});

test('budget: past the per-minute budget a request waits for the next minute', () => {
  let now = 120_000 + 50_000; // 10 s before a minute boundary
  const limiter = new WeightLimiter({ budgetPerMinute: 40, now: () => now });
  assert.equal(limiter.reserve(20), 0);
  assert.equal(limiter.reserve(20), 0);
  assert.equal(limiter.reserve(20), 10_001);
  assert.equal(limiter.deferred, 1);
  limiter.onResponse(200, '39', undefined);
  now += 10_001;
  assert.equal(limiter.reserve(20), 0, 'a new minute starts from zero');
  // The venue counts other processes on the IP too: its header wins when higher.
  limiter.onResponse(200, '35', undefined);
  assert.equal(limiter.usedWeight, 35);
  assert.ok(limiter.reserve(20) > 0);
});

test('clock offset: midpoint of request and response, best of several samples', async () => {
  assert.equal(offsetFromSample(1000, 6050, 1100), 5000);
  const client = new RestClient({ baseUrl: base });
  try {
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ serverTime: Date.now() + 5000 }));
    };
    const clock = new ClockSync();
    await clock.sync(client, 3);
    assert.equal(clock.synced, true);
    assert.ok(Math.abs(clock.offsetMs - 5000) <= clock.rttMs / 2 + 2, `offset ${clock.offsetMs} rtt ${clock.rttMs}`);
  } finally {
    await client.close();
  }
});
