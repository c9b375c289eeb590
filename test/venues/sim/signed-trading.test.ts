/**
 * Signed REST end to end on loopback: signature and recvWindow checks, key errors, orders of every kind
 * (MARKET, LIMIT GTC resting, GTX reject, IOC, FOK, reduceOnly, duplicate client id), cancel, queries,
 * positions, account, user-data events and the `/_sim/state` order log.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { until } from '../../fixtures/runtime-config.js';
import { Collector, get, signed } from './sim-client.js';

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 7, symbols: ['BTCUSDT', 'ETHUSDT'] });
});
after(async () => {
  await venue.close();
});

async function book(): Promise<{ bid: number; ask: number }> {
  const r = await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=5');
  const b = r.body as { bids: string[][]; asks: string[][] };
  return { bid: Number(b.bids[0]?.[0]), ask: Number(b.asks[0]?.[0]) };
}

test('signature, key and timestamp errors carry the venue codes', async () => {
  const bad = await signed(venue, 'GET', '/fapi/v2/account', {}, { secret: 'wrong' });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, { code: -1022, msg: 'Signature for this request is not valid.' });
  const key = await signed(venue, 'GET', '/fapi/v2/account', {}, { apiKey: 'nope' });
  assert.equal(key.status, 401);
  assert.equal((key.body as { code: number }).code, -2015);
  const late = await signed(venue, 'GET', '/fapi/v2/account', {}, { timestamp: Date.now() - 10_000 });
  assert.equal((late.body as { code: number }).code, -1021);
  const ahead = await signed(venue, 'GET', '/fapi/v2/account', {}, { timestamp: Date.now() + 5_000 });
  assert.equal(
    (ahead.body as { code: number; msg: string }).msg,
    "Timestamp for this request was 1000ms ahead of the server's time.",
  );
  const wide = await signed(
    venue,
    'GET',
    '/fapi/v2/account',
    { recvWindow: 30_000 },
    { timestamp: Date.now() - 10_000 },
  );
  assert.equal(wide.status, 200);
  const noKey = await fetch(`${venue.rest}/fapi/v2/account?timestamp=1&signature=ab`);
  assert.equal(((await noKey.json()) as { code: number }).code, -2014);
  // Signature over query + body when both carry parameters.
  const inBody = await signed(
    venue,
    'POST',
    '/fapi/v1/leverage',
    { symbol: 'BTCUSDT', leverage: 10 },
    { inBody: true },
  );
  assert.deepEqual(inBody.body, { leverage: 10, maxNotionalValue: '5000000', symbol: 'BTCUSDT' });
});

test('orders: market fill, resting limit, GTX reject, cancel, reduceOnly, duplicates; user stream and order log', async () => {
  const lk = await fetch(`${venue.rest}/fapi/v1/listenKey`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': venue.apiKey },
  });
  const { listenKey } = (await lk.json()) as { listenKey: string };
  const user = new Collector(`${venue.ws}/private/ws?listenKey=${listenKey}`);
  await user.opened;

  const m = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.010',
    newOrderRespType: 'RESULT',
    newClientOrderId: 'mkt-1',
  });
  assert.equal(m.status, 200, JSON.stringify(m.body));
  const mo = m.body as Record<string, unknown>;
  assert.equal(mo.status, 'FILLED');
  assert.equal(mo.executedQty, '0.010');
  assert.equal(mo.clientOrderId, 'mkt-1');
  assert.ok(Number(mo.avgPrice) > 0);
  assert.equal(m.headers.get('x-mbx-order-count-10s'), '1');

  const { bid, ask } = await book();
  const low = (bid - 50).toFixed(2);
  const rest = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.005',
    price: low,
    newClientOrderId: 'rest-1',
  });
  assert.equal(rest.status, 200, JSON.stringify(rest.body));
  assert.equal((rest.body as { status: string }).status, 'NEW');
  const dup = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.005',
    price: low,
    newClientOrderId: 'rest-1',
  });
  assert.equal((dup.body as { code: number }).code, -4116);
  const gtx = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTX',
    quantity: '0.005',
    price: (ask + 20).toFixed(2),
  });
  assert.deepEqual(gtx.body, {
    code: -5022,
    msg: 'Due to the order could not be executed as maker, the Post Only order will be rejected.',
  });
  // Within pricePrecision but off the 0.10 grid: -4014; more decimals than the precision allows: -1111.
  const tick = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.005',
    price: (Number(low) + 0.05).toFixed(2),
  });
  assert.equal((tick.body as { code: number }).code, -4014);
  const fine = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.005',
    price: `${low}5`,
  });
  assert.deepEqual(fine.body, { code: -1111, msg: 'Precision is over the maximum defined for this asset.' });
  const step = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.0105',
  });
  assert.equal((step.body as { code: number }).code, -1111);
  const small = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.001',
    price: low,
  });
  assert.equal((small.body as { code: number }).code, -4164);
  const stop = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'STOP_MARKET',
    quantity: '0.01',
  });
  assert.equal((stop.body as { code: number }).code, -4120);
  const badId = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.01',
    newClientOrderId: 'has space',
  });
  assert.equal((badId.body as { code: number }).code, -4015);
  const huge = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'ETHUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '1000',
  });
  assert.equal((huge.body as { code: number }).code, -2019);

  const open = await signed(venue, 'GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' });
  assert.equal((open.body as unknown[]).length, 1);
  const q = await signed(venue, 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'rest-1' });
  assert.equal((q.body as { status: string }).status, 'NEW');
  const cancel = await signed(venue, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'rest-1' });
  assert.equal((cancel.body as { status: string }).status, 'CANCELED');
  const again = await signed(venue, 'DELETE', '/fapi/v1/order', { symbol: 'BTCUSDT', origClientOrderId: 'rest-1' });
  assert.equal((again.body as { code: number }).code, -2011);
  const missing = await signed(venue, 'GET', '/fapi/v1/order', { symbol: 'BTCUSDT', orderId: 1 });
  assert.equal((missing.body as { code: number }).code, -2013);

  const wrongWay = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'MARKET',
    quantity: '0.010',
    reduceOnly: 'true',
  });
  assert.equal((wrongWay.body as { code: number }).code, -2022);
  const pos = await signed(venue, 'GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' });
  const p = (pos.body as Array<Record<string, string>>)[0] as Record<string, string>;
  assert.equal(p.positionAmt, '0.010');
  const v3 = await signed(venue, 'GET', '/fapi/v3/positionRisk', {});
  assert.equal((v3.body as unknown[]).length, 1);
  const close = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'SELL',
    type: 'MARKET',
    quantity: '0.020',
    reduceOnly: 'true',
    newOrderRespType: 'RESULT',
  });
  assert.equal((close.body as { executedQty: string }).executedQty, '0.010');
  const acct = await signed(venue, 'GET', '/fapi/v3/account', {});
  const a = acct.body as { totalWalletBalance: string; positions: unknown[] };
  assert.ok(Number(a.totalWalletBalance) < 100_000, 'fees were charged');
  assert.equal(a.positions.length, 0);

  await user.until((msgs) => msgs.filter((x) => x.includes('ACCOUNT_UPDATE')).length >= 2);
  const events = user.json();
  const otu = events.filter((e) => e.e === 'ORDER_TRADE_UPDATE').map((e) => (e.o as Record<string, unknown>).X);
  assert.ok(otu.includes('NEW') && otu.includes('FILLED') && otu.includes('CANCELED'), JSON.stringify(otu));
  await user.close();

  const state = await get(venue, '/_sim/state');
  const s = state.body as {
    orderLog: Array<{ path: string; method: string; status: number; params: Record<string, string> }>;
    openOrders: unknown[];
  };
  assert.ok(
    s.orderLog.some((e) => e.method === 'DELETE' && e.path === '/fapi/v1/order'),
    'cancels are logged',
  );
  assert.ok(
    s.orderLog.some((e) => e.status === 400),
    'rejections are logged',
  );
  assert.ok(!JSON.stringify(s).includes(venue.apiSecret), 'the secret never appears');
  assert.ok(s.orderLog.every((e) => !('signature' in e.params)));
  assert.equal(s.openOrders.length, 0);
});

test('countdownCancelAll cancels open orders when the countdown runs out', async () => {
  const { bid } = await book();
  const placed = await signed(venue, 'POST', '/fapi/v1/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.005',
    price: (bid - 60).toFixed(2),
  });
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  const resting = await signed(venue, 'GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' });
  assert.equal((resting.body as unknown[]).length, 1, 'the order rests before the countdown');
  const armed = await signed(venue, 'POST', '/fapi/v1/countdownCancelAll', { symbol: 'BTCUSDT', countdownTime: 300 });
  assert.deepEqual(armed.body, { symbol: 'BTCUSDT', countdownTime: '300' });
  // Waits on the condition, not a fixed time: on a busy machine the sim's timer can fire well after 300 ms.
  await until(
    'the countdown to cancel the resting order',
    async () => {
      const open = await signed(venue, 'GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' });
      return Array.isArray(open.body) && open.body.length === 0;
    },
    30_000,
  );
});

test('history agrees with the live state: last 1m kline closes at the last aggTrade; aggTrades by id are contiguous', async () => {
  // The sim steps between requests: read trades, klines, trades again, and judge only a window in which no
  // trade happened (same last id before and after), so the check is exact rather than timing-dependent.
  type Agg = { a: number; p: string; T: number };
  let aggs: Agg[] = [];
  let bar: unknown[] = [];
  let rows: unknown[][] = [];
  // Bounded, not timed: a busy sim can trade between most reads, so allow many tries (each a few ms).
  for (let attempt = 0; attempt < 500; attempt++) {
    const before = (await get(venue, '/fapi/v1/aggTrades?symbol=ETHUSDT&limit=50')).body as Agg[];
    rows = (await get(venue, '/fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit=3')).body as unknown[][];
    const after = (await get(venue, '/fapi/v1/aggTrades?symbol=ETHUSDT&limit=50')).body as Agg[];
    if (before.at(-1)?.a === after.at(-1)?.a) {
      aggs = after;
      bar = rows[rows.length - 1] as unknown[];
      break;
    }
  }
  assert.ok(aggs.length > 0, 'found a quiet window between two reads');
  assert.equal(rows.length, 3);
  const last = aggs[aggs.length - 1] as Agg;
  if ((bar[0] as number) <= last.T) assert.equal(bar[4], last.p, 'current bar closes at the last trade');
  for (let i = 1; i < aggs.length; i++) assert.equal(aggs[i]?.a, (aggs[i - 1]?.a as number) + 1);
  const from = (await get(venue, `/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=${aggs[0]?.a}&limit=5`)).body as Array<{
    a: number;
  }>;
  assert.deepEqual(
    from.map((x) => x.a),
    aggs.slice(0, 5).map((x) => x.a),
  );
  const day = (await get(venue, '/fapi/v1/klines?symbol=ETHUSDT&interval=1h&limit=48')).body as unknown[][];
  assert.equal(day.length, 48, 'backfill reaches two days back');
  for (let i = 1; i < day.length; i++) assert.equal((day[i]?.[0] as number) - (day[i - 1]?.[0] as number), 3_600_000);
  const oi = (await get(venue, '/futures/data/openInterestHist?symbol=ETHUSDT&period=5m&limit=30')).body as Array<{
    timestamp: number;
  }>;
  assert.equal(oi.length, 30);
});
