/**
 * Tape mode's market data (docs/venue-sim.md, "Market data in tape mode"): every REST answer comes from the tape
 * as replayed so far, at its exchange clock. Pure vectors on the bar builder, then the recorded ETHUSDT
 * 2024-08-08 tape replayed to its end (skipped visibly without the data): ticker/price is the tape's last trade,
 * the open kline closes at it, and no answer carries a price outside what the tape traded or quoted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { tapeKlines } from '../../../src/venues/sim/server/tape-klines.js';
import { TapeMarketState } from '../../../src/venues/sim/server/tape-market-state.js';
import { readTape } from '../../../src/venues/tape/read-tape.js';
import { encodeMetaLine, encodeRestLine, encodeWsLine } from '../../../src/venues/tape/tape-format.js';
import { until } from '../../fixtures/runtime-config.js';
import { get, recordedDataDir } from './sim-client.js';

const T0 = 1_723_161_300_000; // a 5-minute boundary

function trade(t: number, id: number, p: string, q: string, m = false): Record<string, unknown> {
  return { e: 'trade', E: t + 1, T: t, s: 'ETHUSDT', t: id, p, q, X: 'MARKET', m };
}

test('bars from replayed trades: no bar before the first trade, flat gap minutes, the open bar closes at the last trade', () => {
  const s = new TapeMarketState();
  const m = s.get('ETHUSDT');
  assert.deepEqual(tapeKlines(m, '1m', T0, 500), [], 'no trade yet: no history');
  s.onEvent('ETHUSDT', trade(T0 + 1_000, 1, '100.10', '1.000'));
  s.onEvent('ETHUSDT', trade(T0 + 2_000, 2, '100.30', '2.000', true));
  s.onEvent('ETHUSDT', trade(T0 + 2 * 60_000 + 5, 3, '99.90', '0.500'));
  // An insurance-fund print is not a market trade: not in the bars.
  s.onEvent('ETHUSDT', { ...trade(T0 + 2 * 60_000 + 6, 4, '50.00', '9.000'), X: 'INSURANCE_FUND' });
  // The same prints on an aggTrade stream are not counted twice.
  s.onEvent('ETHUSDT', { e: 'aggTrade', E: T0 + 2_001, T: T0 + 2_000, a: 9, f: 2, l: 2, p: '100.30', q: '2.000' });
  const bars = tapeKlines(m, '1m', s.now, 500);
  assert.deepEqual(
    bars.map((b) => [b.open - T0, b.o, b.h, b.l, b.c, b.v, b.n]),
    [
      [0, 100.1, 100.3, 100.1, 100.3, 3, 2],
      [60_000, 100.3, 100.3, 100.3, 100.3, 0, 0],
      [120_000, 99.9, 99.9, 99.9, 99.9, 0.5, 1],
    ],
  );
  assert.equal(bars[0]?.takerV, 1, 'the buyer-maker print is not taker-bought volume');
  const five = tapeKlines(m, '5m', s.now, 500);
  assert.equal(five.length, 1);
  assert.deepEqual([five[0]?.o, five[0]?.h, five[0]?.l, five[0]?.c, five[0]?.n], [100.1, 100.3, 99.9, 99.9, 3]);
  assert.equal(five[0]?.close, T0 + 5 * 60_000 - 1);
  // Tape time moves on without a trade: zero-volume bars at the last close, up to the minute holding `now`.
  assert.equal(tapeKlines(m, '1m', T0 + 4 * 60_000 + 1, 500).length, 5);
  assert.deepEqual(
    tapeKlines(m, '1m', s.now, 2, T0 + 60_000).map((b) => b.open - T0),
    [60_000, 120_000],
    'startTime selects from there',
  );
  assert.equal(m.last?.p, '99.90');
});

test('a recorded session: its klines backfill is the history before the tape, its OI polls the open interest', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tapehist-'));
  const path = join(dir, 'session.ndjson');
  const row = (open: number, o: string, h: string, l: string, c: string) => [
    open,
    o,
    h,
    l,
    c,
    '10.000',
    open + 59_999,
    '1000.00',
    7,
    '4.000',
    '400.00',
    '0',
  ];
  const klines = [
    row(T0 - 120_000, '99.00', '99.50', '98.90', '99.40'),
    row(T0 - 60_000, '99.40', '100.00', '99.30', '99.90'),
  ];
  const t1 = JSON.stringify({
    stream: 'ethusdt@aggTrade',
    data: {
      e: 'aggTrade',
      E: T0 + 1_001,
      a: 5,
      s: 'ETHUSDT',
      p: '100.10',
      q: '1.000',
      f: 11,
      l: 12,
      T: T0 + 1_000,
      m: false,
    },
  });
  const t2 = JSON.stringify({
    stream: 'ethusdt@aggTrade',
    data: {
      e: 'aggTrade',
      E: T0 + 2_001,
      a: 6,
      s: 'ETHUSDT',
      p: '100.20',
      q: '2.000',
      f: 13,
      l: 13,
      T: T0 + 2_000,
      m: true,
    },
  });
  writeFileSync(
    path,
    encodeMetaLine(T0) +
      encodeWsLine(T0 + 1_002, undefined, t1) +
      encodeRestLine(
        T0 + 1_500,
        'http://venue/fapi/v1/klines?symbol=ETHUSDT&interval=1m&limit=500',
        JSON.stringify(klines),
      ) +
      encodeRestLine(
        T0 + 1_600,
        'http://venue/fapi/v1/openInterest?symbol=ETHUSDT',
        '{"symbol":"ETHUSDT","openInterest":"123.456","time":1723161301500}',
      ) +
      encodeWsLine(T0 + 2_002, undefined, t2),
  );
  const venue = await startSimVenue({ tape: [path], speed: 100 });
  try {
    await until(
      'the tape replayed to its end',
      async () => ((await get(venue, '/_sim/state')).body as { tape: { done: boolean } }).tape.done,
      30_000,
    );
    const rows = (await get(venue, '/fapi/v1/klines?symbol=ETHUSDT&interval=1m')).body as unknown[][];
    assert.deepEqual(
      rows.map((r) => [Number(r[0]) - T0, r[1], r[2], r[3], r[4], r[8]]),
      [
        [-120_000, '99.00', '99.50', '98.90', '99.40', 7],
        [-60_000, '99.40', '100.00', '99.30', '99.90', 7],
        [0, '100.10', '100.20', '100.10', '100.20', 3],
      ],
    );
    const oi = (await get(venue, '/fapi/v1/openInterest?symbol=ETHUSDT')).body as { openInterest: string };
    assert.equal(oi.openInterest, '123.456');
    const agg = (await get(venue, '/fapi/v1/aggTrades?symbol=ETHUSDT')).body as Array<{ a: number; f: number }>;
    assert.deepEqual(
      agg.map((a) => [a.a, a.f]),
      [
        [5, 11],
        [6, 13],
      ],
      'recorded aggregates as recorded',
    );
  } finally {
    await venue.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function tapeFacts(path: string): Promise<{ last: string; min: number; max: number; lastTs: number }> {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let last = '';
  let lastTs = 0;
  const see = (p: unknown): void => {
    const x = Number(p);
    if (x < min) min = x;
    if (x > max) max = x;
  };
  for await (const f of readTape(path)) {
    const d = f.data as Record<string, unknown> | undefined;
    if (d?.e === 'trade' && (d.X === undefined || d.X === 'MARKET')) {
      see(d.p);
      last = String(d.p);
      lastTs = Number(d.T);
    } else if (d?.e === 'bookTicker') {
      see(d.b);
      see(d.a);
    }
  }
  return { last, min, max, lastTs };
}

test('sim --tape: REST market data is the replayed ETHUSDT tape, not the synthetic market', {
  timeout: 180_000,
}, async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  const path = join(dir, 'hftbacktest/usdm/ethusdt_20240808.gz');
  const facts = await tapeFacts(path);
  const venue = await startSimVenue({ tape: [path], speed: 1000 });
  try {
    await until(
      'the tape replayed to its end',
      async () => ((await get(venue, '/_sim/state')).body as { tape: { done: boolean } }).tape.done,
      120_000,
    );
    const inRange = (what: string, p: unknown): void => {
      const x = Number(p);
      assert.ok(x >= facts.min && x <= facts.max, `${what} ${p} outside the tape's ${facts.min}..${facts.max}`);
    };
    const price = (await get(venue, '/fapi/v1/ticker/price?symbol=ETHUSDT')).body as { price: string; time: number };
    assert.equal(price.price, facts.last, 'ticker/price is the last replayed trade');
    assert.equal(price.time, facts.lastTs);
    const v2 = (await get(venue, '/fapi/v2/ticker/price?symbol=ETHUSDT')).body as { price: string };
    assert.equal(v2.price, facts.last);
    for (const interval of ['1m', '5m', '1h']) {
      const rows = (await get(venue, `/fapi/v1/klines?symbol=ETHUSDT&interval=${interval}&limit=500`))
        .body as string[][];
      assert.ok(rows.length >= 1 && rows.length <= 7, `${interval}: only the tape's bars (${rows.length})`);
      assert.equal(Number(rows.at(-1)?.[4]), Number(facts.last), `${interval}: the open bar closes at the last trade`);
      for (const r of rows) for (const k of [1, 2, 3, 4]) inRange(`${interval} kline`, r[k]);
    }
    const day = (await get(venue, '/fapi/v1/ticker/24hr?symbol=ETHUSDT')).body as Record<string, string>;
    assert.equal(day.lastPrice, facts.last);
    for (const k of ['openPrice', 'highPrice', 'lowPrice', 'weightedAvgPrice']) inRange(`24hr ${k}`, day[k]);
    const book = (await get(venue, '/fapi/v1/ticker/bookTicker?symbol=ETHUSDT')).body as Record<string, string>;
    inRange('bookTicker bid', book.bidPrice);
    inRange('bookTicker ask', book.askPrice);
    assert.ok(Number(book.bidPrice) < Number(book.askPrice));
    const mark = (await get(venue, '/fapi/v1/premiumIndex?symbol=ETHUSDT')).body as Record<string, string>;
    assert.equal(mark.markPrice, facts.last, 'no markPrice on this tape: the last trade stands in');
    const agg = (await get(venue, '/fapi/v1/aggTrades?symbol=ETHUSDT&limit=1000')).body as Array<{ p: string }>;
    const trades = (await get(venue, '/fapi/v1/trades?symbol=ETHUSDT&limit=1000')).body as Array<{ price: string }>;
    assert.equal(agg.length, 1000);
    assert.equal(agg.at(-1)?.p, facts.last);
    assert.equal(trades.at(-1)?.price, facts.last);
    for (const a of agg) inRange('aggTrade', a.p);
    for (const a of trades) inRange('trade', a.price);
    const oi = await get(venue, '/fapi/v1/openInterest?symbol=ETHUSDT');
    assert.equal(oi.status, 400, 'the tape carries no open interest: none is invented');
    assert.equal((oi.body as { code: number }).code, -1000);
    assert.deepEqual((await get(venue, '/futures/data/openInterestHist?symbol=ETHUSDT&period=5m')).body, []);
    assert.deepEqual((await get(venue, '/fapi/v1/fundingRate?symbol=ETHUSDT')).body, []);
  } finally {
    await venue.close();
  }
});
