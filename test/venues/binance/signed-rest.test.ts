/**
 * SignedRest honours a 429/418 Retry-After for every request, whichever request met it: nothing but a cancel
 * leaves during the window (the dead-man heartbeat meeting the 429 must stop the next order too), and requests
 * resume after it. Against a loopback HTTP stand-in that counts what reaches it.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { SignedRest } from '../../../src/venues/binance/signed-rest.js';
import type { VenueError } from '../../../src/venues/binance/venue-error.js';

test('a 429 on any request holds every non-cancel request for its Retry-After, then service resumes', async () => {
  const seen: string[] = [];
  let reply429 = true;
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url?.split('?')[0]}`);
    req.resume();
    if (reply429) {
      reply429 = false;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"code":-1003,"msg":"Too many requests"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const rest = new SignedRest({
    rest: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey: 'k',
    apiSecret: 's',
    timeoutMs: 2_000,
    recvWindowMs: 5_000,
  });
  try {
    await assert.rejects(
      rest.signed('POST', '/fapi/v1/countdownCancelAll', { symbol: 'BTCUSDT', countdownTime: 10_000 }),
      (e: VenueError) => e.kind === 'rate-limited' && e.status === 429,
    );
    assert.ok(rest.backoffRemainingMs() > 500, 'the Retry-After is kept');

    // An order inside the window is refused locally: it never reaches the venue.
    await assert.rejects(
      rest.signed('POST', '/fapi/v1/order', {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        quantity: 0.002,
        price: 60_000,
      }),
      (e: VenueError) =>
        e.kind === 'rate-limited' && e.code === 'TL_VENUE_RATE_LIMITED' && /no request is sent/.test(e.message),
    );
    // A cancel still goes: leaving orders resting is worse than one refused request.
    await rest.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
    assert.deepEqual(seen, ['POST /fapi/v1/countdownCancelAll', 'DELETE /fapi/v1/allOpenOrders']);

    await new Promise((r) => setTimeout(r, rest.backoffRemainingMs() + 50));
    await rest.signed('POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: 0.002,
      price: 60_000,
    });
    assert.equal(seen.at(-1), 'POST /fapi/v1/order', 'service resumes after the window');
  } finally {
    await rest.close();
    await new Promise((r) => server.close(r));
  }
});

test('venue replies classify by what they mean for an order: TL_VENUE_REJECTED, TL_VENUE_CLOCK, TL_VENUE_UNKNOWN', async () => {
  const replies: Record<string, [number, string]> = {
    '/fapi/v1/order': [400, '{"code":-2010,"msg":"Order would immediately match and take."}'],
    '/fapi/v1/openOrders': [400, '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'],
    '/fapi/v2/account': [503, '{"code":-1007,"msg":"Timeout waiting for response from backend server."}'],
  };
  const server = createServer((req, res) => {
    req.resume();
    const [status, body] = replies[req.url?.split('?')[0] ?? ''] ?? [404, '{}'];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const rest = new SignedRest({
    rest: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey: 'k',
    apiSecret: 's',
    timeoutMs: 2_000,
    recvWindowMs: 5_000,
  });
  try {
    const expect = async (path: string, code: string, kind: string, venueCode: number) =>
      assert.rejects(rest.signed(path === '/fapi/v1/order' ? 'POST' : 'GET', path, { symbol: 'BTCUSDT' }), {
        code,
        kind,
        venueCode,
      });
    await expect('/fapi/v1/order', 'TL_VENUE_REJECTED', 'rejected', -2010);
    await expect('/fapi/v1/openOrders', 'TL_VENUE_CLOCK', 'clock', -1021);
    await expect('/fapi/v2/account', 'TL_VENUE_UNKNOWN', 'unknown', -1007);
  } finally {
    await rest.close();
    await new Promise((r) => server.close(r));
  }
});
