/**
 * Paper trading in tape mode (issue 15 item 6), on the recorded BTCUSDT 2024-08-08 tape (skipped visibly
 * without the data): orders sent over signed REST are matched against the replayed book by the backtest's fill
 * model; a crossing IOC fills as taker and its TRADE reaches the user stream, positions follow; GTX that would
 * cross is rejected -5022; a resting GTC is listed and cancelled; amendments, algo and MARKET orders get -1014.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimVenue } from '../../../../src/venues/sim/index.js';
import { Collector, get, recordedDataDir, signed } from '../sim-client.js';

const WAIT_MS = 60_000;

test('tape mode matches orders against the replayed book with the paper fill model', {
  timeout: 180_000,
}, async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const venue = await startSimVenue({ tape: [join(dir, 'hftbacktest/usdm/btcusdt_20240808.gz')], speed: 2 });
  const lk = await fetch(`${venue.rest}/fapi/v1/listenKey`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': venue.apiKey },
  });
  const { listenKey } = (await lk.json()) as { listenKey: string };
  const user = new Collector(`${venue.ws}/private/ws?listenKey=${listenKey}`);
  try {
    await user.opened;
    // Wait for the paper venue's book to sync: until then an order answers -1000 (out of sync).
    const start = Date.now();
    let ioc: { status: number; body: unknown } | undefined;
    for (;;) {
      const d = (await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=5')).body as { asks: string[][] };
      const ask = Number(d.asks[0]?.[0] ?? 0);
      if (ask > 0) {
        ioc = await signed(venue, 'POST', '/fapi/v1/order', {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'IOC',
          price: (ask * 1.002).toFixed(1),
          quantity: '0.002',
          newClientOrderId: 'paper-ioc-1',
        });
        if (ioc.status === 200) break;
        assert.equal((ioc.body as { code: number }).code, -1000, JSON.stringify(ioc.body));
      }
      assert.ok(Date.now() - start < WAIT_MS, 'the paper book syncs within the wait');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal((ioc.body as { status: string }).status, 'FILLED', JSON.stringify(ioc.body));
    await user.until((m) => m.some((x) => x.includes('"x":"TRADE"') && x.includes('paper-ioc-1')), WAIT_MS);
    const trade = user.json().find((m) => m.e === 'ORDER_TRADE_UPDATE' && (m.o as { x: string }).x === 'TRADE') as {
      o: { m: boolean; n: string; l: string };
    };
    assert.equal(trade.o.m, false, 'a crossing order fills as taker');
    assert.ok(Number(trade.o.n) > 0, 'taker fee charged');
    const pos = (await signed(venue, 'GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' })).body as Array<{
      positionAmt: string;
    }>;
    assert.equal(pos[0]?.positionAmt, '0.002');

    const d = (await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=5')).body as {
      bids: string[][];
      asks: string[][];
    };
    const ask = Number(d.asks[0]?.[0]);
    const bid = Number(d.bids[0]?.[0]);
    const gtx = await signed(venue, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTX',
      price: (ask * 1.01).toFixed(1),
      quantity: '0.002',
    });
    assert.equal((gtx.body as { code: number }).code, -5022);

    const rest = await signed(venue, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: (bid * 0.95).toFixed(1),
      quantity: '0.002',
      newClientOrderId: 'paper-rest-1',
    });
    assert.equal((rest.body as { status: string }).status, 'NEW', JSON.stringify(rest.body));
    const open = (await signed(venue, 'GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' })).body as Array<{
      clientOrderId: string;
    }>;
    assert.deepEqual(
      open.map((o) => o.clientOrderId),
      ['paper-rest-1'],
    );
    const amend = await signed(venue, 'PUT', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'paper-rest-1',
      side: 'BUY',
      price: (bid * 0.96).toFixed(1),
      quantity: '0.002',
    });
    assert.equal((amend.body as { code: number }).code, -1014);
    assert.match((amend.body as { msg: string }).msg, /tape mode/);
    const algo = await signed(venue, 'POST', '/fapi/v1/algoOrder', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      algoType: 'CONDITIONAL',
      type: 'STOP_MARKET',
      triggerPrice: (bid * 0.9).toFixed(1),
      quantity: '0.002',
    });
    assert.equal((algo.body as { code: number }).code, -1014);
    const market = await signed(venue, 'POST', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.002',
    });
    assert.equal((market.body as { code: number }).code, -1014);
    const cancel = await signed(venue, 'DELETE', '/fapi/v1/order', {
      symbol: 'BTCUSDT',
      origClientOrderId: 'paper-rest-1',
    });
    assert.equal((cancel.body as { status: string }).status, 'CANCELED', JSON.stringify(cancel.body));
    const state = (await get(venue, '/_sim/state')).body as { tape: { paper: { fills: number; orders: number } } };
    assert.ok(state.tape.paper.fills >= 1);
  } finally {
    await user.close();
    await venue.close();
  }
});
