/**
 * Conformance of the sim against the `binance` npm package as a user would point it at the venue (base URLs
 * only): every REST endpoint a 2026 client calls through USDMClient (orders included), the ticker streams
 * through WebsocketClient, and the WebSocket API through WebsocketAPIClient — HMAC keys (each request
 * signed) and Ed25519 keys (session.logon on connect).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { USDMClient, WebsocketAPIClient, WebsocketClient } from 'binance';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';

let venue: SimVenueHandle;
let edVenue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 31, symbols: ['BTCUSDT', 'ETHUSDT'] });
  edVenue = await startSimVenue({ seed: 32, symbols: ['ETHUSDT'], keyType: 'ed25519' });
});
after(async () => {
  await venue.close();
  await edVenue.close();
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

type Obj = Record<string, unknown>;

test('USDMClient: tickers, trades, funding, history, brackets, multi-assets, test/batch/modify/cancel orders, algo orders', async () => {
  const c = new USDMClient({
    api_key: venue.apiKey,
    api_secret: venue.apiSecret,
    baseUrl: venue.rest,
    disableTimeSync: true,
  });
  const t24 = (await c.get24hrChangeStatistics({ symbol: 'BTCUSDT' })) as unknown as Obj;
  assert.equal(t24.symbol, 'BTCUSDT');
  assert.equal(((await c.get24hrChangeStatistics()) as unknown as Obj[]).length, 2);
  assert.ok(Number(((await c.getSymbolPriceTicker({ symbol: 'ETHUSDT' })) as unknown as Obj).price) > 0);
  assert.ok(Number(((await c.getSymbolPriceTickerV2({ symbol: 'ETHUSDT' })) as unknown as Obj).price) > 0);
  const bt = (await c.getSymbolOrderBookTicker({ symbol: 'BTCUSDT' })) as unknown as Obj;
  assert.ok(Number(bt.bidPrice) < Number(bt.askPrice));
  const recent = await c.getRecentTrades({ symbol: 'BTCUSDT', limit: 5 });
  assert.ok(recent.length >= 1 && recent.length <= 5, 'at most limit, from the start of the synthetic market');
  assert.equal((await c.getFundingRateHistory({ symbol: 'BTCUSDT', limit: 3 })).length, 3);
  assert.equal(((await c.getFundingRates()) as unknown as Obj[]).length, 2);

  const low = (Number(bt.bidPrice) - 150).toFixed(2);
  assert.deepEqual(
    await c.testOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 0.01,
      price: Number(low),
    }),
    {},
  );
  const batch = (await c.submitMultipleOrders([
    {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 0.01,
      price: Number(low),
      newClientOrderId: 'tp-b1',
    },
    { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 },
    { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 1 },
  ])) as unknown as Obj[];
  assert.equal(batch[0]?.status, 'NEW');
  assert.equal(batch[1]?.type, 'MARKET');
  assert.equal(batch[2]?.code, -4024, 'per-entry error in place');
  const modified = (await c.modifyOrder({
    symbol: 'BTCUSDT',
    origClientOrderId: 'tp-b1',
    side: 'BUY',
    quantity: 0.02,
    price: Number(low),
  })) as unknown as Obj;
  assert.equal(modified.origQty, '0.020');
  const order = (await c.getOrder({ symbol: 'BTCUSDT', origClientOrderId: 'tp-b1' })) as unknown as Obj;
  assert.equal(order.origQty, '0.020');
  const cancelled = (await c.cancelMultipleOrders({
    symbol: 'BTCUSDT',
    origClientOrderIdList: ['tp-b1'],
  })) as unknown as Obj[];
  assert.equal(cancelled[0]?.status, 'CANCELED');

  assert.ok((await c.getAccountTrades({ symbol: 'BTCUSDT' })).length >= 1);
  assert.ok((await c.getAllOrders({ symbol: 'BTCUSDT' })).length >= 2);
  const income = await c.getIncomeHistory({ incomeType: 'COMMISSION' });
  assert.ok(income.length >= 1);
  const brackets = (await c.getNotionalAndLeverageBrackets({ symbol: 'BTCUSDT' })) as unknown as Obj;
  assert.ok(Array.isArray(brackets.brackets));
  assert.equal(((await c.getNotionalAndLeverageBrackets()) as unknown as Obj[]).length, 2);
  assert.deepEqual(await c.getMultiAssetsMode(), { multiAssetsMargin: false });
  assert.deepEqual(await c.setMultiAssetsMode({ multiAssetsMargin: 'true' }), { code: 200, msg: 'success' });

  const algo = (await c.submitNewAlgoOrder({
    algoType: 'CONDITIONAL',
    symbol: 'BTCUSDT',
    side: 'SELL',
    type: 'STOP_MARKET',
    quantity: '0.010',
    triggerPrice: (Number(bt.bidPrice) - 2000).toFixed(2),
  })) as unknown as Obj;
  assert.equal(algo.algoStatus, 'NEW');
  assert.equal(((await c.getOpenAlgoOrders({ symbol: 'BTCUSDT' })) as unknown as Obj[]).length, 1);
  assert.equal(((await c.getAlgoOrder({ algoId: algo.algoId as number })) as unknown as Obj).orderType, 'STOP_MARKET');
  assert.equal(((await c.getAllAlgoOrders({ symbol: 'BTCUSDT' })) as unknown as Obj[]).length, 1);
  await c.cancelAllAlgoOpenOrders({ symbol: 'BTCUSDT' });
  assert.equal(((await c.getOpenAlgoOrders({})) as unknown as Obj[]).length, 0);
  const err = (await c
    .submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.0101 })
    .catch((e: unknown) => e)) as Obj;
  assert.equal(err.code, -1111);
});

test('WebsocketClient: <symbol>@ticker, <symbol>@miniTicker, !ticker@arr, !miniTicker@arr', async () => {
  const ws = new WebsocketClient({ wsUrl: venue.ws, beautify: false }, silentLogger);
  const events: Obj[] = [];
  ws.on('message', (m: unknown) => {
    const data = (m as { data?: unknown }).data ?? m;
    for (const e of Array.isArray(data) ? data : [data]) events.push(e as Obj);
  });
  try {
    await ws.subscribeSymbol24hrTicker('BTCUSDT', 'usdm');
    await ws.subscribeSymbolMini24hrTicker('ETHUSDT', 'usdm');
    await ws.subscribeAll24hrTickers('usdm');
    await ws.subscribeAllMini24hrTickers('usdm');
    await until(
      () =>
        events.some((e) => e.e === '24hrTicker' && e.s === 'BTCUSDT') &&
        events.some((e) => e.e === '24hrMiniTicker' && e.s === 'ETHUSDT') &&
        events.some((e) => e.e === '24hrTicker' && e.s === 'ETHUSDT') &&
        events.some((e) => e.e === '24hrMiniTicker' && e.s === 'BTCUSDT'),
      8000,
      'ticker and mini-ticker events',
    );
  } finally {
    ws.closeAll(true);
  }
});

test('WebsocketAPIClient: order.place, order.modify, order.status, order.cancel with HMAC and with Ed25519 (session.logon)', async () => {
  for (const [v, symbol, qty] of [
    [venue, 'BTCUSDT', 0.01],
    [edVenue, 'ETHUSDT', 0.05],
  ] as const) {
    const api = new WebsocketAPIClient(
      { api_key: v.apiKey, api_secret: v.apiSecret, wsUrl: v.ws, beautify: false },
      silentLogger,
    );
    try {
      const rest = new USDMClient({ baseUrl: v.rest, disableTimeSync: true });
      const bt = (await rest.getSymbolOrderBookTicker({ symbol })) as unknown as Obj;
      const price = Math.floor(Number(bt.bidPrice) * 0.98).toFixed(2);
      const placed = await api.submitNewFuturesOrder('usdm', {
        symbol,
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: String(qty),
        price,
        timestamp: Date.now(),
      } as never);
      const o = placed.result as unknown as Obj;
      assert.equal(o.status, 'NEW', JSON.stringify(placed));
      const modified = await api.modifyFuturesOrder('usdm', {
        symbol,
        orderId: o.orderId,
        side: 'BUY',
        quantity: String(qty * 2),
        price,
        timestamp: Date.now(),
      } as never);
      assert.equal(Number((modified.result as unknown as Obj).origQty), qty * 2);
      const status = await api.getFuturesOrderStatus('usdm', {
        symbol,
        orderId: o.orderId,
        timestamp: Date.now(),
      } as never);
      assert.equal((status.result as unknown as Obj).status, 'NEW');
      const cancelled = await api.cancelFuturesOrder('usdm', {
        symbol,
        orderId: o.orderId,
        timestamp: Date.now(),
      } as never);
      assert.equal((cancelled.result as unknown as Obj).status, 'CANCELED');
    } finally {
      await api.disconnectAll();
    }
  }
});
