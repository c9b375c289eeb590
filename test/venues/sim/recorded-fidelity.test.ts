/**
 * Fidelity against real recorded venue frames (/work/shared/data or $TAPELINE_RECORDED_DATA; skipped with a
 * message when absent): every field the venue sent is present in ours with the same JSON type, field order
 * matches for depthUpdate, trade and bookTicker, BTCUSDT prices/quantities use the venue's decimals, and the
 * REST snapshot and exchangeInfo carry the recorded keys and filter types.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import { exchangeInfoJson } from '../../../src/venues/sim/server/exchange-info.js';
import { RecordingSink } from './recording-sink.js';
import { recordedDataDir } from './sim-client.js';

type Json = Record<string, unknown>;

/** First recorded payload per event type (`e`), from hftbacktest and cryptofeed lines. */
function recordedByType(dir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  const take = (json: string): void => {
    const msg = JSON.parse(json) as Json;
    const data = (msg.data ?? msg) as Json;
    const e = data.e as string | undefined;
    if (e && !out.has(e)) out.set(e, data);
  };
  const hft = gunzipSync(readFileSync(join(dir, 'hftbacktest/usdm/btcusdt_20230404.dat.gz')))
    .toString('utf8')
    .split('\n', 30_000);
  for (const line of hft) if (line.includes(' {')) take(line.slice(line.indexOf(' ') + 1));
  for (const line of readFileSync(join(dir, 'cryptofeed/BINANCE_FUTURES.ws.1.0'), 'utf8').split('\n')) {
    const i = line.indexOf(': {');
    if (i > 0) take(line.slice(i + 2));
  }
  return out;
}

function ours(): Map<string, Json> {
  const sink = new RecordingSink();
  const m = new SymbolMarket(symbolSpec('BTCUSDT'), 2, 1_680_652_700_000, sink);
  sink.add(m);
  const out = new Map<string, Json>();
  for (let i = 0; i < 30_000 && out.size < 7; i++) {
    m.step();
    for (const f of sink.frames) {
      const j = JSON.parse(f.json) as Json;
      if (!out.has(j.e as string)) out.set(j.e as string, j);
    }
    sink.frames.length = 0;
  }
  return out;
}

function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

test('stream payloads carry every recorded field with the recorded JSON types and order', (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const real = recordedByType(dir);
  const mine = ours();
  for (const e of ['depthUpdate', 'trade', 'bookTicker', 'markPriceUpdate', 'aggTrade', 'kline']) {
    const r = real.get(e);
    const o = mine.get(e);
    assert.ok(r, `recorded ${e} found`);
    assert.ok(o, `sim produced ${e}`);
    for (const [k, v] of Object.entries(r)) {
      assert.ok(k in o, `${e}.${k} present`);
      assert.equal(jsonType(o[k]), jsonType(v), `${e}.${k} type`);
    }
    if (e === 'kline') {
      for (const [k, v] of Object.entries(r.k as Json)) {
        assert.ok(k in (o.k as Json), `kline.k.${k} present`);
        assert.equal(jsonType((o.k as Json)[k]), jsonType(v), `kline.k.${k} type`);
      }
    }
    if (e === 'depthUpdate' || e === 'trade' || e === 'bookTicker') {
      assert.deepEqual(
        Object.keys(o).filter((k) => k in r),
        Object.keys(r),
        `${e} field order`,
      );
    }
  }
  // BTCUSDT decimals as the venue prints them.
  const trade = mine.get('trade') as Json;
  const realTrade = real.get('trade') as Json;
  assert.equal((trade.p as string).split('.')[1]?.length, (realTrade.p as string).split('.')[1]?.length);
  assert.equal((trade.q as string).split('.')[1]?.length, (realTrade.q as string).split('.')[1]?.length);
});

test('exchangeInfo has the recorded top-level keys, symbol keys and filter types', (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const line = readFileSync(join(dir, 'cryptofeed/BINANCE_FUTURES.0'), 'utf8').split('\n')[0] as string;
  const real = JSON.parse(line.slice(line.indexOf('{'))) as Json;
  const m = new SymbolMarket(symbolSpec('BTCUSDT'), 1, 1_700_000_000_000, new RecordingSink());
  const mine = JSON.parse(exchangeInfoJson([m], 1)) as Json;
  for (const k of Object.keys(real)) assert.ok(k in mine, `exchangeInfo.${k}`);
  const rs = (real.symbols as Json[]).find((s) => s.symbol === 'BTCUSDT') as Json;
  const ms = (mine.symbols as Json[])[0] as Json;
  for (const [k, v] of Object.entries(rs)) {
    assert.ok(k in ms, `symbol.${k}`);
    assert.equal(jsonType(ms[k]), jsonType(v), `symbol.${k} type`);
  }
  const types = (s: Json): string[] => (s.filters as Json[]).map((f) => f.filterType as string).sort();
  assert.deepEqual(types(ms), types(rs));
});

test('the REST depth snapshot has the recorded keys, types and decimals', async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const line = readFileSync(join(dir, 'cryptofeed/BINANCE_FUTURES.http.0.0'), 'utf8').split('\n')[0] as string;
  const real = JSON.parse(line.slice(line.indexOf(': {') + 2)) as Json;
  const venue = await startSimVenue({ symbols: ['SUSHIUSDT'] });
  try {
    const mine = (await (await fetch(`${venue.rest}/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000`)).json()) as Json;
    assert.deepEqual(Object.keys(mine), Object.keys(real));
    for (const k of Object.keys(real)) assert.equal(jsonType(mine[k]), jsonType(real[k]), `depth.${k} type`);
    const level = (mine.bids as string[][])[0] as string[];
    assert.equal(typeof level[0], 'string');
    assert.equal(typeof level[1], 'string');
  } finally {
    await venue.close();
  }
});
