/**
 * WsApiClient against the simulated venue's WebSocket API: per-request HMAC signing accepted, place / modify /
 * cancel with the venue's result objects, a venue refusal as TL_VENUE_REJECTED with its code, and a request
 * while the socket is down refused before it leaves (TL_VENUE_WS_API_DOWN), which is what lets the order-entry
 * policy use REST for it. A place through OrderEntry shows which transport carried it. With an Ed25519 key the
 * connection logs on once (`session.logon`) and orders then carry no key or signature; REST signs Ed25519 too.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { OrderEntry } from '../../../src/venues/binance/order-entry.js';
import { SignedRest } from '../../../src/venues/binance/signed-rest.js';
import { VenueError } from '../../../src/venues/binance/venue-error.js';
import { WsApiClient, wsApiUrlFor } from '../../../src/venues/binance/ws-api-client.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { TcpProxy } from '../../actors/execution/tcp-proxy.js';
import { bestBid, until } from '../../actors/execution/venue-fixture.js';

const KEY = 'ws-api-key-1';
const SECRET = 'ws-api-SECRET-2b';

test('WS API: signed place, modify, cancel; refusals coded; down means not sent', async () => {
  const sim = await startSimVenue({ port: 0, seed: 3, symbols: ['BTCUSDT'], apiKey: KEY, apiSecret: SECRET });
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  const ws = new WsApiClient({
    url: wsApiUrlFor(sim.ws),
    apiKey: KEY,
    apiSecret: SECRET,
    limiter: rest.limiter,
    clockOffsetMs: () => rest.clockOffsetMs,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  try {
    assert.equal(wsApiUrlFor(sim.ws), sim.wsApi);
    assert.equal(wsApiUrlFor('wss://fstream.binance.com'), 'wss://ws-fapi.binance.com/ws-fapi/v1');
    await assert.rejects(ws.signed('order.status', { symbol: 'BTCUSDT', origClientOrderId: 'x' }, 1), (e) => {
      assert.ok(e instanceof VenueError);
      assert.equal(e.code, 'TL_VENUE_WS_API_DOWN');
      assert.equal(e.kind, 'rejected');
      return true;
    });
    const entry = new OrderEntry(rest, ws);
    assert.equal(entry.transport, 'rest');
    ws.start();
    await until('WS API up', () => ws.up, 60_000);
    assert.equal(entry.transport, 'ws-api');
    await rest.syncClock();
    const bid = await bestBid(sim);
    const price = (Math.round(bid * 0.99 * 10) / 10).toFixed(1);
    const placed = await entry.place({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTX',
      quantity: '0.002',
      price,
      newClientOrderId: 'ws-place-1',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    });
    assert.equal(placed.via, 'ws-api');
    assert.equal((placed.body as { clientOrderId: string }).clientOrderId, 'ws-place-1');
    const lower = (Math.round(bid * 0.985 * 10) / 10).toFixed(1);
    const modified = await entry.modify({
      symbol: 'BTCUSDT',
      origClientOrderId: 'ws-place-1',
      side: 'BUY',
      quantity: '0.003',
      price: lower,
    });
    assert.equal(modified.via, 'ws-api');
    assert.equal(Number((modified.body as { price: string }).price), Number(lower));
    await assert.rejects(entry.cancel('BTCUSDT', 'never-placed'), (e) => {
      assert.ok(e instanceof VenueError);
      assert.equal(e.code, 'TL_VENUE_REJECTED');
      assert.equal(e.venueCode, -2011);
      return true;
    });
    const cancelled = await entry.cancel('BTCUSDT', 'ws-place-1');
    assert.equal((cancelled.body as { status: string }).status, 'CANCELED');
    assert.deepEqual(entry.counters, { wsApi: 4, rest: 0, fellBack: 0 });
  } finally {
    ws.stop();
    await rest.close();
    await sim.close();
  }
});

test('WS API: no reply in time is TL_VENUE_TIMEOUT, a dropped socket TL_VENUE_UNREACHABLE, both kind unknown', async () => {
  const sim = await startSimVenue({ port: 0, seed: 4, symbols: ['BTCUSDT'], apiKey: KEY, apiSecret: SECRET });
  const proxy = new TcpProxy(sim.port);
  await proxy.up();
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  const ws = new WsApiClient({
    url: `ws://127.0.0.1:${proxy.port}/ws-fapi/v1`,
    apiKey: KEY,
    apiSecret: SECRET,
    limiter: rest.limiter,
    clockOffsetMs: () => 0,
    timeoutMs: 400,
    recvWindowMs: 5_000,
  });
  const status = () => ws.signed('order.status', { symbol: 'BTCUSDT', origClientOrderId: 'nothing' }, 1);
  try {
    ws.start();
    await until('WS API up', () => ws.up, 60_000);
    proxy.muted = true;
    await assert.rejects(
      status(),
      (e) => e instanceof VenueError && e.code === 'TL_VENUE_TIMEOUT' && e.kind === 'unknown',
    );
    proxy.muted = false;
    await until('WS API up', () => ws.up, 60_000);
    proxy.cutAfterNextFrame();
    await assert.rejects(
      status(),
      (e) => e instanceof VenueError && e.code === 'TL_VENUE_UNREACHABLE' && e.kind === 'unknown',
    );
    await until('WS API reconnected', () => ws.up && ws.connects >= 2, 60_000);
  } finally {
    ws.stop();
    await rest.close();
    await proxy.down();
    await sim.close();
  }
});

test('Ed25519 key: session.logon once, then orders carry only a timestamp; REST signs with Ed25519 too', async () => {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const sim = await startSimVenue({
    port: 0,
    seed: 5,
    symbols: ['BTCUSDT'],
    apiKey: KEY,
    apiSecret: pem,
    keyType: 'ed25519',
  });
  const rest = new SignedRest({ rest: sim.rest, apiKey: KEY, apiSecret: pem, timeoutMs: 5_000, recvWindowMs: 5_000 });
  const ws = new WsApiClient({
    url: sim.wsApi,
    apiKey: KEY,
    apiSecret: pem,
    limiter: rest.limiter,
    clockOffsetMs: () => rest.clockOffsetMs,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  try {
    await rest.syncClock();
    assert.deepEqual(await rest.signed('GET', '/fapi/v1/openOrders', {}), []);
    ws.start();
    await until('WS API logged on', () => ws.up, 60_000);
    const bid = await bestBid(sim);
    const placed = (await ws.signed(
      'order.place',
      {
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTX',
        quantity: '0.002',
        price: (Math.round(bid * 0.99 * 10) / 10).toFixed(1),
        newClientOrderId: 'ed-1',
      },
      1,
    )) as { clientOrderId: string };
    assert.equal(placed.clientOrderId, 'ed-1');
    const state = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as {
      orderLog: Array<{ method: string; path: string; params: Record<string, string> }>;
    };
    const entry = state.orderLog.find((e) => e.path === 'order.place' && e.params.newClientOrderId === 'ed-1');
    assert.ok(entry, 'placed over the WS API');
    assert.equal(entry.params.apiKey, undefined, 'a logged-on session sends no key');
  } finally {
    ws.stop();
    await rest.close();
    await sim.close();
  }
});
