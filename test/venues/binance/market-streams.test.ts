/**
 * Market streams against the sim on loopback: connections chunked by the per-connection stream limit, a
 * symbol added by SUBSCRIBE on a connection with room, and the proactive overlapping rotation (lifetime made
 * short): connections rotate without a lost-connection event, and the pipeline behind them sees no depth gap,
 * no reset and no trade hole (duplicates from the overlap are dropped). Bounded; closes everything.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IngestPipeline } from '../../../src/actors/ingest/ingest-pipeline.js';
import { RequestScheduler } from '../../../src/actors/ingest/request-scheduler.js';
import { MarketStreams } from '../../../src/venues/binance/market-streams.js';
import { RestClient } from '../../../src/venues/binance/rest-client.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';

const quiet = { info() {}, warn() {} };

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('connections are chunked by the stream limit; a new symbol subscribes on one with room', async () => {
  const venue = await startSimVenue({ port: 0, seed: 3, symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] });
  const seen = new Set<string>();
  const streams = new MarketStreams({
    wsBase: venue.ws,
    streamsPerConnection: 4,
    onFrame: (text) => {
      const stream = (JSON.parse(text) as { stream?: string }).stream;
      if (stream !== undefined) seen.add(stream);
    },
    onLost: () => assert.fail('no connection should be lost'),
    log: quiet,
  });
  try {
    streams.addSymbol('BTCUSDT');
    streams.addSymbol('ETHUSDT');
    // public: 2 streams per symbol → both fit one connection; market: 4 per symbol → one connection each.
    assert.deepEqual([streams.connectionsOf('public'), streams.connectionsOf('market')], [1, 2]);
    await until('both connected', () => streams.status().connected === 3);
    streams.addSymbol('SOLUSDT');
    assert.deepEqual([streams.connectionsOf('public'), streams.connectionsOf('market')], [2, 3]);
    await until('every symbol streaming depth and trades', () =>
      ['btcusdt', 'ethusdt', 'solusdt'].every((s) => seen.has(`${s}@depth@100ms`) && seen.has(`${s}@aggTrade`)),
    );
    streams.removeSymbol('SOLUSDT');
    assert.deepEqual(
      [streams.connectionsOf('public'), streams.connectionsOf('market')],
      [1, 2],
      'emptied connections closed',
    );
  } finally {
    streams.close();
    await venue.close();
  }
});

test('proactive overlapping rotation: no lost connection, no gap, no reset, no trade hole', async () => {
  const venue = await startSimVenue({ port: 0, seed: 4, symbols: ['BTCUSDT'] });
  const rest = new RestClient({ baseUrl: venue.rest, onReply: (r) => onReply(r.url, r.body, r.recvTs) });
  const scheduler = new RequestScheduler(rest, 1000, quiet);
  scheduler.track('BTCUSDT');
  const tradeIds: number[] = [];
  let lost = 0;
  const pipeline = new IngestPipeline(
    {
      onInput: (i) => {
        if (i.kind === 'aggTrade') tradeIds.push(i.aggTradeId);
      },
      onRequest: (r) => scheduler.submit(r),
    },
    { symbols: ['BTCUSDT'], backfill: false },
  );
  function onReply(url: string, body: unknown, recvTs: number): void {
    scheduler.release(url.slice(venue.rest.length));
    pipeline.onRestReply(url, body, recvTs);
  }
  const streams = new MarketStreams({
    wsBase: venue.ws,
    onFrame: (text, recvTs) => pipeline.onWsFrame(text, recvTs),
    onLost: () => lost++,
    log: quiet,
    connection: { maxLifetimeMs: 400, overlapMs: 150 },
  });
  try {
    streams.addSymbol('BTCUSDT');
    await until('book synced', () => pipeline.health('BTCUSDT')?.book.synced === true);
    await until(
      'two rotations per connection',
      () => streams.status().rotations >= 4 && streams.status().connected === 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    const h = pipeline.health('BTCUSDT')!;
    assert.equal(lost, 0);
    assert.deepEqual([h.book.synced, h.book.gaps, h.book.resyncs], [true, 0, 0]);
    assert.equal(h.trades.lost, 0);
    for (let i = 1; i < tradeIds.length; i++) assert.equal(tradeIds[i], tradeIds[i - 1]! + 1);
    assert.ok(
      h.book.duplicateDiffs + h.duplicates + h.trades.duplicates > 0,
      'the overlap delivered duplicates, dropped',
    );
  } finally {
    streams.close();
    scheduler.close();
    await rest.close();
    await venue.close();
  }
});
