/**
 * Issue 18, item 3: the venue's countdownCancelAll protects a cut-off execution host, end to end. One
 * `tapeline run --nats` node with every role (so execution, armed as the risk leader) on one real nats-server and
 * one `tapeline sim`; a short dead-man countdown; a resting order of the node's account. The venue's cancel-all
 * endpoint is made to fail (503, not executed), so the node's own kill-switch cancel cannot remove the order.
 * The nats-server is SIGKILLed: the node logs the lost link with its code, stops refreshing the countdown, and the
 * sim's countdown cancels the order once it runs out — the only canceller left.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import {
  type ClusterProcess,
  KEYS,
  type Sim,
  startNode,
  startSim,
  stopAll,
} from '../../fixtures/cluster/cluster-processes.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

const WAIT_MS = 60_000;
const COUNTDOWN_MS = 4_000;

interface SimState {
  openOrders: Array<{ clientOrderId: string; symbol: string }>;
  countdowns: Array<{ symbol: string; countdownTime: number; deadline: number }>;
  orderLog: Array<{ receivedAt: number; method: string; path: string; status: number }>;
}

async function simState(sim: Sim): Promise<SimState> {
  return (await (await fetch(`${sim.rest}/_sim/state`)).json()) as SimState;
}

async function simPost(sim: Sim, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${sim.rest}${path}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

/** A resting BUY 1 % under the best bid, placed with the node's own keys (the account the countdown covers). */
async function placeResting(sim: Sim, clientOrderId: string): Promise<void> {
  const depth = (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as {
    bids: [string, string][];
  };
  const price = (Math.round(Number(depth.bids[0]![0]) * 0.99 * 10) / 10).toFixed(1);
  const q = new URLSearchParams({
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.002',
    price,
    newClientOrderId: clientOrderId,
    timestamp: String(Date.now()),
  });
  const payload = q.toString();
  const signature = createHmac('sha256', KEYS.BINANCE_API_SECRET).update(payload).digest('hex');
  const r = await fetch(`${sim.rest}/fapi/v1/order`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': KEYS.BINANCE_API_KEY, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `${payload}&signature=${signature}`,
  });
  assert.equal(r.status, 200, await r.text());
}

function logLines(node: ClusterProcess): string {
  try {
    return readFileSync(join(dirname(node.adminSocket), 'logs', 'tapeline.log'), 'utf8');
  } catch {
    return ''; // not written yet
  }
}

test('a node cut off from NATS stops refreshing countdownCancelAll and the venue cancels its orders', {
  timeout: 240_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const sim = await startSim(['BTCUSDT']);
  const nodes: ClusterProcess[] = [];
  try {
    const node = startNode({
      name: 'x',
      nats: nats.urls,
      venueRest: sim.rest,
      symbols: ['BTCUSDT'],
      extraEnv: { EXECUTION_ENABLED: 'true' },
    });
    nodes.push(node);
    await node.started;
    await until(
      'x holds the risk lease',
      async () => ((await node.status()).cluster?.riskLeader === 'x' ? true : undefined),
      WAIT_MS,
    );
    const set = await node.admin({
      cmd: 'config',
      set: { 'execution.deadManIntervalMs': 100, 'execution.deadManCountdownMs': COUNTDOWN_MS },
    });
    assert.equal(set.ok, true, JSON.stringify(set));
    // The leader arms once it has read the journal and reconciled (it refuses before).
    await until(
      'x armed',
      async () => {
        const r = await node.admin({ cmd: 'arm', reason: 'cut-off test' });
        return r.ok === true ? r : undefined;
      },
      WAIT_MS,
    );
    await until(
      'the countdown is refreshed at the venue',
      async () => {
        const c = (await simState(sim)).countdowns.find((d) => d.symbol === 'BTCUSDT');
        return c?.countdownTime === COUNTDOWN_MS ? c : undefined;
      },
      WAIT_MS,
    );
    await placeResting(sim, 'cutoff-1');
    assert.ok((await simState(sim)).openOrders.some((o) => o.clientOrderId === 'cutoff-1'));
    // The node's own cancel-all (its kill switch engages when risk's heartbeat goes stale) fails without
    // executing: what is left to cancel the order is the venue's countdown.
    await simPost(sim, '/_sim/fault', {
      kind: 'http5xx',
      status: 503,
      executed: false,
      path: '/fapi/v1/allOpenOrders',
      count: 1_000,
    });

    const refreshCount = async () =>
      (await simState(sim)).orderLog.filter((e) => e.path === '/fapi/v1/countdownCancelAll').length;
    await until('the countdown refreshed every 100 ms', async () => ((await refreshCount()) >= 4 ? true : undefined));
    const killedAt = Date.now();
    await nats.servers[0]!.kill('SIGKILL');

    const lost = await until(
      'x logs the lost NATS link with its code',
      async () =>
        logLines(node)
          .split('\n')
          .find((l) => l.includes('NATS connection lost') && l.includes('dead-man')),
      WAIT_MS,
    );
    assert.match(lost, /"code":"TL_NATS_UNREACHABLE"/);
    assert.match(lost, new RegExp(`"deadManCountdownMs":${COUNTDOWN_MS}`));
    const cancelled = await until(
      'the venue cancelled the resting order by its countdown',
      async () => {
        const s = await simState(sim);
        const open = s.openOrders.some((o) => o.clientOrderId === 'cutoff-1');
        const armedCountdown = s.countdowns.some((d) => d.symbol === 'BTCUSDT');
        return !open && !armedCountdown ? s : undefined;
      },
      WAIT_MS,
    );
    const cancelledMs = Date.now() - killedAt;
    const refreshes = cancelled.orderLog.filter((e) => e.path === '/fapi/v1/countdownCancelAll');
    const lastRefresh = Math.max(...refreshes.map((e) => e.receivedAt));
    // Plain-order cancels only (the conditional-order cancel-all goes through, there is nothing for it to cancel).
    const cancels = cancelled.orderLog.filter(
      (e) =>
        e.method === 'DELETE' &&
        e.status === 200 &&
        e.receivedAt >= killedAt &&
        ['/fapi/v1/allOpenOrders', '/fapi/v1/order', '/fapi/v1/batchOrders'].includes(e.path),
    );
    assert.deepEqual(cancels, [], 'no cancel of the node reached the venue: the countdown did it');
    assert.ok(node.child.exitCode === null, 'the node kept running, cut off');
    // Stopped by the lost link itself, not a second later by the kill switch (its heartbeat goes stale after 1 s,
    // ten refresh periods): at most one refresh in flight at the cut, one more if the thread stalled across it.
    const afterCut = refreshes.filter((e) => e.receivedAt > killedAt).length;
    assert.ok(afterCut <= 2, `${afterCut} countdown refreshes reached the venue after the cut`);
    t.diagnostic(
      `order cancelled by the venue's countdown ${cancelledMs} ms after the SIGKILL; last refresh ${lastRefresh - killedAt} ms after it, ${refreshes.length} refreshes in all`,
    );
  } finally {
    await stopAll(nodes, sim);
    await nats.stop();
  }
});
