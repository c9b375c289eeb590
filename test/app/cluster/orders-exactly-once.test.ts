/**
 * Issue 18, item 3: orders flow risk leader → R3 approval stream → execution relay → the simulated venue while one
 * NATS server of three is SIGKILLed. The sim's order log must show every approved order exactly once: none lost,
 * none sent twice (the approval's message id = decisionId, the journal's = clientOrderId).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import {
  ApprovalPublisher,
  type ClusterApproval,
  ensureApprovalStream,
} from '../../../src/runtime/nats/approval-stream.js';
import { ClusterOrderRelay } from '../../../src/runtime/nats/cluster-order-relay.js';
import { LeaderFence } from '../../../src/runtime/nats/leader-fence.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import { SignedRest } from '../../../src/venues/binance/signed-rest.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

const ORDERS = 40;

/** An approved order as risk puts it on the stream: the ring's message plus the leader's term. */
function approval(i: number, price: number): ClusterApproval {
  return {
    type: 'approved-order',
    decisionId: `d-${i}`,
    symbol: 'BTCUSDT',
    side: 'BUY',
    price,
    quantity: 0.002,
    timeInForce: 'GTC',
    ttlMs: 0,
    ts: 0,
    term: 1,
  };
}

interface LogEntry {
  method: string;
  path: string;
  params: Record<string, string>;
  status: number;
}

test('SIGKILL one NATS server of three while orders flow: no order lost or sent twice', {
  timeout: 90_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ count: 3, jetstream: true });
  const sim = await startSimVenue({ symbols: ['BTCUSDT'] });
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    timeoutMs: 10_000,
    recvWindowMs: 5_000,
  });
  const leaderNc = await connect({ servers: nats.urls, maxReconnectAttempts: -1 });
  const execNc = await connect({ servers: nats.urls, maxReconnectAttempts: -1 });
  let relay: ClusterOrderRelay | undefined;
  try {
    await retryUntil('approval stream (R3)', async () => {
      await ensureApprovalStream(leaderNc, 3);
      return true;
    });
    const journal = await retryUntil('journal stream (R3)', async () => await OrderJournalStream.open(execNc));
    const ticker = (await (await fetch(`${sim.rest}/fapi/v1/ticker/price?symbol=BTCUSDT`)).json()) as { price: string };
    const price = Math.floor(Number(ticker.price) * 0.9);
    await rest.syncClock();
    relay = new ClusterOrderRelay({
      nc: execNc,
      journal,
      fence: new LeaderFence(),
      clientOrderId: (a) => `tl-c-${a.decisionId.slice(2)}`,
      async place(a, clientOrderId) {
        const r = (await rest.signed('POST', '/fapi/v1/order', {
          symbol: a.symbol,
          side: a.side,
          type: 'LIMIT',
          timeInForce: 'GTC',
          price: a.price,
          quantity: a.quantity,
          newClientOrderId: clientOrderId,
          newOrderRespType: 'ACK',
        })) as { orderId: number; status?: string };
        return { status: r.status ?? 'NEW', orderId: r.orderId };
      },
    });
    await relay.start();
    const publisher = new ApprovalPublisher(leaderNc, 60_000);
    for (let i = 0; i < ORDERS; i++) {
      if (i === 12) {
        // Mid-flow, once orders are reaching the venue: the stream, consumer or meta leader may be on it.
        await retryUntil('first orders sent', async () => ((relay?.counters.sent ?? 0) >= 3 ? true : undefined));
        await nats.servers[0]!.kill();
      } // mid-flow: stream, consumer or meta leader may be on it
      await publisher.publish(approval(i, price));
    }
    // Publishing twice (a leader retrying after a lost ack) changes nothing.
    await publisher.publish(approval(3, price));
    const orders = await retryUntil(
      `${ORDERS} orders at the sim`,
      async () => {
        const state = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as { orderLog: LogEntry[] };
        const placed = state.orderLog.filter((e) => e.method === 'POST' && e.path === '/fapi/v1/order');
        return placed.length >= ORDERS ? placed : undefined;
      },
      60_000,
    );
    const ids = orders.map((o) => o.params.newClientOrderId);
    assert.equal(new Set(ids).size, ids.length, `no clientOrderId sent twice: ${ids.join(',')}`);
    assert.deepEqual(
      [...ids].sort(),
      Array.from({ length: ORDERS }, (_, i) => `tl-c-${i}`).sort(),
      'every approved order reached the venue',
    );
    for (const o of orders) assert.equal(o.status, 200, `accepted: ${JSON.stringify(o)}`);
    // The journal holds one attempt and one outcome per order, readable after the failover.
    const records = await retryUntil('journal read back', async () => await journal.readAll());
    assert.equal(records.filter((r) => r.kind === 'attempt').length, ORDERS);
    assert.equal(relay.counters.sent, ORDERS);
  } finally {
    await relay?.stop();
    await leaderNc.close();
    await execNc.close();
    await rest.close();
    await sim.close();
    await nats.stop();
  }
});
