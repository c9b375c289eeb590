/**
 * The REST endpoints a 2026 client calls beyond the basics, on loopback: tickers, recent trades, funding,
 * account history, batch orders with per-entry results, order modify (x:"AMENDMENT"), order test, algo orders
 * (ALGO_UPDATE), TRADE_LITE, the JSON -5000 for unknown paths and methods, order-count headers only on order
 * requests, -1111 and -2025.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { Collector, get, signed } from './sim-client.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 11, symbols: ['BTCUSDT', 'ETHUSDT'] });
});
after(async () => {
  await venue.close();
});

type Obj = Record<string, unknown>;

async function touch(): Promise<{ bid: number; ask: number }> {
  const r = await get(venue, '/fapi/v1/ticker/bookTicker?symbol=BTCUSDT');
  const b = r.body as Obj;
  return { bid: Number(b.bidPrice), ask: Number(b.askPrice) };
}

test('public: tickers, recent trades, funding history and info; unknown paths and methods get JSON -5000', async () => {
  const t = (await get(venue, '/fapi/v1/ticker/24hr?symbol=BTCUSDT')).body as Obj;
  for (const k of [
    'priceChange',
    'priceChangePercent',
    'weightedAvgPrice',
    'lastPrice',
    'lastQty',
    'openPrice',
    'highPrice',
    'lowPrice',
    'volume',
    'quoteVolume',
    'openTime',
    'closeTime',
    'firstId',
    'lastId',
    'count',
  ]) {
    assert.ok(k in t, `24hr has ${k}`);
  }
  assert.ok(Number(t.highPrice) >= Number(t.lastPrice) && Number(t.lowPrice) <= Number(t.lastPrice));
  const all = await get(venue, '/fapi/v1/ticker/24hr');
  assert.equal((all.body as Obj[]).length, 2);
  assert.equal(all.headers.get('x-mbx-order-count-10s'), null, 'no order counts on market data');
  for (const path of ['/fapi/v1/ticker/price?symbol=ETHUSDT', '/fapi/v2/ticker/price?symbol=ETHUSDT']) {
    const p = (await get(venue, path)).body as Obj;
    assert.equal(p.symbol, 'ETHUSDT');
    assert.ok(Number(p.price) > 0 && typeof p.time === 'number');
  }
  const bt = (await get(venue, '/fapi/v1/ticker/bookTicker?symbol=BTCUSDT')).body as Obj;
  assert.ok(Number(bt.bidPrice) < Number(bt.askPrice));
  const trades = (await get(venue, '/fapi/v1/trades?symbol=BTCUSDT&limit=7')).body as Obj[];
  assert.ok(trades.length >= 2 && trades.length <= 7, 'at most limit (the market has printed since it opened)');
  assert.ok((trades.at(-1)?.id as number) > (trades[0]?.id as number), 'oldest first');
  const funding = (await get(venue, '/fapi/v1/fundingRate?symbol=BTCUSDT&limit=4')).body as Obj[];
  assert.equal(funding.length, 4);
  assert.equal(((funding[1]?.fundingTime as number) - (funding[0]?.fundingTime as number)) / 3_600_000, 8);
  const info = (await get(venue, '/fapi/v1/fundingInfo')).body as Obj[];
  assert.equal(info[0]?.fundingIntervalHours, 8);
  const missing = await get(venue, '/fapi/v1/nothingHere');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { code: -5000, msg: 'Path /fapi/v1/nothingHere, Method GET is invalid' });
  const wrong = await fetch(`${venue.rest}/fapi/v1/ticker/price`, { method: 'DELETE' });
  assert.equal(wrong.status, 405);
  assert.deepEqual(await wrong.json(), { code: -5000, msg: 'Path /fapi/v1/ticker/price, Method DELETE is invalid' });
});

test('orders: test, batch with per-entry errors, modify (AMENDMENT), TRADE_LITE, history, income; headers on order requests only', async () => {
  const lk = (await (
    await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers: { 'X-MBX-APIKEY': venue.apiKey } })
  ).json()) as { listenKey: string };
  const user = new Collector(`${venue.ws}/private/ws?listenKey=${lk.listenKey}`);
  await user.opened;
  try {
    const { bid } = await touch();
    const low = (bid - 100).toFixed(2);
    const tested = await signed(venue, 'POST', '/fapi/v1/order/test', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.010',
      price: low,
    });
    assert.deepEqual(tested.body, {});
    assert.equal(tested.headers.get('x-mbx-order-count-10s'), null, 'order/test is not an order');
    const badTest = await signed(venue, 'POST', '/fapi/v1/order/test', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.010',
      price: `${low}1`,
    });
    assert.equal((badTest.body as Obj).code, -1111);

    const batch = await signed(venue, 'POST', '/fapi/v1/batchOrders', {
      batchOrders: JSON.stringify([
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.010',
          price: low,
          newClientOrderId: 'b-1',
        },
        { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.0101', price: low },
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010' },
      ]),
    });
    assert.equal(batch.status, 200);
    const [placed, rejected, market] = batch.body as Obj[];
    assert.equal(placed?.status, 'NEW');
    assert.deepEqual(rejected, { code: -1111, msg: 'Precision is over the maximum defined for this asset.' });
    assert.equal(market?.type, 'MARKET');
    assert.ok(batch.headers.get('x-mbx-order-count-10s') !== null);
    const six = await signed(venue, 'POST', '/fapi/v1/batchOrders', {
      batchOrders: JSON.stringify(
        new Array(6).fill({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }),
      ),
    });
    assert.equal((six.body as Obj).code, -1130);

    const mod = await signed(venue, 'PUT', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'b-1',
      side: 'BUY',
      quantity: '0.020',
      price: (bid - 90).toFixed(2),
    });
    assert.equal(mod.status, 200, JSON.stringify(mod.body));
    assert.equal((mod.body as Obj).origQty, '0.020');
    assert.equal((mod.body as Obj).orderId, placed?.orderId, 'same order id');
    assert.ok(mod.headers.get('x-mbx-order-count-1m') !== null);
    const same = await signed(venue, 'PUT', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'b-1',
      side: 'BUY',
      quantity: '0.020',
      price: (bid - 90).toFixed(2),
    });
    assert.equal((same.body as Obj).code, -5027);
    await user.until(
      (m) => m.some((x) => x.includes('"x":"AMENDMENT"')) && m.some((x) => x.includes('"e":"TRADE_LITE"')),
    );
    const lite = user.json().find((e) => e.e === 'TRADE_LITE') as Obj;
    for (const k of ['s', 'q', 'p', 'm', 'c', 'S', 'L', 'l', 't', 'i']) assert.ok(k in lite, `TRADE_LITE has ${k}`);

    const cancels = await signed(venue, 'DELETE', '/fapi/v1/batchOrders', {
      symbol: 'BTCUSDT',
      orderIdList: JSON.stringify([placed?.orderId, 1]),
    });
    const [c1, c2] = cancels.body as Obj[];
    assert.equal(c1?.status, 'CANCELED');
    assert.equal(c2?.code, -2011);

    const trades = (await signed(venue, 'GET', '/fapi/v1/userTrades', { symbol: 'BTCUSDT' })).body as Obj[];
    assert.ok(trades.length >= 1 && trades.every((t) => t.maker === false && t.commissionAsset === 'USDT'));
    const orders = (await signed(venue, 'GET', '/fapi/v1/allOrders', { symbol: 'BTCUSDT' })).body as Obj[];
    assert.ok(orders.some((o) => o.clientOrderId === 'b-1' && o.status === 'CANCELED'));
    const income = (await signed(venue, 'GET', '/fapi/v1/income', { incomeType: 'COMMISSION' })).body as Obj[];
    assert.ok(income.length >= 1 && Number(income[0]?.income) < 0);
    const brackets = (await signed(venue, 'GET', '/fapi/v1/leverageBracket', { symbol: 'BTCUSDT' })).body as Obj;
    assert.equal((brackets.brackets as Obj[])[0]?.initialLeverage, 125);
    assert.deepEqual((await signed(venue, 'GET', '/fapi/v1/multiAssetsMargin', {})).body, { multiAssetsMargin: false });
    assert.equal(
      ((await signed(venue, 'POST', '/fapi/v1/multiAssetsMargin', { multiAssetsMargin: 'false' })).body as Obj).code,
      -4171,
    );
  } finally {
    await user.close();
  }
});

test('algo orders: place, list, ALGO_UPDATE, cancel-all clears them; an order that would trigger at once gets -2021', async () => {
  const lk = (await (
    await fetch(`${venue.rest}/fapi/v1/listenKey`, { method: 'POST', headers: { 'X-MBX-APIKEY': venue.apiKey } })
  ).json()) as { listenKey: string };
  const user = new Collector(`${venue.ws}/private/ws?listenKey=${lk.listenKey}`);
  await user.opened;
  try {
    const { bid, ask } = await touch();
    const stop = await signed(venue, 'POST', '/fapi/v1/algoOrder', {
      symbol: 'ETHUSDT',
      algoType: 'CONDITIONAL',
      side: 'SELL',
      type: 'STOP_MARKET',
      quantity: '0.050',
      triggerPrice: '1000.00',
      clientAlgoId: 'sl-1',
    });
    assert.equal(stop.status, 200, JSON.stringify(stop.body));
    assert.equal((stop.body as Obj).algoStatus, 'NEW');
    const now = await signed(venue, 'POST', '/fapi/v1/algoOrder', {
      symbol: 'BTCUSDT',
      algoType: 'CONDITIONAL',
      side: 'BUY',
      type: 'STOP_MARKET',
      quantity: '0.010',
      triggerPrice: (bid - 500).toFixed(2),
    });
    assert.equal((now.body as Obj).code, -2021);
    const tp = await signed(venue, 'POST', '/fapi/v1/algoOrder', {
      symbol: 'BTCUSDT',
      algoType: 'CONDITIONAL',
      side: 'SELL',
      type: 'TAKE_PROFIT',
      quantity: '0.010',
      price: (ask + 800).toFixed(2),
      triggerPrice: (ask + 800).toFixed(2),
    });
    assert.equal(tp.status, 200, JSON.stringify(tp.body));
    const open = (await signed(venue, 'GET', '/fapi/v1/openAlgoOrders', {})).body as Obj[];
    assert.deepEqual(open.map((a) => a.orderType).sort(), ['STOP_MARKET', 'TAKE_PROFIT']);
    const state = (await get(venue, '/_sim/state')).body as { openAlgoOrders: Obj[] };
    assert.equal(state.openAlgoOrders.length, 2, 'the control API lists open conditional orders');
    const one = (await signed(venue, 'GET', '/fapi/v1/algoOrder', { clientAlgoId: 'sl-1' })).body as Obj;
    assert.equal(one.symbol, 'ETHUSDT');
    await signed(venue, 'DELETE', '/fapi/v1/algoOpenOrders', { symbol: 'BTCUSDT' });
    const log = ((await get(venue, '/_sim/state')).body as { orderLog: Obj[] }).orderLog;
    assert.ok(
      log.some((e) => e.method === 'DELETE' && e.path === '/fapi/v1/algoOpenOrders' && e.status === 200),
      'the cancel-all is in the order log',
    );
    const cancelled = await signed(venue, 'DELETE', '/fapi/v1/algoOrder', {
      algoId: (stop.body as Obj).algoId as number,
    });
    assert.equal((cancelled.body as Obj).clientAlgoId, 'sl-1');
    assert.deepEqual((await signed(venue, 'GET', '/fapi/v1/openAlgoOrders', {})).body, []);
    await user.until(
      (m) => m.filter((x) => x.includes('"e":"ALGO_UPDATE"') && x.includes('"X":"CANCELED"')).length === 2,
    );
  } finally {
    await user.close();
  }
});

test('the 201st open order on a symbol gets -2025 (MAX_NUM_ORDERS)', async () => {
  const { bid } = await touch();
  const entries = [];
  for (let i = 0; i < 200; i++)
    entries.push({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.002',
      price: (bid - 1000 - i * 0.1).toFixed(2),
    });
  // 40 batches of 5 stay inside the ORDERS limit of 300 per 10 s.
  for (let i = 0; i < entries.length; i += 5) {
    const r = await signed(venue, 'POST', '/fapi/v1/batchOrders', {
      batchOrders: JSON.stringify(entries.slice(i, i + 5)),
    });
    assert.ok(
      (r.body as Obj[]).every((o) => o.status === 'NEW'),
      JSON.stringify(r.body),
    );
  }
  const over = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.002',
    price: (bid - 2000).toFixed(2),
  });
  assert.deepEqual(over.body, { code: -2025, msg: 'Reach max open order limit.' });
  const info = (await get(venue, '/fapi/v1/exchangeInfo')).body as { symbols: Array<{ filters: Obj[] }> };
  assert.equal(info.symbols[0]?.filters.find((f) => f.filterType === 'MAX_NUM_ORDERS')?.limit, 200);
  await signed(venue, 'DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
});
