/**
 * The execution journal on a cluster node (docs/cluster-durability.md): an attempt is held by the replicated
 * journal before it may leave; a second execution host (a successor) reads the stream at start and knows what
 * the first attempted, and is told when it attempts the same clientOrderId; with JetStream gone the write-ahead
 * fails with TL_CLUSTER_JOURNAL_UNAVAILABLE, so the sender rejects the order instead of sending it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { ExecutionJournal } from '../../../src/actors/execution/execution-journal.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import { natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('replicated execution journal: a successor host never resends what its predecessor attempted', {
  timeout: 30_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls });
  const dirs = [mkdtempSync(join(tmpdir(), 'tl-xj-a-')), mkdtempSync(join(tmpdir(), 'tl-xj-b-'))];
  const journals: ExecutionJournal[] = [];
  try {
    const stream = await OrderJournalStream.open(nc, { replicas: 1, appendDeadlineMs: 1_500 });
    const a = new ExecutionJournal(dirs[0]!, { audit: false });
    a.attachReplica(stream, []);
    journals.push(a);
    const attempt = { ts: 1, kind: 'attempt' as const, clientOrderId: 'tl-c1', symbol: 'BTCUSDT', decisionId: 'd1' };
    assert.equal((await a.writeAhead(attempt))?.duplicate, false);

    const b = new ExecutionJournal(dirs[1]!, { audit: false });
    b.attachReplica(stream, await stream.readAll());
    journals.push(b);
    assert.equal(b.attempted('tl-c1'), true, 'the successor knows, though its own disk is empty');
    assert.equal(b.attempted('tl-c2'), false);
    assert.equal((await b.writeAhead(attempt))?.duplicate, true, 'a second attempt is flagged, not stored');

    await nats.servers[0]!.kill();
    await assert.rejects(b.writeAhead({ ...attempt, clientOrderId: 'tl-c2' }) ?? Promise.resolve(), {
      code: 'TL_CLUSTER_JOURNAL_UNAVAILABLE',
    });
  } finally {
    for (const j of journals) j.close();
    await nc.close();
    await nats.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
