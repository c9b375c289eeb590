/**
 * Every `/_sim/fault` kind over loopback (gap, reorder, disconnect, http429, http418, http5xx, skew, delay, malformed),
 * the rate limiter's own 429 → 418 escalation with Retry-After, and the weight header.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { RateLimiter, WEIGHT_LIMIT_1M } from '../../../src/venues/sim/server/rate-limiter.js';
import { Collector, get, signed } from './sim-client.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 11, symbols: ['BTCUSDT'] });
});
after(async () => {
  await venue.close();
});

async function fault(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(body) });
  const json = (await r.json()) as Record<string, unknown>;
  assert.equal(r.status, 200, JSON.stringify(json));
  return json;
}

test('gap breaks the pu chain once; reorder swaps two depth events', async () => {
  const c = new Collector(`${venue.ws}/public/ws/btcusdt@depth@100ms`);
  await c.opened;
  await c.until((m) => m.length >= 3);
  await fault({ kind: 'gap', symbol: 'BTCUSDT' });
  const start = c.messages.length;
  await c.until((m) => m.length >= start + 4);
  const ev = c.json() as Array<{ u: number; pu: number; U: number }>;
  let breaks = 0;
  for (let i = 1; i < ev.length; i++) if (ev[i]?.pu !== ev[i - 1]?.u) breaks++;
  assert.equal(breaks, 1, 'exactly one gap');
  await fault({ kind: 'reorder' });
  const mark = c.messages.length;
  await c.until((m) => m.length >= mark + 4);
  const after = (c.json() as Array<{ u: number }>).slice(mark - 1);
  assert.ok(
    after.some((e, i) => i > 0 && e.u < (after[i - 1] as { u: number }).u),
    'an older event arrives after a newer one',
  );
  await c.close();
});

test('malformed sends invalid JSON frames, then the stream goes on', async () => {
  const c = new Collector(`${venue.ws}/public/ws/btcusdt@bookTicker`);
  await c.opened;
  await c.until((m) => m.length >= 1);
  const mark = c.messages.length;
  await fault({ kind: 'malformed', count: 2 });
  await c.until((m) => m.length >= mark + 4);
  const bad = c.messages.slice(mark).filter((m) => {
    try {
      JSON.parse(m);
      return false;
    } catch {
      return true;
    }
  });
  assert.equal(bad.length, 2);
  await c.close();
});

test('disconnect closes connections of a route', async () => {
  const pub = new Collector(`${venue.ws}/public/ws/btcusdt@bookTicker`);
  const mkt = new Collector(`${venue.ws}/market/ws/btcusdt@aggTrade`);
  await Promise.all([pub.opened, mkt.opened]);
  const r = await fault({ kind: 'disconnect', route: 'public' });
  assert.ok((r.closed as number) >= 1);
  assert.equal(await pub.closed, 1001);
  assert.equal(mkt.ws.readyState, mkt.ws.OPEN);
  await fault({ kind: 'disconnect', hard: true });
  await mkt.closed;
});

test('http429 and http418 answer with the venue body and Retry-After, then normal service resumes', async () => {
  await fault({ kind: 'http429', count: 1, retryAfter: 7 });
  const r1 = await fetch(`${venue.rest}/fapi/v1/ping`);
  assert.equal(r1.status, 429);
  assert.equal(r1.headers.get('retry-after'), '7');
  assert.equal(((await r1.json()) as { code: number }).code, -1003);
  await fault({ kind: 'http418' });
  const r2 = await fetch(`${venue.rest}/fapi/v1/time`);
  assert.equal(r2.status, 418);
  assert.equal(r2.headers.get('retry-after'), '120');
  const r3 = await get(venue, '/fapi/v1/ping');
  assert.equal(r3.status, 200);
  assert.ok(Number(r3.headers.get('x-mbx-used-weight-1m')) >= 1);
});

test('http5xx: an executed order whose reply is lost (503 -1007, it rests at the venue), one that never ran, a path filter', async () => {
  const depth = (await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=5')).body as { bids: [string, string][] };
  const price = (Math.round(Number(depth.bids[0]![0]) * 0.99 * 10) / 10).toFixed(1);
  const order = (id: string) =>
    signed(venue, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.002',
      price,
      newClientOrderId: id,
    });
  const resting = async (id: string) =>
    (
      (await (await fetch(`${venue.rest}/_sim/state`)).json()) as { openOrders: Array<{ clientOrderId: string }> }
    ).openOrders.some((o) => o.clientOrderId === id);

  // Only order requests: the ping in between is served normally.
  await fault({ kind: 'http5xx', path: '/fapi/v1/order' });
  assert.equal((await get(venue, '/fapi/v1/ping')).status, 200);
  const lost = await order('f5xx-executed');
  assert.equal(lost.status, 503);
  assert.equal((lost.body as { code: number }).code, -1007);
  assert.equal(await resting('f5xx-executed'), true, 'the venue executed it; only the reply was lost');

  await fault({ kind: 'http5xx', status: 500, executed: false });
  const never = await order('f5xx-never');
  assert.equal(never.status, 500);
  assert.equal(await resting('f5xx-never'), false, 'it never ran');

  assert.equal((await order('f5xx-after')).status, 200, 'normal service resumes');
  for (const bad of [{ status: 404 }, { executed: 'yes' }, { path: 'order' }, { count: 0 }]) {
    const r = await fetch(`${venue.rest}/_sim/fault`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'http5xx', ...bad }),
    });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.equal(((await r.json()) as { code: number }).code, -1130);
  }
});

test('skew moves the venue clock: serverTime and recvWindow checks follow it', async () => {
  await fault({ kind: 'skew', ms: 20_000 });
  const t = (await get(venue, '/fapi/v1/time')).body as { serverTime: number };
  assert.ok(Math.abs(t.serverTime - Date.now() - 20_000) < 1000);
  const late = await signed(venue, 'GET', '/fapi/v2/balance', {});
  assert.equal((late.body as { code: number }).code, -1021);
  await fault({ kind: 'skew', ms: 0 });
  const fine = await signed(venue, 'GET', '/fapi/v2/balance', {});
  assert.equal(fine.status, 200);
});

test('delay slows the next replies', async () => {
  await fault({ kind: 'delay', ms: 300, count: 1 });
  const t0 = Date.now();
  await get(venue, '/fapi/v1/ping');
  assert.ok(Date.now() - t0 >= 280);
  const t1 = Date.now();
  await get(venue, '/fapi/v1/ping');
  assert.ok(Date.now() - t1 < 250);
});

test('an unknown fault kind is a 400 naming the kinds', async () => {
  const r = await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: '{"kind":"meteor"}' });
  assert.equal(r.status, 400);
  assert.match(((await r.json()) as { msg: string }).msg, /gap, reorder/);
});

test('the limiter answers 429 over the weight limit, then bans with 418 while the client keeps going', () => {
  const l = new RateLimiter();
  const t = 1_700_000_010_000;
  assert.deepEqual(l.admit(t, WEIGHT_LIMIT_1M, 0), { ok: true });
  const first = l.admit(t + 1, 1, 0);
  assert.ok(!first.ok && first.status === 429 && first.retryAfterSec === Math.ceil((60_000 - (t % 60_000)) / 1000));
  let last: ReturnType<RateLimiter['admit']> = first;
  for (let i = 0; i < 25; i++) last = l.admit(t + 2 + i, 1, 0);
  assert.ok(!last.ok && last.status === 418 && last.retryAfterSec === 120);
  // A new minute does not lift the ban.
  const later = l.admit(t + 60_000, 1, 0);
  assert.ok(!later.ok && later.status === 418);
  assert.deepEqual(l.admit(t + 200_000, 1, 0), { ok: true });
});

test('listenKeyExpired (extra fault) pushes the event and retires the key', async () => {
  const headers = { 'X-MBX-APIKEY': venue.apiKey };
  const { listenKey } = (await (
    await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers })
  ).json()) as { listenKey: string };
  const c = new Collector(`${venue.ws}/private/ws/${listenKey}`);
  await c.opened;
  const r = await fault({ kind: 'listenKeyExpired' });
  assert.equal(r.expired, 1);
  await c.until((m) => m.length >= 1);
  const ev = c.json()[0] as { e: string; E: unknown; listenKey: string };
  assert.equal(ev.e, 'listenKeyExpired');
  assert.equal(typeof ev.E, 'string');
  assert.equal(ev.listenKey, listenKey);
  const put = await fetch(`${venue.rest}/fapi/v1/listenKey?listenKey=${listenKey}`, { method: 'PUT', headers });
  assert.equal(((await put.json()) as { code: number }).code, -1125);
  await c.close();
});
