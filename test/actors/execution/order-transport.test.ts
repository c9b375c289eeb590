/**
 * Execution's order entry against the real simulated venue, with a TCP proxy in front of its WebSocket API:
 * orders and modifies go over the WS API while it is up, over REST while it is down, over the WS API again once
 * it is back; a reply lost on the WS API is UNKNOWN, reconciled by clientOrderId and never resent on either
 * transport; the kill switch's cancel-all clears plain and conditional (algo) orders, as the sim's order log
 * shows; a self-trade-prevention expiry reaches our order state and journal as TL_EXEC_STP_EXPIRED (er 1), and
 * the taker's fills, told by both TRADE_LITE and ORDER_TRADE_UPDATE, add up to what the venue executed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { clientOrderIdFor } from '../../../src/actors/execution/client-order-id.js';
import { jsonlLogPath } from '../../../src/runtime/log/jsonl-log.js';
import { SignedRest } from '../../../src/venues/binance/signed-rest.js';
import { TcpProxy } from './tcp-proxy.js';
import {
  approved,
  bestBid,
  KEY,
  type OrderLogEntry,
  postsOf,
  SECRET,
  simState,
  startEngine,
  startSim,
  until,
} from './venue-fixture.js';

const WAIT = 60_000;

function journal(dataDir: string): Array<Record<string, unknown>> {
  return readFileSync(jsonlLogPath(dataDir, 'executions'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const via = (e: OrderLogEntry) => (e.method === 'WS' ? 'ws-api' : 'rest');

test('WS API up → WS; down → REST; back → WS; live switch to REST and back; a lost WS reply is reconciled, never resent; kill clears plain and algo orders', async (t) => {
  process.env.TAPELINE_QUIET = '1';
  const sim = await startSim();
  const proxy = new TcpProxy(sim.port);
  await proxy.up();
  const rig = await startEngine(sim, {
    wsApi: `ws://127.0.0.1:${proxy.port}/ws-fapi/v1`,
    params: { orderTransport: 'ws-api' },
  });
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  const { engine } = rig;
  const log = async () => (await simState(sim)).orderLog;
  const placeAndRest = async (decisionId: string, price: number) => {
    engine.onMessage(approved(decisionId, price));
    const id = clientOrderIdFor(decisionId);
    await until(`${decisionId} resting`, () => engine.tracker.get(id)?.status === 'NEW', WAIT);
    return id;
  };
  try {
    const bid = await bestBid(sim);
    const px = (f: number) => Math.round(bid * f * 10) / 10;

    // Up: the order and its modify go over the WS API, with our STP mode.
    const a = await placeAndRest('tx-a', px(0.995));
    const placed = postsOf(await log(), a);
    assert.deepEqual(placed.map(via), ['ws-api']);
    assert.equal(placed[0]!.params.selfTradePreventionMode, 'EXPIRE_MAKER');
    assert.equal(await engine.modify(a, px(0.994).toFixed(1), '0.003', 'test reprice'), true);
    assert.equal(engine.tracker.get(a)!.quantity, 0.003);
    assert.ok((await log()).some((e) => e.path === 'order.modify' && e.params.origClientOrderId === a));

    // Down: REST, for a new order and for a modify.
    await proxy.down();
    await until('WS API seen down', () => !engine.wsApi!.up, WAIT);
    const b = await placeAndRest('tx-b', px(0.993));
    assert.deepEqual(postsOf(await log(), b).map(via), ['rest']);
    assert.equal(await engine.modify(b, px(0.992).toFixed(1), '0.002', 'test reprice'), true);
    assert.ok(
      (await log()).some((e) => e.method === 'PUT' && e.path === '/fapi/v1/order' && e.params.origClientOrderId === b),
    );

    // Back: the WS API again.
    await proxy.up();
    await until('WS API back', () => engine.wsApi!.up, WAIT);
    const c = await placeAndRest('tx-c', px(0.991));
    assert.deepEqual(postsOf(await log(), c).map(via), ['ws-api']);

    // A live `config set execution.orderTransport`: REST only, then the WS API again.
    engine.applyParams({ ...engine.params, orderTransport: 'rest' });
    const c2 = await placeAndRest('tx-c2', px(0.9905));
    assert.deepEqual(postsOf(await log(), c2).map(via), ['rest']);
    engine.applyParams({ ...engine.params, orderTransport: 'ws-api' });
    const c3 = await placeAndRest('tx-c3', px(0.9903));
    assert.deepEqual(postsOf(await log(), c3).map(via), ['ws-api']);

    // A reply lost on the WS API: UNKNOWN, reconciled by clientOrderId, sent once and only once.
    proxy.cutAfterNextFrame();
    engine.onMessage(approved('tx-d', px(0.99)));
    const d = clientOrderIdFor('tx-d');
    await until('tx-d UNKNOWN', () => engine.sender!.counters.unknown >= 1, WAIT);
    await until(
      'tx-d reconciled',
      () => engine.reconciled && ['NEW', 'REJECTED'].includes(engine.tracker.get(d)!.status),
      WAIT,
    );
    const dPosts = postsOf(await log(), d);
    assert.ok(dPosts.length <= 1, `tx-d placed ${dPosts.length} times`);
    assert.deepEqual(dPosts.map(via), dPosts.length === 1 ? ['ws-api'] : []);
    // The venue's order log decides what reconciliation must have found.
    assert.equal(engine.tracker.get(d)!.status, dPosts.length === 1 ? 'NEW' : 'REJECTED');
    assert.ok(journal(rig.dataDir).some((r) => r.clientOrderId === d && r.outcome === 'unknown'));
    await until('WS API back after the cut', () => engine.wsApi!.up, WAIT);
    const e = await placeAndRest('tx-e', px(0.989));
    assert.deepEqual(postsOf(await log(), e).map(via), ['ws-api']);
    t.diagnostic(`transport counters ${JSON.stringify(engine.entry!.counters)}; tx-d executed: ${dPosts.length}`);

    // A conditional order set by hand: reconciliation / ALGO_UPDATE report it, the kill's cancel-all clears it.
    await rest.syncClock();
    await rest.signed('POST', '/fapi/v1/algoOrder', {
      algoType: 'CONDITIONAL',
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'STOP_MARKET',
      triggerPrice: px(0.9).toFixed(1),
      quantity: '0.002',
      clientAlgoId: 'manual-stop-1',
    });
    await until('algo order known', () => engine.algos.count === 1, WAIT);
    engine.onMessage({ type: 'kill-switch', engaged: true, symbol: '', reason: 'test kill', ts: Date.now() });
    await engine.cancelAll({ type: 'cancel-all', symbol: '', reason: 'test kill', ts: Date.now() });
    const state = await until(
      'venue empty',
      async () => {
        const s = (await simState(sim)) as Awaited<ReturnType<typeof simState>> & { openAlgoOrders: unknown[] };
        return s.openOrders.length === 0 && s.openAlgoOrders.length === 0 ? s : undefined;
      },
      WAIT,
    );
    const deletes = state.orderLog.filter((x) => x.method === 'DELETE').map((x) => x.path);
    assert.ok(deletes.includes('/fapi/v1/allOpenOrders'), JSON.stringify(deletes));
    assert.ok(deletes.includes('/fapi/v1/algoOpenOrders'), JSON.stringify(deletes));
  } finally {
    await rig.stop();
    await rest.close();
    await proxy.down();
    await sim.close();
  }
});

test('a self-trade-prevention expiry is TL_EXEC_STP_EXPIRED (er 1) in our order state and journal', async () => {
  process.env.TAPELINE_QUIET = '1';
  const sim = await startSim();
  const rig = await startEngine(sim, { params: { orderTransport: 'ws-api' } });
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 5_000,
    recvWindowMs: 5_000,
  });
  try {
    const bids = async () =>
      (
        (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=BTCUSDT&limit=10`)).json()) as {
          bids: [string, string][];
        }
      ).bids;
    await rest.syncClock();
    // The market moves under the test: a try whose maker crosses, fills, or is not reached is repeated.
    let id = '';
    let taker: unknown;
    for (let i = 0; i < 8 && !id; i++) {
      // A GTC bid one level under the best.
      rig.engine.onMessage(approved(`stp-maker-${i}`, Number((await bids())[1]![0]), { timeInForce: 'GTC' }));
      const tryId = clientOrderIdFor(`stp-maker-${i}`);
      const maker = await until(
        'maker settled',
        () => {
          const x = rig.engine.tracker.get(tryId);
          return x && x.status !== 'PENDING' ? x : undefined;
        },
        WAIT,
      );
      if (maker.status !== 'NEW') continue;
      const price = maker.price.toFixed(1);
      // Our own taker (placed by hand, same account), big enough to reach our bid through everything ahead.
      const ahead = (await bids()).filter(([p]) => Number(p) >= maker.price).reduce((n, [, q]) => n + Number(q), 0);
      if (ahead === 0) continue;
      taker = await rest.signed('POST', '/fapi/v1/order', {
        newOrderRespType: 'RESULT',
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'IOC',
        price,
        quantity: (Math.ceil((ahead + 0.1) * 1000) / 1000).toFixed(3),
        newClientOrderId: `manual-taker-${i}`,
        selfTradePreventionMode: 'EXPIRE_MAKER',
      });
      const settled = await until(
        'maker expired or not reached',
        () => {
          const x = rig.engine.tracker.get(tryId)!;
          return x.status === 'EXPIRED' ? 'expired' : x.status === 'NEW' ? undefined : 'other';
        },
        5_000,
      ).catch(() => 'not reached');
      if (settled === 'expired') id = tryId;
      else rig.engine.onMessage({ type: 'cancel-all', symbol: 'BTCUSDT', reason: 'retry', ts: Date.now() });
    }
    assert.ok(id, 'a maker order was expired by self-trade prevention');
    const takerId = (taker as { clientOrderId: string }).clientOrderId;
    assert.match(rig.engine.tracker.get(id)!.reason, /^TL_EXEC_STP_EXPIRED: /);
    const rec = journal(rig.dataDir).find((r) => r.kind === 'expired' && r.clientOrderId === id);
    assert.equal(rec?.er, '1');
    assert.equal(rec?.code, 'TL_EXEC_STP_EXPIRED');
    // The taker's trades came as TRADE_LITE and ORDER_TRADE_UPDATE both: each counted once.
    const executed = Number((taker as { executedQty: string }).executedQty);
    const reported = () =>
      rig.sent
        .filter((m) => m.message.type === 'fill' && m.message.clientOrderId === takerId)
        .reduce((n, m) => n + (m.message.quantity as number), 0);
    await until('taker fills reported', () => Math.abs(reported() - executed) < 1e-9, WAIT).catch((err) => {
      throw new Error(`${(err as Error).message}: reported ${reported()}, venue executed ${executed}`);
    });
  } finally {
    await rig.stop();
    await rest.close();
    await sim.close();
  }
});
