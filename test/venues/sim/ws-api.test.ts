/**
 * The WebSocket API (`/ws-fapi/v1`) on loopback with a plain `ws` client: HMAC requests signed one by one,
 * `session.logon` with an HMAC and with an Ed25519 key, then order.place / order.modify / order.status /
 * order.cancel, the response envelope (id, status, result | error, rateLimits) and its errors; the requests
 * land in the `/_sim/state` order log. Also the ticker and mini-ticker streams.
 */
import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, sign } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { Collector, get } from './sim-client.js';

let venue: SimVenueHandle;
let edVenue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 5, symbols: ['BTCUSDT', 'ETHUSDT'] });
  edVenue = await startSimVenue({ seed: 6, symbols: ['ETHUSDT'], keyType: 'ed25519' });
});
after(async () => {
  await venue.close();
  await edVenue.close();
});

type Obj = Record<string, unknown>;

function payload(params: Record<string, string | number>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

function hmacSigned(v: SimVenueHandle, params: Record<string, string | number>): Record<string, string | number> {
  const p = { ...params, apiKey: v.apiKey, timestamp: Date.now() };
  return { ...p, signature: createHmac('sha256', v.apiSecret).update(payload(p)).digest('hex') };
}

function edSigned(v: SimVenueHandle, params: Record<string, string | number>): Record<string, string | number> {
  const p = { ...params, apiKey: v.apiKey, timestamp: Date.now() };
  return { ...p, signature: sign(null, Buffer.from(payload(p)), createPrivateKey(v.apiSecret)).toString('base64') };
}

class Api {
  private nextId = 1;
  constructor(readonly c: Collector) {}

  async call(method: string, params?: Record<string, string | number>): Promise<Obj> {
    const id = `req-${this.nextId++}`;
    this.c.send(params ? { id, method, params } : { id, method });
    await this.c.until((m) => m.some((x) => x.includes(`"id":"${id}"`)));
    return this.c.json().find((x) => x.id === id) as Obj;
  }
}

test('orders over the WebSocket API, each request signed with HMAC; errors and rateLimits in the envelope', async () => {
  const c = new Collector(venue.wsApi);
  await c.opened;
  const api = new Api(c);
  try {
    const book = (await get(venue, '/fapi/v1/ticker/bookTicker?symbol=BTCUSDT')).body as Obj;
    const price = (Number(book.bidPrice) - 200).toFixed(2);
    const placed = await api.call(
      'order.place',
      hmacSigned(venue, {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.010',
        price,
        newClientOrderId: 'ws-1',
      }),
    );
    assert.equal(placed.status, 200, JSON.stringify(placed));
    const order = placed.result as Obj;
    assert.equal(order.status, 'NEW');
    const limits = placed.rateLimits as Obj[];
    assert.deepEqual(
      limits.map((l) => `${l.rateLimitType}/${l.intervalNum}${l.interval}`),
      ['REQUEST_WEIGHT/1MINUTE', 'ORDERS/10SECOND', 'ORDERS/1MINUTE'],
    );
    assert.equal(limits[1]?.count, 1);
    const modified = await api.call(
      'order.modify',
      hmacSigned(venue, { symbol: 'BTCUSDT', orderId: order.orderId as number, side: 'BUY', quantity: '0.020', price }),
    );
    assert.equal((modified.result as Obj).origQty, '0.020');
    const status = await api.call('order.status', hmacSigned(venue, { symbol: 'BTCUSDT', origClientOrderId: 'ws-1' }));
    assert.equal((status.result as Obj).origQty, '0.020');
    assert.equal(typeof (status.result as Obj).time, 'number');
    const cancelled = await api.call(
      'order.cancel',
      hmacSigned(venue, { symbol: 'BTCUSDT', orderId: order.orderId as number }),
    );
    assert.equal((cancelled.result as Obj).status, 'CANCELED');
    const again = await api.call(
      'order.cancel',
      hmacSigned(venue, { symbol: 'BTCUSDT', orderId: order.orderId as number }),
    );
    assert.equal(again.status, 400);
    assert.deepEqual(again.error, { code: -2011, msg: 'Unknown order sent.' });
    const forged = await api.call('order.place', {
      ...hmacSigned(venue, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010' }),
      quantity: '1.000',
    });
    assert.deepEqual(forged.error, { code: -1022, msg: 'Signature for this request is not valid.' });
    const unsigned = await api.call('order.status', { symbol: 'BTCUSDT', orderId: 1, timestamp: Date.now() });
    assert.equal((unsigned.error as Obj).code, -1102, 'no session and no apiKey: rejected');
    const unknown = await api.call('order.teleport', {});
    assert.equal(unknown.status, 400);
    const state = (await get(venue, '/_sim/state')).body as { orderLog: Obj[] };
    assert.deepEqual(
      state.orderLog.filter((e) => e.method === 'WS').map((e) => e.path),
      ['order.place', 'order.modify', 'order.status', 'order.cancel', 'order.cancel', 'order.place', 'order.status'],
    );
  } finally {
    await c.close();
  }
  const quiet = new Collector(`${venue.wsApi}?returnRateLimits=false`);
  await quiet.opened;
  try {
    const r = await new Api(quiet).call('session.status');
    assert.equal(r.status, 200);
    assert.equal('rateLimits' in r, false);
  } finally {
    await quiet.close();
  }
});

test('session.logon (HMAC and Ed25519), then requests with only a timestamp; logout ends it', async () => {
  for (const [v, signer] of [
    [venue, hmacSigned],
    [edVenue, edSigned],
  ] as const) {
    const c = new Collector(v.wsApi);
    await c.opened;
    const api = new Api(c);
    try {
      const logon = await api.call('session.logon', signer(v, {}));
      assert.equal(logon.status, 200, JSON.stringify(logon));
      assert.equal((logon.result as Obj).apiKey, v.apiKey);
      const placed = await api.call('order.place', {
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.050',
        newOrderRespType: 'RESULT',
        timestamp: Date.now(),
      });
      assert.equal((placed.result as Obj).status, 'FILLED', JSON.stringify(placed));
      await api.call('session.logout');
      const after = await api.call('order.place', {
        symbol: 'ETHUSDT',
        side: 'BUY',
        type: 'MARKET',
        quantity: '0.050',
        timestamp: Date.now(),
      });
      assert.equal(after.status, 400);
    } finally {
      await c.close();
    }
  }
  // The Ed25519 account signs REST too (base64 signature, URL-encoded).
  const q = new URLSearchParams({ timestamp: String(Date.now()) });
  q.set('signature', sign(null, Buffer.from(q.toString()), createPrivateKey(edVenue.apiSecret)).toString('base64'));
  const r = await fetch(`${edVenue.rest}/fapi/v2/balance?${q}`, { headers: { 'X-MBX-APIKEY': edVenue.apiKey } });
  assert.equal(r.status, 200, await r.clone().text());
});

test('ticker streams: <symbol>@ticker, <symbol>@miniTicker, !ticker@arr and !miniTicker@arr send data on /market', async () => {
  const c = new Collector(
    `${venue.ws}/market/stream?streams=btcusdt@ticker/ethusdt@miniTicker/!ticker@arr/!miniTicker@arr`,
  );
  await c.opened;
  try {
    const seen = (name: string) => (m: string[]) => m.some((x) => x.startsWith(`{"stream":"${name}"`));
    await c.until(
      (m) =>
        seen('btcusdt@ticker')(m) &&
        seen('ethusdt@miniTicker')(m) &&
        seen('!ticker@arr')(m) &&
        seen('!miniTicker@arr')(m),
      6000,
    );
    const frames = c.json();
    const ticker = frames.find((f) => f.stream === 'btcusdt@ticker')?.data as Obj;
    assert.equal(ticker.e, '24hrTicker');
    for (const k of ['p', 'P', 'w', 'c', 'Q', 'o', 'h', 'l', 'v', 'q', 'O', 'C', 'F', 'L', 'n'])
      assert.ok(k in ticker, `ticker has ${k}`);
    const mini = frames.find((f) => f.stream === 'ethusdt@miniTicker')?.data as Obj;
    assert.equal(mini.e, '24hrMiniTicker');
    const arr = frames.find((f) => f.stream === '!ticker@arr');
    assert.equal((arr?.data as Obj[] | undefined)?.length, 2);
  } finally {
    await c.close();
  }
});
