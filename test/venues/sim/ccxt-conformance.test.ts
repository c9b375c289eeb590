/**
 * Conformance of the sim against ccxt (`binanceusdm`, REST and pro) pointed at it with only its URLs changed:
 * markets, tickers, trades, funding, balance, positions (which asks leverageBracket), orders (create, edit,
 * fetch, batch, cancel, cancel-all), history and ledger over REST; watchTicker and the WebSocket API order
 * methods over `ws://` (ccxt needs `loadHttpProxyAgent()` for plain ws).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ccxt from 'ccxt';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 41, symbols: ['BTCUSDT', 'ETHUSDT'] });
});
after(async () => {
  await venue.close();
});

type Obj = Record<string, unknown>;

function urls(v: SimVenueHandle): Obj {
  const r = v.rest;
  return {
    api: {
      fapiPublic: `${r}/fapi/v1`,
      fapiPublicV2: `${r}/fapi/v2`,
      fapiPublicV3: `${r}/fapi/v3`,
      fapiPrivate: `${r}/fapi/v1`,
      fapiPrivateV2: `${r}/fapi/v2`,
      fapiPrivateV3: `${r}/fapi/v3`,
      fapiData: `${r}/futures/data`,
      ws: { future: `${v.ws}/ws`, 'ws-api': { future: v.wsApi } },
    },
  };
}

function exchange<T extends typeof ccxt.binanceusdm | typeof ccxt.pro.binanceusdm>(
  Ctor: T,
  v: SimVenueHandle,
): InstanceType<T> {
  const ex = new Ctor({
    apiKey: v.apiKey,
    secret: v.apiSecret,
    options: { fetchCurrencies: false, defaultType: 'future' },
  }) as InstanceType<T>;
  const base = ex.urls as Obj;
  ex.urls = {
    ...base,
    api: {
      ...(base.api as Obj),
      ...(urls(v).api as Obj),
      ws: { ...((base.api as Obj).ws as Obj), ...((urls(v).api as Obj).ws as Obj) },
    },
  } as unknown as typeof ex.urls;
  return ex;
}

test('ccxt binanceusdm REST: market data, balance, positions, orders (create, edit, fetch, batch, cancel), history, ledger', async () => {
  const ex = exchange(ccxt.binanceusdm, venue);
  await ex.loadMarkets();
  const sym = 'BTC/USDT:USDT';
  assert.ok(ex.markets?.[sym], 'BTC/USDT:USDT listed');
  const ticker = await ex.fetchTicker(sym);
  assert.ok((ticker.last ?? 0) > 0 && (ticker.high ?? 0) >= (ticker.low ?? 0));
  assert.equal(Object.keys(await ex.fetchTickers()).length, 2);
  const book = await ex.fetchOrderBook(sym, 5);
  assert.equal(book.bids.length, 5);
  assert.ok((await ex.fetchTrades(sym, undefined, 10)).length >= 1);
  assert.equal((await ex.fetchOHLCV(sym, '1m', undefined, 3)).length, 3);
  assert.ok((await ex.fetchFundingRate(sym)).fundingRate !== undefined);
  assert.ok((await ex.fetchFundingRateHistory(sym, undefined, 3)).length >= 1);
  const balance = await ex.fetchBalance();
  assert.ok(((balance.total as unknown as Obj).USDT as number) > 0);

  const bid = book.bids[0]?.[0] as number;
  const low = Math.floor(bid - 150);
  const limit = await ex.createOrder(sym, 'limit', 'buy', 0.01, low, { clientOrderId: 'ccxt-1' });
  assert.equal(limit.status, 'open');
  const id = limit.id as string;
  const edited = await ex.editOrder(id, sym, 'limit', 'buy', 0.02, low);
  assert.equal(edited.amount, 0.02);
  assert.equal((await ex.fetchOrder(id, sym)).amount, 0.02);
  assert.equal((await ex.fetchOpenOrders(sym)).length, 1);
  const market = await ex.createOrder(sym, 'market', 'buy', 0.01);
  assert.ok(market.id);
  const positions = await ex.fetchPositions([sym]);
  assert.ok(
    positions.some((p) => p.symbol === sym && (p.contracts ?? 0) > 0),
    'the market buy shows as a position',
  );
  const batch = await ex.createOrders([
    { symbol: sym, type: 'limit', side: 'buy', amount: 0.01, price: low - 10 },
    { symbol: sym, type: 'limit', side: 'buy', amount: 0.01, price: low - 20 },
  ]);
  assert.equal(batch.length, 2);
  await ex.cancelOrder(id, sym);
  await ex.cancelAllOrders(sym);
  assert.equal((await ex.fetchOpenOrders(sym)).length, 0);
  assert.ok((await ex.fetchOrders(sym)).length >= 4);
  assert.ok((await ex.fetchMyTrades(sym)).length >= 1);
  assert.ok((await ex.fetchLedger()).length >= 1);
  // A post-only order that would cross: the venue's -5022, which ccxt maps to InvalidOrder.
  const err = await ex
    .createOrder(sym, 'limit', 'buy', 0.01, Math.floor(bid + 200), { postOnly: true })
    .catch((e: unknown) => e as Error);
  assert.ok(err instanceof ccxt.InvalidOrder && err.message.includes('-5022'), String(err));
});

test('ccxt pro binanceusdm: watchTicker (ticker, miniTicker), watchTickers and the WebSocket API (createOrderWs, editOrderWs, fetchOrderWs, cancelOrderWs)', async () => {
  const ex = exchange(ccxt.pro.binanceusdm, venue);
  await ex.loadHttpProxyAgent();
  try {
    await ex.loadMarkets();
    const sym = 'ETH/USDT:USDT';
    const t = await ex.watchTicker(sym);
    assert.ok((t.last ?? 0) > 0);
    const mini = await ex.watchTicker('BTC/USDT:USDT', { name: 'miniTicker' });
    assert.ok((mini.last ?? 0) > 0, 'miniTicker');
    const all = await ex.watchTickers();
    assert.ok(Object.keys(all).length >= 1, '!ticker@arr');
    const bid = (await ex.fetchOrderBook(sym, 5)).bids[0]?.[0] as number;
    const price = Math.floor(bid * 0.98);
    const placed = await ex.createOrderWs(sym, 'limit', 'buy', 0.05, price);
    assert.equal(placed.status, 'open');
    const id = placed.id as string;
    const edited = await ex.editOrderWs(id, sym, 'limit', 'buy', 0.1, price);
    assert.equal(edited.amount, 0.1);
    assert.equal((await ex.fetchOrderWs(id, sym)).amount, 0.1);
    const cancelled = await ex.cancelOrderWs(id, sym);
    assert.equal(cancelled.status, 'canceled');
  } finally {
    await ex.close();
  }
});
