/**
 * Issue 18, item 7: ingest nodes on one IP share one REST weight budget through a KV counter (compare-and-set).
 * Two budgets racing admit exactly the budget; two REST clients wired to it send exactly the budget to a
 * loopback venue and hold the rest for the next minute; with NATS gone a request fails with
 * TL_CLUSTER_REST_BUDGET_UNAVAILABLE while a cancel still goes out.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { KvRestBudget } from '../../../src/runtime/nats/rest-budget.js';
import { RestClient } from '../../../src/venues/binance/rest-client.js';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

const T0 = 1_800_000_000_000; // a fixed minute, so the test never straddles a minute boundary

test('two nodes on one IP share one budget; clients hold what is over it; NATS gone is a coded error', {
  timeout: 60_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const hits: string[] = [];
  const http = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const ncA = await connect({ servers: nats.urls });
  const ncB = await connect({ servers: nats.urls });
  const clients: RestClient[] = [];
  try {
    const opts = { ip: '203.0.113.7', budgetPerMinute: 100, now: () => T0, timeoutMs: 1_000 };
    const a = await KvRestBudget.open(ncA, opts);
    const b = await KvRestBudget.open(ncB, opts);
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).reserve(10)));
    assert.equal(waits.filter((w) => w === 0).length, 10, `exactly 100/10 admitted: ${waits.join(',')}`);
    assert.ok(waits.every((w) => typeof w === 'number' && w >= 0));
    t.diagnostic(`compare-and-set races lost: ${a.races + b.races}`);
    const other = await KvRestBudget.open(ncA, { ...opts, ip: '198.51.100.1' });
    assert.equal(await other.reserve(10), 0, 'another IP has its own budget');

    // Wired into the REST client: the IP's budget (here 30 of weight 10) spans both nodes' clients.
    const shared = { ...opts, ip: '192.0.2.9', budgetPerMinute: 30 };
    const sa = await KvRestBudget.open(ncA, shared);
    const sb = await KvRestBudget.open(ncB, shared);
    clients.push(
      new RestClient({ baseUrl: base, sharedBudget: sa }),
      new RestClient({ baseUrl: base, sharedBudget: sb }),
    );
    const pending = Array.from({ length: 6 }, (_, i) => clients[i % 2]!.get(`/fapi/v1/depth?i=${i}`, 10));
    for (const p of pending) p.catch(() => {}); // the held ones reject at close
    await retryUntil('three requests through', async () => (hits.length >= 3 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300)); // a fourth would have arrived by now (loopback)
    assert.equal(hits.length, 3, `only the budget's worth reached the venue: ${hits.join(' ')}`);

    // NATS gone: a market-data request fails with its code; a cancel still goes out.
    await nats.servers[0]!.kill();
    const lone = new RestClient({ baseUrl: base, sharedBudget: sa });
    clients.push(lone);
    await assert.rejects(lone.get('/fapi/v1/depth?x=1', 1), { code: 'TL_CLUSTER_REST_BUDGET_UNAVAILABLE' });
    const before = hits.length;
    await lone.request({ method: 'DELETE', path: '/fapi/v1/allOpenOrders', weight: 1 });
    assert.equal(hits.length, before + 1);
  } finally {
    for (const c of clients) await c.close();
    await ncA.close();
    await ncB.close();
    await nats.stop();
    http.close();
  }
});
