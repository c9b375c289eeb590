/**
 * A widely used third-party client, `binance` (tiagosiebler), pointed at the sim with only its base URLs
 * changed (`baseUrl` for REST, `wsUrl` for streams): public market data, a signed order and the user-data
 * stream (listen key over REST, `/private/stream?listenKey=`), plus market streams on `/market` and `/public`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { USDMClient, WebsocketClient } from 'binance';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 21, symbols: ['BTCUSDT', 'ETHUSDT'] });
});
after(async () => {
  await venue.close();
});

const silentLogger = { trace: () => {}, info: () => {}, error: () => {} };

function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (pred()) resolve();
      else if (Date.now() - start > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

test('REST: public market data and a signed order through USDMClient', async () => {
  const client = new USDMClient({
    api_key: venue.apiKey,
    api_secret: venue.apiSecret,
    baseUrl: venue.rest,
    disableTimeSync: true,
  });
  const info = await client.getExchangeInfo();
  assert.deepEqual(
    info.symbols.map((s) => s.symbol),
    ['BTCUSDT', 'ETHUSDT'],
  );
  const book = await client.getOrderBook({ symbol: 'BTCUSDT', limit: 5 });
  assert.equal(book.bids.length, 5);
  const klines = await client.getKlines({ symbol: 'ETHUSDT', interval: '1m', limit: 3 });
  assert.equal(klines.length, 3);
  const oi = await client.getOpenInterest({ symbol: 'BTCUSDT' });
  assert.equal(oi.symbol, 'BTCUSDT');
  const order = await client.submitNewOrder({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: 0.01,
    newOrderRespType: 'RESULT',
  });
  assert.equal(order.status, 'FILLED');
  const positions = await client.getPositionsV3({ symbol: 'BTCUSDT' });
  assert.equal(Number(positions[0]?.positionAmt), 0.01);
  const balance = await client.getBalanceV3();
  assert.equal(balance[0]?.asset, 'USDT');
});

test('WS: market streams and the user-data stream through WebsocketClient', async () => {
  const ws = new WebsocketClient(
    {
      api_key: venue.apiKey,
      api_secret: venue.apiSecret,
      wsUrl: venue.ws,
      restOptions: { baseUrl: venue.rest, disableTimeSync: true },
      beautify: false,
    },
    silentLogger,
  );
  const events: Array<Record<string, unknown>> = [];
  ws.on('message', (m: unknown) => {
    const data = (m as { data?: unknown }).data ?? m;
    events.push(data as Record<string, unknown>);
  });
  try {
    await ws.subscribeAggregateTrades('BTCUSDT', 'usdm');
    await ws.subscribeDiffBookDepth('BTCUSDT', 100, 'usdm');
    await ws.subscribeUsdFuturesUserDataStream();
    await until(
      () => events.some((e) => e.e === 'aggTrade') && events.some((e) => e.e === 'depthUpdate'),
      8000,
      'aggTrade and depthUpdate',
    );
    const rest = new USDMClient({
      api_key: venue.apiKey,
      api_secret: venue.apiSecret,
      baseUrl: venue.rest,
      disableTimeSync: true,
    });
    await rest.submitNewOrder({ symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: 0.05 });
    await until(
      () => events.some((e) => e.e === 'ORDER_TRADE_UPDATE') && events.some((e) => e.e === 'ACCOUNT_UPDATE'),
      8000,
      'user data events',
    );
    const fill = events.find((e) => e.e === 'ORDER_TRADE_UPDATE' && (e.o as { X: string }).X === 'FILLED');
    assert.ok(fill, 'a FILLED order update arrived');
  } finally {
    // binance 3.6.5 leaves its 50-minute listen-key keep-alive interval behind after unsubscribing; clear it so
    // the test process can exit (the venue returns the account's active key again on POST).
    const { listenKey } = (await (
      await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers: { 'X-MBX-APIKEY': venue.apiKey } })
    ).json()) as { listenKey: string };
    await ws.unsubscribeUsdFuturesUserDataStream();
    const manager = (
      ws as unknown as {
        getUserDataStreamManager(): { listenKeyStateCache?: { clearAllListenKeyState(key: string): void } };
      }
    ).getUserDataStreamManager();
    manager.listenKeyStateCache?.clearAllListenKeyState(listenKey);
    ws.closeAll(true);
  }
});
