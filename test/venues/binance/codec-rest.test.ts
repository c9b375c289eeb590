/**
 * REST codecs and `decodeRest` (dispatch by request URL): depth snapshot, klines (closed flag from the
 * response time), openInterest and openInterestHist (string or number timestamp), against the documented
 * examples and the nautilus_trader example responses in shared/data.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TapelineError } from '../../../src/runtime/errors.js';
import {
  decodeDepthSnapshot,
  decodeKlineRows,
  decodeOpenInterest,
  decodeOpenInterestHist,
  decodeRest,
} from '../../../src/venues/binance/codec/index.js';
import { recordedFile } from '../tape/recorded-data.js';

const SNAPSHOT = {
  lastUpdateId: 1027024,
  E: 1589436922972,
  T: 1589436922959,
  bids: [['4.00000000', '431.00000000']],
  asks: [['4.00000200', '12.00000000']],
};
const ROW = [
  1499040000000,
  '0.01634790',
  '0.80000000',
  '0.01575800',
  '0.01577100',
  '148976.11427815',
  1499644799999,
  '2434.19055334',
  308,
  '1756.87402397',
  '28.46694368',
  '17928899.62484339',
];

function codecInvalid(pattern: RegExp): (err: unknown) => boolean {
  return (err) => err instanceof TapelineError && err.code === 'TL_CODEC_INVALID' && pattern.test(err.message);
}

test('depth snapshot: symbol from the request URL, path-only or absolute', () => {
  const [a] = decodeRest('/fapi/v1/depth?symbol=btcusdt&limit=1000', SNAPSHOT) ?? [];
  assert.deepEqual(a, {
    kind: 'depthSnapshot',
    symbol: 'BTCUSDT',
    eventTime: 1589436922972,
    transactionTime: 1589436922959,
    lastUpdateId: 1027024,
    bids: [[4, 431]],
    asks: [[4.000002, 12]],
  });
  const [b] = decodeRest('https://fapi.binance.com/fapi/v1/depth?limit=5&symbol=ETHUSDT', SNAPSHOT) ?? [];
  assert.equal(b?.symbol, 'ETHUSDT');
  assert.throws(
    () => decodeRest('/fapi/v1/depth?limit=5', SNAPSHOT),
    codecInvalid(/rest\.url \?symbol: expected a query parameter/),
  );
  const { E: _e, ...spot } = SNAPSHOT;
  assert.throws(
    () => decodeDepthSnapshot(spot, 'BTCUSDT', '/x'),
    codecInvalid(/depthSnapshot\.E: expected an integer.*\(stream \/x\)/),
  );
});

test('klines: REST rows become KlineEvents; the row still forming at the response time is not closed', () => {
  const rows = [ROW, [1499644800000, '1', '2', '0.5', '1.5', '10', 1500249599999, '15', 3, '5', '7.5', '0']];
  const events = decodeRest('/fapi/v1/klines?symbol=LTCBTC&interval=1w', rows, 1500000000000) ?? [];
  assert.equal(events.length, 2);
  const [first, second] = events;
  assert.deepEqual(first, {
    kind: 'kline',
    symbol: 'LTCBTC',
    eventTime: 1499644799999,
    interval: '1w',
    openTime: 1499040000000,
    closeTime: 1499644799999,
    firstTradeId: -1,
    lastTradeId: -1,
    open: 0.0163479,
    high: 0.8,
    low: 0.015758,
    close: 0.015771,
    volume: 148976.11427815,
    quoteVolume: 2434.19055334,
    tradeCount: 308,
    takerBuyVolume: 1756.87402397,
    takerBuyQuoteVolume: 28.46694368,
    closed: true,
  });
  assert.equal(second?.kind === 'kline' && second.closed, false);
  assert.equal(
    decodeKlineRows(rows, 'LTCBTC', '1w').every((k) => k.closed),
    true,
    'without a time every row is closed',
  );
  assert.throws(
    () => decodeKlineRows([ROW.slice(0, 5)], 'X', '1m'),
    codecInvalid(/klines\[0\]\.\(row\): expected an array of 12 fields/),
  );
  assert.throws(
    () => decodeKlineRows([[...ROW.slice(0, 8), '308', ...ROW.slice(9)]], 'X', '1m'),
    codecInvalid(/klines\[0\]\.8: expected an integer/),
  );
  assert.throws(() => decodeRest('/fapi/v1/klines?symbol=X', [ROW]), codecInvalid(/\?interval/));
});

test('openInterest and openInterestHist (timestamp as number or string)', () => {
  assert.deepEqual(
    decodeRest('/fapi/v1/openInterest?symbol=BTCUSDT', {
      openInterest: '10659.509',
      symbol: 'BTCUSDT',
      time: 1589437530011,
    }),
    [{ kind: 'openInterest', symbol: 'BTCUSDT', eventTime: 1589437530011, openInterest: 10659.509 }],
  );
  const rows = [
    {
      symbol: 'BTCUSDT',
      sumOpenInterest: '20403.12345678',
      sumOpenInterestValue: '176196512.12345678',
      CMCCirculatingSupply: '165880.538',
      timestamp: 1591261042378,
    },
    { symbol: 'BTCUSDT', sumOpenInterest: '1', sumOpenInterestValue: '2', timestamp: '1583127900000' },
  ];
  assert.deepEqual(
    decodeRest('/futures/data/openInterestHist?symbol=BTCUSDT&period=5m', rows)?.map((r) => r.eventTime),
    [1591261042378, 1583127900000],
  );
  assert.throws(
    () => decodeOpenInterestHist([{ ...rows[0], timestamp: '15x' }]),
    codecInvalid(/openInterestHist\[0\]\.timestamp/),
  );
  assert.throws(
    () => decodeOpenInterest({ symbol: 'BTCUSDT', time: 1 }),
    codecInvalid(/openInterest\.openInterest: expected a decimal string, got nothing/),
  );
  assert.equal(decodeRest('https://fapi.binance.com/fapi/v1/exchangeInfo', {}), null, 'not a market-data endpoint');
  assert.equal(decodeRest('https://api.binance.com/api/v3/depth?symbol=X', SNAPSHOT), null, 'spot is not our venue');
});

test('nautilus_trader example responses (shared/data) decode', (t) => {
  const klines = recordedFile(t, 'nautilus_trader/http_futures_market_klines.json');
  if (!klines) return;
  const dir = klines.slice(0, klines.lastIndexOf('/'));
  const read = (name: string): unknown => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
  const k = decodeRest('/fapi/v1/klines?symbol=BTCUSDT&interval=1m', read('http_futures_market_klines.json')) ?? [];
  assert.equal(k.length, 1);
  assert.equal(k[0]?.kind === 'kline' && k[0].tradeCount, 308);
  const oi = decodeRest('/fapi/v1/openInterest?symbol=BTCUSDT', read('http_futures_market_open_interest.json')) ?? [];
  assert.equal(oi[0]?.kind === 'openInterest' && oi[0].openInterest, 10659.509);
  const hist =
    decodeRest(
      '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m',
      read('http_futures_market_open_interest_historical.json'),
    ) ?? [];
  assert.deepEqual(
    hist.map((h) => h.eventTime),
    [1583127900000, 1583128200000],
  );
});
