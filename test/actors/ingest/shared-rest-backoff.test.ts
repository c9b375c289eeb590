/**
 * Issue 18, item 7: a 429/418 is shared by every node of one IP (runtime/nats/rest-backoff.ts). Two ingest
 * request schedulers, each with its own REST client and NATS connection to one real nats-server, call one
 * simulated venue as the same IP: node a gets a 429 with Retry-After, and the sim's request log shows that
 * nobody — b included — sent anything until it passed; b logs the coded pause naming a. The backoff record only
 * ever lengthens (a later 418 ban is not shortened by a 429 recorded after it); a 418 holds until its "banned
 * until"; with NATS gone a 429 still holds the node that got it and is counted as unshared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { RequestScheduler } from '../../../src/actors/ingest/request-scheduler.js';
import { KvRestBudget } from '../../../src/runtime/nats/rest-budget.js';
import { RestClient } from '../../../src/venues/binance/rest-client.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import type { RequestLogEntry } from '../../../src/venues/sim/server/request-log.js';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

const RETRY_AFTER_S = 3;

class Lines {
  readonly lines: Array<Record<string, unknown> & { msg: string }> = [];
  info(obj: object, msg: string): void {
    this.lines.push({ ...obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.lines.push({ ...obj, msg });
  }
}

test('a 429 on node a holds node b of the same IP until Retry-After passed (sim request log)', {
  timeout: 120_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const venue = await startSimVenue({ seed: 18, symbols: ['BTCUSDT'] });
  const ncA = await connect({ servers: nats.urls });
  const ncB = await connect({ servers: nats.urls });
  const clients: RestClient[] = [];
  const schedulers: RequestScheduler[] = [];
  try {
    const ip = '198.51.100.20';
    const budgetA = await KvRestBudget.open(ncA, { ip, node: 'a', budgetPerMinute: 2_400 });
    const budgetB = await KvRestBudget.open(ncB, { ip, node: 'b', budgetPerMinute: 2_400 });
    const logA = new Lines();
    const logB = new Lines();
    const node = (budget: KvRestBudget, log: Lines) => {
      const rest = new RestClient({ baseUrl: venue.rest, sharedBudget: budget });
      // The ingest actor calls release(path) from onReply; without a pipeline the settled request frees itself.
      const scheduler = new RequestScheduler(rest, 5, log);
      scheduler.track('BTCUSDT');
      clients.push(rest);
      schedulers.push(scheduler);
      return { rest, scheduler };
    };
    const a = node(budgetA, logA);
    const b = node(budgetB, logB);

    const fault = await fetch(`${venue.rest}/_sim/fault`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'http429', count: 1, retryAfter: RETRY_AFTER_S }),
    });
    assert.equal(fault.status, 200);
    a.scheduler.submit({ kind: 'openInterest', symbol: 'BTCUSDT' });
    // The scheduler hears of the failure only once the backoff is in KV (rest-client.ts shares it before throwing).
    await retryUntil('a got the 429', async () => (a.scheduler.failed === 1 ? true : undefined), 60_000);
    assert.equal((await budgetB.backoff.current())?.node, 'a', 'the backoff is recorded for the IP, naming a');

    b.scheduler.submit({ kind: 'depthSnapshot', symbol: 'BTCUSDT' });
    b.scheduler.submit({ kind: 'klines', symbol: 'BTCUSDT', interval: '1m', limit: 10 });
    b.scheduler.submit({ kind: 'openInterestHist', symbol: 'BTCUSDT', period: '5m', limit: 10 });
    await retryUntil(
      'every request of a and b answered after the Retry-After',
      async () => (a.scheduler.pending() === 0 && b.scheduler.pending() === 0 ? true : undefined),
      60_000,
    );

    const log = (await (await fetch(`${venue.rest}/_sim/requests`)).json()) as { requests: RequestLogEntry[] };
    const limited = log.requests.filter((r) => r.status === 429);
    assert.equal(limited.length, 1, `one 429, nobody sent into it: ${JSON.stringify(log.requests)}`);
    const t429 = limited[0]!.receivedAt;
    const after = log.requests.filter((r) => r.receivedAt > t429);
    const early = after.filter((r) => r.receivedAt < t429 + RETRY_AFTER_S * 1000);
    assert.deepEqual(early, [], `no request reached the venue within ${RETRY_AFTER_S} s of the 429`);
    assert.equal(after.filter((r) => r.status === 200).length, 4, 'a retried once and b sent its three after it');
    t.diagnostic(`first request after the 429: +${Math.min(...after.map((r) => r.receivedAt)) - t429} ms`);

    // b says why it waits: the limiter's code and the node that was told, once per backoff.
    const bLines = JSON.stringify(logB.lines);
    assert.match(bLines, /TL_VENUE_RATE_LIMITED/);
    assert.match(bLines, /node a of this IP|"byNode":"a"/);
    assert.ok(b.scheduler.held + b.scheduler.failed >= 3, 'b held all three requests');
    assert.ok(b.rest.requests === 3, `b sent each request once, after the backoff: ${b.rest.requests}`);

    // Monotonic: a 418 ban recorded first is not shortened by a shorter 429 after it, from either node.
    const banUntil = Date.now() + 600_000;
    await budgetA.backOff(418, banUntil);
    const kept = await budgetB.backOff(429, Date.now() + 5_000);
    assert.equal(kept.until, banUntil);
    assert.equal(kept.status, 418);
    const raced = await Promise.all([budgetA.backOff(418, banUntil + 1_000), budgetB.backOff(418, banUntil + 2_000)]);
    assert.equal(
      (await budgetA.backoff.current())?.until,
      banUntil + 2_000,
      `the later ban wins: ${JSON.stringify(raced)}`,
    );

    // A 418's "banned until" later than its Retry-After holds until then (the sim's fault body: arrival + 30 s).
    const lone = await KvRestBudget.open(ncA, { ip: '198.51.100.21', node: 'a', budgetPerMinute: 2_400 });
    const banned = new RestClient({ baseUrl: venue.rest, sharedBudget: lone });
    clients.push(banned);
    const ban = { kind: 'http418', retryAfter: 30 };
    await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(ban) });
    await assert.rejects(banned.get('/fapi/v1/time', 1), { code: 'TL_VENUE_BANNED' });
    assert.ok(banned.limiter.blockedForMs() > 25_000, `held for the ban: ${banned.limiter.blockedForMs()} ms`);
    assert.equal((await lone.backoff.current())?.status, 418);

    // NATS gone: a 429 still holds the node that got it and is counted as unshared; the cancel that met it went out.
    await nats.servers[0]!.kill();
    const cut = new RestClient({ baseUrl: venue.rest, sharedBudget: budgetB });
    clients.push(cut);
    const limit = { kind: 'http429', retryAfter: 30 };
    await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(limit) });
    await assert.rejects(cut.request({ method: 'DELETE', path: '/fapi/v1/allOpenOrders' }), {
      code: 'TL_VENUE_RATE_LIMITED',
    });
    assert.equal(cut.backoffsUnshared, 1);
    assert.ok(cut.limiter.blockedForMs() > 20_000, 'held for its own Retry-After (after the NATS timeout)');
  } finally {
    for (const s of schedulers) s.close();
    for (const c of clients) await c.close();
    await ncA.close();
    await ncB.close();
    await venue.close();
    await nats.stop();
  }
});
