/**
 * The ingest actor end to end against the real simulated venue on loopback (port 0): books synced from REST
 * snapshots, backfill then `backfillDone`, per-symbol envelope seq; an injected `pu` gap resyncs that symbol
 * only; a disconnect resyncs and loses no trade; a symbol added and removed live; and the recorded tape,
 * replayed through a fresh pipeline, yields exactly the inputs the live run delivered. Bounded, closes all.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createActor } from '../../../src/actors/ingest/ingest-actor.js';
import { IngestPipeline } from '../../../src/actors/ingest/ingest-pipeline.js';
import type { FeedHealth } from '../../../src/actors/ingest/symbol-feed.js';
import type { Actor, ActorContext } from '../../../src/runtime/actor.js';
import type { MarketEnvelope } from '../../../src/schema/internal-messages.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import { testConfig } from '../../fixtures/runtime-config.js';

let venue: SimVenueHandle;
let actor: Actor;
const sent: MarketEnvelope[] = [];
const destinations = new Set<string>();
let dataDir: string;
const logs: string[] = [];

const log = {
  info: () => {},
  debug: () => {},
  warn: (_o: object, msg: string) => logs.push(msg),
  error: (_o: object, msg: string) => logs.push(msg),
};

before(async () => {
  venue = await startSimVenue({ port: 0, seed: 11, symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] });
  dataDir = mkdtempSync(join(tmpdir(), 'tl-ingest-'));
  const config = testConfig({ symbols: ['BTCUSDT', 'ETHUSDT'], record: true, dataDir });
  (config as unknown as { ingest: object }).ingest = {
    openInterestPollMs: 500,
    klineBackfillLimit: 60,
    openInterestHistLimit: 12,
    reconnectInitialMs: 50,
  };
  const ctx = {
    name: 'ingest',
    kind: 'ingest',
    config,
    symbol: undefined,
    restarts: 0,
    log,
    venue: { kind: 'sim', rest: venue.rest, ws: venue.ws },
    send() {},
    sendTo(to: string, topic: string, message: unknown) {
      assert.equal(topic, 'market');
      destinations.add(to);
      sent.push(message as MarketEnvelope);
    },
    outputs: () => [],
    supervisor: undefined,
    notifySupervisor() {},
  } as unknown as ActorContext;
  actor = createActor();
  await actor.start(ctx, undefined);
});

after(async () => {
  await actor?.stop();
  await venue?.close();
});

function health(symbol: string): FeedHealth | undefined {
  return (actor.status!().symbols as Record<string, FeedHealth>)[symbol];
}

async function until(what: string, check: () => boolean, ms = 8_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end)
      assert.fail(`timed out waiting for ${what}; status ${JSON.stringify(actor.status!()).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function fault(body: object): Promise<void> {
  const r = await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

const inputsOf = (symbol: string) => sent.filter((e) => e.symbol === symbol).map((e) => e.event as SymbolInput);

function assertTradesContiguous(symbol: string): void {
  const ids = inputsOf(symbol).flatMap((e) => (e.kind === 'aggTrade' ? [e.aggTradeId] : []));
  for (let i = 1; i < ids.length; i++)
    assert.equal(ids[i], ids[i - 1]! + 1, `${symbol} aggTrade ${ids[i]} after ${ids[i - 1]}`);
}

test('start: books synced, backfill delivered, snapshot before the first diff, seq +1 per envelope', async () => {
  await until('books synced and backfilled', () =>
    ['BTCUSDT', 'ETHUSDT'].every((s) => health(s)?.book.synced === true && health(s)?.backfillDone === true),
  );
  await until('some trades and an open-interest poll', () =>
    ['BTCUSDT', 'ETHUSDT'].every(
      (s) => inputsOf(s).some((e) => e.kind === 'aggTrade') && inputsOf(s).some((e) => e.kind === 'openInterest'),
    ),
  );
  assert.deepEqual([...destinations].sort(), ['symbol/BTCUSDT', 'symbol/ETHUSDT']);
  for (const s of ['BTCUSDT', 'ETHUSDT']) {
    const envs = sent.filter((e) => e.symbol === s);
    assert.deepEqual(
      envs.map((e) => e.seq),
      envs.map((_, i) => i + 1),
    );
    const kinds = inputsOf(s).map((e) => e.kind);
    const firstDiff = kinds.indexOf('depthUpdate');
    assert.ok(kinds.indexOf('depthSnapshot') >= 0 && kinds.indexOf('depthSnapshot') < firstDiff);
    assert.ok(kinds.indexOf('backfillDone') > kinds.lastIndexOf('openInterestHist'));
    assert.ok(kinds.filter((k) => k === 'kline').length >= 1);
    assert.ok(kinds.includes('bookTicker'));
  }
  const status = actor.status!() as {
    connections: number;
    connected: number;
    clock: { synced: boolean };
    rest: { usedWeight: number };
  };
  assert.deepEqual([status.connections, status.connected], [2, 2], 'one /public and one /market connection');
  assert.ok(status.rest.usedWeight > 0);
  await until('clock synced', () => (actor.status!() as { clock: { synced: boolean } }).clock.synced);
});

test('an injected pu gap resets and resyncs that symbol only', async () => {
  const eth = health('ETHUSDT')!.book;
  await fault({ kind: 'gap', symbol: 'BTCUSDT' });
  await until('BTCUSDT gap and resync', () => health('BTCUSDT')!.book.gaps === 1 && health('BTCUSDT')!.book.synced);
  assert.equal(health('BTCUSDT')!.book.snapshots, 2);
  assert.ok(inputsOf('BTCUSDT').some((e) => e.kind === 'bookReset'));
  assert.equal(
    inputsOf('ETHUSDT').some((e) => e.kind === 'bookReset'),
    false,
  );
  assert.deepEqual([health('ETHUSDT')!.book.gaps, health('ETHUSDT')!.book.resyncs], [eth.gaps, eth.resyncs]);
});

test('a disconnect: reconnect, every book resynced, no trade lost', async (t) => {
  const before = { btc: health('BTCUSDT')!.book.resyncs, eth: health('ETHUSDT')!.book.resyncs };
  await fault({ kind: 'disconnect' });
  await until('reconnected and resynced', () => {
    const s = actor.status!() as { reconnects: number; connected: number };
    return s.reconnects >= 2 && s.connected === 2 && ['BTCUSDT', 'ETHUSDT'].every((x) => health(x)!.book.synced);
  });
  assert.equal(health('BTCUSDT')!.book.resyncs, before.btc + 1);
  assert.equal(health('ETHUSDT')!.book.resyncs, before.eth + 1);
  const tradesBefore = inputsOf('BTCUSDT').filter((e) => e.kind === 'aggTrade').length;
  await until(
    'trades after the reconnect',
    () => inputsOf('BTCUSDT').filter((e) => e.kind === 'aggTrade').length > tradesBefore + 3,
  );
  assertTradesContiguous('BTCUSDT');
  assertTradesContiguous('ETHUSDT');
  assert.equal(health('BTCUSDT')!.trades.lost, 0);
  const tr = health('BTCUSDT')!.trades;
  t.diagnostic(`BTCUSDT aggTrade gaps ${tr.gaps}, recovered over REST ${tr.recovered}, duplicates ${tr.duplicates}`);
});

test('a 429 with Retry-After during a resync: nothing sent until it passes, then the book syncs', async () => {
  const rest = () => (actor.status!() as { rest: { failures: number; blockedForMs: number } }).rest;
  const failures = rest().failures;
  const gaps = health('ETHUSDT')!.book.gaps;
  await fault({ kind: 'http429', count: 1, retryAfter: 1 });
  await fault({ kind: 'gap', symbol: 'ETHUSDT' });
  await until('the 429', () => rest().failures > failures);
  assert.ok(rest().blockedForMs > 0, 'blocked by Retry-After');
  await until(
    'ETHUSDT resynced after the Retry-After',
    () => health('ETHUSDT')!.book.gaps === gaps + 1 && health('ETHUSDT')!.book.synced,
  );
  assert.ok(logs.includes('venue request failed; retrying'));
});

test('bad commands are refused with a code', () => {
  assert.throws(() => actor.command!('addSymbol', {}), { code: 'TL_INGEST_BAD_COMMAND' });
  assert.throws(() => actor.command!('dance', { symbol: 'BTCUSDT' }), { code: 'TL_INGEST_BAD_COMMAND' });
});

test('symbols added and removed live; the others do not notice', async () => {
  const ethResyncs = health('ETHUSDT')!.book.resyncs;
  actor.command!('addSymbol', { symbol: 'SOLUSDT' });
  await until(
    'SOLUSDT synced',
    () => health('SOLUSDT')?.book.synced === true && health('SOLUSDT')?.backfillDone === true,
  );
  assert.equal((actor.status!() as { connections: number }).connections, 2, 'subscribed on the existing connections');
  actor.command!('removeSymbol', { symbol: 'SOLUSDT' });
  assert.equal(health('SOLUSDT'), undefined);
  await new Promise((r) => setTimeout(r, 300));
  const count = inputsOf('SOLUSDT').length;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(inputsOf('SOLUSDT').length, count, 'nothing routed after removal');
  assert.equal(health('ETHUSDT')!.book.resyncs, ethResyncs);
});

test('the tape replays through a fresh pipeline to exactly the live inputs', async () => {
  await actor.stop();
  const files = readdirSync(join(dataDir, 'tapes'));
  assert.equal(files.length, 1);
  const replayed: SymbolInput[] = [];
  const pipeline = new IngestPipeline(
    { onInput: (i) => replayed.push(i), onRequest: () => {} },
    { backfill: { klineInterval: '1m', klineLimit: 60, openInterestPeriod: '5m', openInterestLimit: 12 } },
  );
  for await (const f of readTape(join(dataDir, 'tapes', files[0]!))) {
    if (f.kind === 'ws') pipeline.onWsFrame(f.raw, f.recvTsMs);
    else pipeline.onRestReply(f.url!, f.data, f.recvTsMs);
  }
  // Symbol adds/removes and the reconnect resets are control frames in the tape: the sequences are identical.
  const live = sent.map((e) => e.event as SymbolInput);
  assert.ok(live.length > 100);
  assert.deepEqual(replayed, live);
});
