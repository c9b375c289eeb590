/**
 * Tape replay mode with the recorded sessions of /work/shared/data (skipped when absent): frames come out on
 * their recorded stream names, byte-exact, paced by `speed`; the depth snapshot comes from the replayed book
 * and lines up with the replayed diff stream; exchangeInfo lists the tape's symbols.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { Collector, get, recordedDataDir } from './sim-client.js';

test('an hftbacktest tape replays on /public with a depth snapshot that lines up', async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const venue = await startSimVenue({ tape: [join(dir, 'hftbacktest/usdm/btcusdt_20240808.gz')], speed: 20 });
  try {
    const info = (await get(venue, '/fapi/v1/exchangeInfo')).body as { symbols: Array<{ symbol: string }> };
    assert.deepEqual(
      info.symbols.map((s) => s.symbol),
      ['BTCUSDT'],
    );
    const c = new Collector(`${venue.ws}/public/stream?streams=btcusdt@depth@0ms/btcusdt@trade`);
    await c.opened;
    await c.until((m) => m.filter((x) => x.includes('depthUpdate')).length >= 5, 10_000);
    const snap = (await get(venue, '/fapi/v1/depth?symbol=BTCUSDT&limit=1000')).body as {
      lastUpdateId: number;
      bids: string[][];
    };
    assert.ok(snap.bids.length > 100);
    await c.until((m) => m.some((x) => x.includes('depthUpdate') && JSON.parse(x).data.u > snap.lastUpdateId), 10_000);
    const diffs = c
      .json()
      .filter((m) => (m.data as { e: string }).e === 'depthUpdate')
      .map((m) => m.data as { U: number; u: number; pu: number });
    for (let i = 1; i < diffs.length; i++) assert.equal(diffs[i]?.pu, diffs[i - 1]?.u, 'recorded chain is intact');
    const next = diffs.find((d) => d.u > snap.lastUpdateId);
    assert.equal(next?.pu, snap.lastUpdateId, 'the snapshot sits exactly between two replayed diffs');
    const trade = c.json().find((m) => m.stream === 'btcusdt@trade');
    assert.ok(trade, 'trades replay too');
    assert.ok(
      c.messages.some((m) => m.startsWith('{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":')),
      'byte-exact payloads',
    );
    await c.close();
  } finally {
    await venue.close();
  }
});

test('a cryptofeed tape replays aggTrade on /market', async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const venue = await startSimVenue({ tape: [join(dir, 'cryptofeed/BINANCE_FUTURES.ws.1.0')], speed: 10 });
  try {
    const c = new Collector(
      `${venue.ws}/market/ws/sushiusdt@aggTrade/ctkusdt@aggTrade/keepusdt@aggTrade/akrousdt@aggTrade`,
    );
    await c.opened;
    await c.until((m) => m.length >= 2, 10_000);
    assert.equal(c.json()[0]?.e, 'aggTrade');
    await c.close();
  } finally {
    await venue.close();
  }
});
