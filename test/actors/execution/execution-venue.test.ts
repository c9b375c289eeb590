/**
 * Execution against the simulated venue, end to end over loopback: orders leave signed and journaled first,
 * the user stream drives their state, kill's cancel-all reaches the venue, a restart never resends a decision,
 * a timeout or 5xx is reconciled and never resent, the dead-man switch is refreshed while armed, TTL cancels,
 * a symbol added live trades only once its filters are loaded and it is reconciled, and the API secret appears
 * nowhere.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clientOrderIdFor } from '../../../src/actors/execution/client-order-id.js';
import {
  allLogText,
  approved,
  bestBid,
  fault,
  postsOf,
  SECRET,
  simState,
  startEngine,
  startSim,
  until,
} from './venue-fixture.js';

const dataDirs: string[] = [];
const messages: unknown[] = [];

after(() => {
  // Safety invariant 5 (docs/contract.md): the secret is in no log file, no journal line, no message sent to risk or the gateway.
  for (const dir of dataDirs) assert.ok(!allLogText(dir).includes(SECRET), `secret found under ${dir}/logs`);
  assert.ok(!JSON.stringify(messages).includes(SECRET), 'secret found in a message');
});

test('an approved order leaves journaled first, rests at the venue, and kill cancel-all reaches the venue', async () => {
  const sim = await startSim();
  const rig = await startEngine(sim);
  dataDirs.push(rig.dataDir);
  try {
    const price = Math.round((await bestBid(sim)) * 0.997 * 10) / 10;
    const cid = clientOrderIdFor('dec-A');
    rig.engine.onMessage(approved('dec-A', price));
    const st = await until('order open at the venue', async () => {
      const s = await simState(sim);
      return s.openOrders.some((o) => o.clientOrderId === cid) ? s : undefined;
    });
    const post = postsOf(st.orderLog, cid);
    assert.equal(post.length, 1);
    assert.equal(post[0]!.params.timeInForce, 'GTX');
    assert.equal(post[0]!.params.price, price.toFixed(1));
    const journal = readFileSync(join(rig.dataDir, 'logs', 'executions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const attempt = journal.find((r) => r.kind === 'attempt' && r.clientOrderId === cid);
    assert.ok(attempt, 'attempt journaled');
    assert.ok(attempt.ts <= post[0]!.receivedAt, 'journaled before the venue received it');
    await until('NEW over the user stream', () =>
      rig.sent.some((m) => m.topic === 'orders' && m.message.status === 'NEW' && m.message.clientOrderId === cid),
    );

    rig.engine.onMessage({ type: 'kill-switch', engaged: true, symbol: '', reason: 'manual', ts: Date.now() });
    rig.engine.onMessage({ type: 'cancel-all', symbol: '', reason: 'manual', ts: Date.now() });
    const after = await until('cancel-all at the venue', async () => {
      const s = await simState(sim);
      return s.orderLog.some(
        (e) => e.method === 'DELETE' && e.path === '/fapi/v1/allOpenOrders' && e.params.symbol === 'BTCUSDT',
      )
        ? s
        : undefined;
    });
    assert.equal(after.openOrders.length, 0);
    await until('CANCELED to the gateway', () =>
      rig.sent.some((m) => m.topic === 'orders' && m.message.status === 'CANCELED'),
    );
    // Disarmed: a further approval is refused locally, nothing leaves.
    rig.engine.onMessage(approved('dec-B', price));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(postsOf((await simState(sim)).orderLog, clientOrderIdFor('dec-B')).length, 0);
  } finally {
    messages.push(...rig.sent);
    await rig.stop();
    await sim.close();
  }
});

test('a restarted engine reads executions.jsonl back and never sends the same decision twice', async () => {
  const sim = await startSim();
  const first = await startEngine(sim);
  dataDirs.push(first.dataDir);
  const cid = clientOrderIdFor('dec-R');
  try {
    const price = Math.round((await bestBid(sim)) * 0.997 * 10) / 10;
    first.engine.onMessage(approved('dec-R', price));
    await until('order sent', async () => postsOf((await simState(sim)).orderLog, cid).length === 1);
    await first.stop();
    messages.push(...first.sent);
    const second = await startEngine(sim, { dataDir: first.dataDir });
    try {
      assert.equal(second.engine.tracker.get(cid)?.status, 'NEW', 'reconciled from the venue at start');
      second.engine.onMessage(approved('dec-R', price));
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(postsOf((await simState(sim)).orderLog, cid).length, 1, 'no second POST');
      assert.ok(second.sent.some((m) => m.message.reason === 'TL_EXEC_DUPLICATE_DECISION'));
    } finally {
      messages.push(...second.sent);
      await second.stop();
    }
  } finally {
    await sim.close();
  }
});

test('a timed-out order is UNKNOWN, reconciled from the venue, and never resent', async () => {
  const sim = await startSim();
  const rig = await startEngine(sim, { params: { requestTimeoutMs: 200 } });
  dataDirs.push(rig.dataDir);
  try {
    const price = Math.round((await bestBid(sim)) * 0.997 * 10) / 10;
    const cid = clientOrderIdFor('dec-T');
    await fault(sim, { kind: 'delay', ms: 600, count: 1 });
    rig.engine.onMessage(approved('dec-T', price));
    await until('UNKNOWN', () =>
      rig.sent.some((m) => m.topic === 'execution-reports' && m.message.status === 'UNKNOWN'),
    );
    await until('reconciled to NEW', () => rig.engine.tracker.get(cid)?.status === 'NEW' && rig.engine.reconciled);
    // Between UNKNOWN and the reconciled NEW, execution told risk it was not reconciled (orders held).
    const at = rig.sent.findIndex((m) => m.message.status === 'UNKNOWN');
    assert.ok(
      rig.sent.slice(at).some((m) => m.message.type === 'execution-status' && m.message.positionsReconciled === false),
    );
    const log = (await simState(sim)).orderLog;
    assert.equal(postsOf(log, cid).length, 1, 'executed once, never resent');
  } finally {
    messages.push(...rig.sent);
    await rig.stop();
    await sim.close();
  }
});

test('a 5xx after the venue executed: UNKNOWN → reconcile finds the order, no resend', async () => {
  const sim = await startSim();
  const rig = await startEngine(sim);
  dataDirs.push(rig.dataDir);
  try {
    const price = Math.round((await bestBid(sim)) * 0.997 * 10) / 10;
    const cid = clientOrderIdFor('dec-5');
    // The venue runs the next order, then loses its reply: 503 -1007 "execution status unknown".
    await fault(sim, { kind: 'http5xx', status: 503, executed: true, path: '/fapi/v1/order' });
    rig.engine.onMessage(approved('dec-5', price));
    await until(
      'reconciled to NEW after the 503',
      () => rig.engine.tracker.get(cid)?.status === 'NEW' && rig.engine.reconciled,
    );
    const posts = postsOf((await simState(sim)).orderLog, cid);
    assert.deepEqual(
      posts.map((p) => p.status),
      [503],
      'sent once, its reply lost, never resent',
    );
    const journal = readFileSync(join(rig.dataDir, 'logs', 'executions.jsonl'), 'utf8');
    assert.match(journal, /"outcome":"unknown"/);
  } finally {
    messages.push(...rig.sent);
    await rig.stop();
    await sim.close();
  }
});

test('the dead-man switch is refreshed while armed and stops when disarmed; TTL cancels a resting order', async () => {
  const sim = await startSim();
  const rig = await startEngine(sim, { params: { deadManIntervalMs: 100, deadManCountdownMs: 5_000 } });
  dataDirs.push(rig.dataDir);
  const countdowns = async () =>
    (await simState(sim)).orderLog.filter((e) => e.path === '/fapi/v1/countdownCancelAll').length;
  try {
    await until('countdown refreshed 3 times', async () => (await countdowns()) >= 3);
    const st = await simState(sim);
    assert.ok(st.countdowns.some((c) => c.symbol === 'BTCUSDT'));
    assert.equal(st.orderLog.find((e) => e.path === '/fapi/v1/countdownCancelAll')?.params.countdownTime, '5000');

    const price = Math.round((await bestBid(sim)) * 0.997 * 10) / 10;
    const cid = clientOrderIdFor('dec-TTL');
    rig.engine.onMessage(approved('dec-TTL', price, { ttlMs: 300 }));
    await until('TTL cancel at the venue', async () =>
      (await simState(sim)).orderLog.some(
        (e) => e.method === 'DELETE' && e.path === '/fapi/v1/order' && e.params.origClientOrderId === cid,
      ),
    );

    rig.engine.onMessage({ type: 'kill-switch', engaged: true, symbol: '', reason: 'manual', ts: Date.now() });
    const n = await countdowns();
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await countdowns()) <= n + 1, 'no refresh after disarm');
  } finally {
    messages.push(...rig.sent);
    await rig.stop();
    await sim.close();
  }
});

test('a symbol added live is refused until its filters are loaded and it is reconciled, then trades and is covered by the dead-man switch', async () => {
  const sim = await startSim(['BTCUSDT', 'ETHUSDT']);
  const rig = await startEngine(sim, { params: { deadManIntervalMs: 100, deadManCountdownMs: 5_000 } });
  dataDirs.push(rig.dataDir);
  try {
    const price = Math.round((await bestBid(sim, 'ETHUSDT')) * 0.997 * 100) / 100;
    rig.engine.onMessage(approved('dec-ETH-early', price, { symbol: 'ETHUSDT', quantity: 0.05 }));
    const early = await until('the early ETH order refused', () =>
      rig.sent.find((m) => m.message.type === 'order-update' && m.message.decisionId === 'dec-ETH-early'),
    );
    assert.equal(early.message.status, 'REJECTED');
    assert.match(String(early.message.reason), /^TL_EXEC_BLOCKED: no exchangeInfo filters for ETHUSDT/);

    await rig.engine.symbolsChanged(['BTCUSDT', 'ETHUSDT']);
    await until('reconciled with ETHUSDT', () => rig.engine.reconciled && rig.engine.filters.has('ETHUSDT'));
    const cid = clientOrderIdFor('dec-ETH-live');
    rig.engine.onMessage(approved('dec-ETH-live', price, { symbol: 'ETHUSDT', quantity: 0.05 }));
    await until('the ETH order rests at the venue', async () =>
      (await simState(sim)).openOrders.some((o) => o.clientOrderId === cid),
    );
    await until('the dead-man switch covers ETHUSDT', async () =>
      (await simState(sim)).countdowns.some((c) => c.symbol === 'ETHUSDT'),
    );
    assert.equal(
      postsOf((await simState(sim)).orderLog, clientOrderIdFor('dec-ETH-early')).length,
      0,
      'the refused order never left',
    );

    // Removed while its order rests: the countdown stays armed for it until the order is gone.
    await rig.engine.symbolsChanged(['BTCUSDT']);
    const before = (await simState(sim)).orderLog.filter(
      (e) => e.path === '/fapi/v1/countdownCancelAll' && e.params.symbol === 'ETHUSDT',
    ).length;
    await until(
      'ETHUSDT countdown still refreshed',
      async () =>
        (await simState(sim)).orderLog.filter(
          (e) => e.path === '/fapi/v1/countdownCancelAll' && e.params.symbol === 'ETHUSDT',
        ).length > before,
    );
  } finally {
    messages.push(...rig.sent);
    await rig.stop();
    await sim.close();
  }
});
