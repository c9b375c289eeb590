/**
 * aggTrade continuity against the sim's REST: trades deliberately dropped from a live `/market` stream are
 * asked for with `aggTrades?fromId=` by the pipeline, fetched by the scheduler over the REST client, and
 * delivered in id order before the held ones. Loopback, port 0, bounded, closes the socket, pool and venue.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'undici';
import { IngestPipeline } from '../../../src/actors/ingest/ingest-pipeline.js';
import { RequestScheduler } from '../../../src/actors/ingest/request-scheduler.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { RestClient } from '../../../src/venues/binance/rest-client.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';

test('dropped aggTrades are fetched over REST and delivered in id order', async () => {
  const venue = await startSimVenue({ port: 0, seed: 5, symbols: ['BTCUSDT'] });
  const delivered: number[] = [];
  const quiet = { info() {}, warn() {} };
  let rest: RestClient | undefined;
  let ws: WebSocket | undefined;
  try {
    let scheduler: RequestScheduler;
    const pipeline = new IngestPipeline(
      {
        onInput: (i: SymbolInput) => {
          if (i.kind === 'aggTrade') delivered.push(i.aggTradeId);
        },
        onRequest: (r) => scheduler.submit(r),
      },
      { symbols: ['BTCUSDT'], backfill: false },
    );
    rest = new RestClient({
      baseUrl: venue.rest,
      onReply: (r) => {
        scheduler.release(r.url.slice(venue.rest.length));
        pipeline.onRestReply(r.url, r.body, r.recvTs);
      },
    });
    scheduler = new RequestScheduler(rest, 1000, quiet);
    scheduler.track('BTCUSDT');
    let seen = 0;
    let dropped = 0;
    ws = new WebSocket(`${venue.ws}/market/stream?streams=btcusdt@aggTrade`);
    ws.addEventListener('message', (ev) => {
      seen++;
      // Frames 3..5 never reach the pipeline: a hole the REST fill must close.
      if (seen >= 3 && seen <= 5) dropped++;
      else pipeline.onWsFrame(String(ev.data), Date.now());
    });
    const end = Date.now() + 15_000;
    while (delivered.length < 10 || pipeline.health('BTCUSDT')!.trades.recovering) {
      if (Date.now() > end) assert.fail(`timed out: ${seen} frames, delivered ${delivered.join(',')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(dropped, 3);
    for (let i = 1; i < delivered.length; i++) assert.equal(delivered[i], delivered[i - 1]! + 1);
    const h = pipeline.health('BTCUSDT')!.trades;
    assert.equal(h.gaps, 1);
    assert.ok(h.recovered >= 3, `recovered ${h.recovered}`);
    assert.equal(h.lost, 0);
    scheduler.close();
  } finally {
    ws?.close();
    await rest?.close();
    await venue.close();
  }
});
