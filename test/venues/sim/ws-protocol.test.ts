/**
 * The WS side over loopback: routes (/public, /market, /private; unrouted = /public only), raw and combined
 * URL forms, SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS / SET_PROPERTY / GET_PROPERTY, error replies, the
 * 10 control messages per second limit, and a depth snapshot that lines up with the diff stream on the wire.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { Collector, get, sleep } from './sim-client.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 3, symbols: ['BTCUSDT', 'ETHUSDT'] });
});
after(async () => {
  await venue.close();
});

test('routes: /market carries aggTrade, /public carries depth and bookTicker, an unrouted path only /public data', async () => {
  const market = new Collector(`${venue.ws}/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice@1s/btcusdt@depth`);
  const pub = new Collector(`${venue.ws}/public/ws/btcusdt@bookTicker/btcusdt@aggTrade`);
  const unrouted = new Collector(`${venue.ws}/ws/btcusdt@markPrice@1s`);
  await Promise.all([market.opened, pub.opened, unrouted.opened]);
  await market.until(
    (msgs) => msgs.some((m) => m.includes('markPriceUpdate')) && msgs.some((m) => m.includes('aggTrade')),
    4000,
  );
  await pub.until((msgs) => msgs.length > 3);
  const streams = new Set(market.json().map((m) => m.stream));
  assert.ok(streams.has('btcusdt@aggTrade') && streams.has('btcusdt@markPrice@1s'));
  assert.ok(!streams.has('btcusdt@depth'), 'depth is not on /market');
  for (const m of pub.json()) assert.equal(m.e, 'bookTicker', 'raw frames, no envelope, no aggTrade on /public');
  assert.equal(unrouted.messages.length, 0, 'unrouted markPrice stays silent');
  await Promise.all([market.close(), pub.close(), unrouted.close()]);
});

test('control messages: subscribe, list, properties, unsubscribe and errors', async () => {
  const c = new Collector(`${venue.ws}/public/stream?streams=`);
  await c.opened;
  c.send({ method: 'SUBSCRIBE', params: ['ethusdt@depth5@100ms', 'ethusdt@bookTicker'], id: 1 });
  await c.until((m) => m.includes('{"result":null,"id":1}'));
  c.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 });
  await c.until((m) => m.some((x) => x.includes('"id":2')));
  assert.ok(c.messages.includes('{"result":["ethusdt@depth5@100ms","ethusdt@bookTicker"],"id":2}'));
  c.send({ method: 'GET_PROPERTY', params: ['combined'], id: 3 });
  await c.until((m) => m.includes('{"result":true,"id":3}'));
  await c.until((m) => m.some((x) => x.startsWith('{"stream":"ethusdt@depth5@100ms"')));
  const partial = c.json().find((x) => x.stream === 'ethusdt@depth5@100ms')?.data as {
    b: unknown[];
    a: unknown[];
    pu: number;
  };
  assert.equal(partial.b.length, 5);
  assert.equal(typeof partial.pu, 'number');
  c.send({ method: 'SET_PROPERTY', params: ['combined', false], id: 4 });
  await c.until((m) => m.includes('{"result":null,"id":4}'));
  const mark = c.messages.length;
  await c.until((m) => m.slice(mark).some((x) => x.startsWith('{"e":"bookTicker"')));
  c.send({ method: 'UNSUBSCRIBE', params: ['ethusdt@depth5@100ms', 'ethusdt@bookTicker'], id: 5 });
  await c.until((m) => m.includes('{"result":null,"id":5}'));
  c.send({ method: 'NOPE', id: 6 });
  c.send({ method: 'SUBSCRIBE', params: ['not a stream'], id: 7 });
  await c.until((m) => m.filter((x) => x.startsWith('{"code":2')).length === 2);
  c.ws.send('{bad json');
  await c.until((m) => m.some((x) => x.startsWith('{"code":3,"msg":"Invalid JSON')));
  await c.close();
});

test('more than 10 control messages in a second disconnect the connection', async () => {
  const c = new Collector(`${venue.ws}/market/ws`);
  await c.opened;
  for (let i = 0; i < 12; i++) c.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
  const code = await Promise.race([c.closed, sleep(3000).then(() => -1)]);
  assert.equal(code, 1008);
});

test('a depth snapshot lines up with the diff stream it was taken against', async () => {
  const c = new Collector(`${venue.ws}/public/ws/btcusdt@depth@100ms`);
  await c.opened;
  await c.until((m) => m.length >= 2);
  const snap = (await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=1000')).body as {
    lastUpdateId: number;
    bids: unknown[];
  };
  assert.ok(snap.bids.length > 900, `deep snapshot: ${snap.bids.length} levels`);
  await c.until((m) => m.some((x) => JSON.parse(x).u >= snap.lastUpdateId));
  const events = c.json() as Array<{ U: number; u: number; pu: number }>;
  const first = events.find((e) => e.u >= snap.lastUpdateId);
  assert.ok(first && first.U <= snap.lastUpdateId, `U ${first?.U} <= ${snap.lastUpdateId} <= u ${first?.u}`);
  for (let i = 1; i < events.length; i++) assert.equal(events[i]?.pu, events[i - 1]?.u);
  await c.close();
});

test('user data needs a live listen key; listen keys keep alive, close, and unknown keys get -1125', async () => {
  const headers = { 'X-MBX-APIKEY': venue.apiKey };
  const created = (await (await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers })).json()) as {
    listenKey: string;
  };
  const again = (await (await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers })).json()) as {
    listenKey: string;
  };
  assert.equal(again.listenKey, created.listenKey, 'an active key is returned again');
  const put = await fetch(`${venue.rest}/fapi/v1/listenKey?listenKey=${created.listenKey}`, { method: 'PUT', headers });
  assert.equal(put.status, 200);
  const c = new Collector(`${venue.ws}/private/stream?streams=`);
  await c.opened;
  c.send({ method: 'SUBSCRIBE', params: [created.listenKey], id: 1 });
  await c.until((m) => m.includes('{"result":null,"id":1}'));
  const del = await fetch(`${venue.rest}/fapi/v1/listenKey?listenKey=${created.listenKey}`, {
    method: 'DELETE',
    headers,
  });
  assert.equal(del.status, 200);
  const gone = await fetch(`${venue.rest}/fapi/v1/listenKey?listenKey=${created.listenKey}`, {
    method: 'PUT',
    headers,
  });
  assert.deepEqual(await gone.json(), { code: -1125, msg: 'This listenKey does not exist.' });
  await c.close();
});

test('kline, plain @depth (250 ms), @depth@250ms alias and partial @depth10 all stream', async () => {
  const mkt = new Collector(`${venue.ws}/market/stream?streams=ethusdt@kline_1m/ethusdt@kline_1h`);
  const pub = new Collector(`${venue.ws}/public/stream?streams=ethusdt@depth/ethusdt@depth@250ms/ethusdt@depth10`);
  await Promise.all([mkt.opened, pub.opened]);
  await mkt.until((m) => m.some((x) => x.includes('"i":"1m"')) && m.some((x) => x.includes('"i":"1h"')), 3000);
  const k = mkt.json().find((m) => m.stream === 'ethusdt@kline_1m')?.data as {
    e: string;
    k: { x: boolean; i: string };
  };
  assert.equal(k.e, 'kline');
  assert.equal(k.k.x, false);
  await pub.until(
    (m) =>
      ['ethusdt@depth"', 'ethusdt@depth@250ms"', 'ethusdt@depth10"'].every((s) =>
        m.some((x) => x.includes(`"stream":"${s}`)),
      ),
    3000,
  );
  const partial = pub.json().find((m) => m.stream === 'ethusdt@depth10')?.data as { b: unknown[] };
  assert.equal(partial.b.length, 10);
  await Promise.all([mkt.close(), pub.close()]);
});
