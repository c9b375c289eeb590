/**
 * The replicated order journal on one nats-server: records read back in order, a record appended twice is stored
 * once (message id `kind:clientOrderId`), the fold a new leader makes of it, and a journal that cannot be reached
 * fails the append with TL_CLUSTER_JOURNAL_UNAVAILABLE (so the order is not sent).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { replayJournal } from '../../../src/runtime/nats/journal-replay.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import { natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('journal: dedup by message id, read back in order, unavailable is a coded error', {
  timeout: 30_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls, reconnectTimeWait: 100 });
  try {
    const journal = await OrderJournalStream.open(nc, { replicas: 1, appendDeadlineMs: 1_500 });
    const attempt = { ts: 1, kind: 'attempt' as const, clientOrderId: 'c1', symbol: 'BTCUSDT' };
    assert.equal((await journal.append(attempt)).duplicate, false);
    assert.equal((await journal.append(attempt)).duplicate, true, 'a second host re-appending learns it was attempted');
    await journal.append({ ts: 2, kind: 'attempt', clientOrderId: 'c2', symbol: 'ETHUSDT' });
    await journal.append({ ts: 3, kind: 'outcome', clientOrderId: 'c1', status: 'FILLED' });
    await journal.append({ ts: 4, kind: 'fill', symbol: 'BTCUSDT', positionAmt: 0.002 });
    const records = await journal.readAll();
    assert.deepEqual(
      records.map((r) => `${r.kind}:${r.clientOrderId ?? r.symbol}`),
      ['attempt:c1', 'attempt:c2', 'outcome:c1', 'fill:BTCUSDT'],
    );
    const state = replayJournal(records);
    assert.deepEqual(state.positions, { BTCUSDT: 0.002 });
    assert.deepEqual(state.openOrders, { ETHUSDT: 1 }, 'c1 is terminal, c2 still open');
    assert.deepEqual([...state.known.keys()].sort(), ['c1', 'c2']);

    await nats.servers[0]!.kill();
    await assert.rejects(journal.append({ ts: 5, kind: 'attempt', clientOrderId: 'c3' }), {
      code: 'TL_CLUSTER_JOURNAL_UNAVAILABLE',
      message: /nothing was sent/,
    });
  } finally {
    await nc.close();
    await nats.stop();
  }
});
