/**
 * WS codecs against the payload examples of docs/venue-binance.md, payload fields: numeric fields, the aggressor side rule
 * (docs/venue-binance.md, payload fields: m=true → 'sell'), `TL_CODEC_INVALID` naming event, field and stream, the combined envelope and the
 * dispatcher; plus a property test: on arbitrary JSON a codec returns or throws TL_CODEC_INVALID, nothing else.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TapelineError } from '../../../src/schema/errors.js';
import {
  decodeAggTrade,
  decodeBookTicker,
  decodeCombined,
  decodeDepthUpdate,
  decodeEvent,
  decodeForceOrder,
  decodeKline,
  decodeMarkPrice,
  decodeMarkPriceArray,
  decodeStreamText,
  decodeTrade,
  isPrint,
} from '../../../src/venues/binance/codec/index.js';

const AGG = {
  e: 'aggTrade',
  E: 123456789,
  s: 'BNBUSDT',
  a: 5933014,
  p: '0.001',
  q: '100',
  nq: '100',
  f: 100,
  l: 105,
  T: 123456785,
  m: true,
  st: 1,
};
const TRADE = {
  e: 'trade',
  E: 1660228023980,
  T: 1660228023973,
  s: 'BTCUSDT',
  t: 2691833663,
  p: '24670.90',
  q: '0.022',
  X: 'MARKET',
  m: true,
};
const DEPTH = {
  e: 'depthUpdate',
  E: 123456789,
  T: 123456788,
  s: 'BTCUSDT',
  U: 157,
  u: 160,
  pu: 149,
  b: [['0.0024', '10']],
  a: [
    ['0.0026', '100'],
    ['0.0027', '0'],
  ],
};
const BOOK = {
  e: 'bookTicker',
  u: 400900217,
  E: 1568014460893,
  T: 1568014460891,
  s: 'BNBUSDT',
  b: '25.35190000',
  B: '31.21000000',
  a: '25.36520000',
  A: '40.66000000',
};
const MARK = {
  e: 'markPriceUpdate',
  E: 1562305380000,
  s: 'BTCUSDT',
  p: '11794.15000000',
  i: '11784.62659091',
  P: '11784.25641265',
  r: '0.00038167',
  ap: '11794.15000000',
  T: 1562306400000,
};
const FORCE = {
  e: 'forceOrder',
  E: 1568014460893,
  o: {
    s: 'BTCUSDT',
    S: 'SELL',
    o: 'LIMIT',
    f: 'IOC',
    q: '0.014',
    p: '9910',
    ap: '9910',
    X: 'FILLED',
    l: '0.014',
    z: '0.014',
    T: 1568014460893,
  },
};
const KLINE = {
  e: 'kline',
  E: 1638747660000,
  s: 'BTCUSDT',
  k: {
    t: 1638747660000,
    T: 1638747719999,
    s: 'BTCUSDT',
    i: '1m',
    f: 100,
    L: 200,
    o: '0.0010',
    c: '0.0020',
    h: '0.0025',
    l: '0.0015',
    v: '1000',
    n: 100,
    x: false,
    q: '1.0000',
    V: '500',
    Q: '0.500',
    B: '123456',
  },
};

function codecInvalid(pattern: RegExp): (err: unknown) => boolean {
  return (err) => err instanceof TapelineError && err.code === 'TL_CODEC_INVALID' && pattern.test(err.message);
}

test('aggTrade: numbers, and m=true (buyer maker) means the aggressor sold', () => {
  assert.deepEqual(decodeAggTrade(AGG, 'bnbusdt@aggTrade'), {
    kind: 'aggTrade',
    symbol: 'BNBUSDT',
    eventTime: 123456789,
    tradeTime: 123456785,
    aggTradeId: 5933014,
    firstTradeId: 100,
    lastTradeId: 105,
    price: 0.001,
    qty: 100,
    side: 'sell',
    nonRpiQty: 100,
  });
  assert.equal(decodeAggTrade({ ...AGG, m: false }).side, 'buy');
  // `nq` is optional (the venue added it 2025-12): absent on the wire, absent on the event.
  const { nq: _nq, ...older } = AGG;
  assert.equal('nonRpiQty' in decodeAggTrade(older), false);
  assert.equal(decodeAggTrade({ ...AGG, nq: '60' }).nonRpiQty, 60);
});

test('trade: same side rule; X:"NA" placeholder frames are not prints', () => {
  const t = decodeTrade(TRADE);
  assert.deepEqual(
    [t.kind, t.tradeId, t.price, t.qty, t.side, t.orderType, t.tradeTime],
    ['trade', 2691833663, 24670.9, 0.022, 'sell', 'MARKET', 1660228023973],
  );
  assert.equal(decodeTrade({ ...TRADE, m: false }).side, 'buy');
  assert.equal(isPrint(t), true);
  assert.equal(isPrint(decodeTrade({ ...TRADE, X: 'NA', p: '0', q: '0' })), false);
});

test('depthUpdate: U/u/pu kept exactly, levels as numeric pairs, qty 0 kept (it removes the level)', () => {
  const d = decodeDepthUpdate(DEPTH);
  assert.deepEqual(
    [d.firstUpdateId, d.finalUpdateId, d.prevFinalUpdateId, d.transactionTime, d.bids, d.asks],
    [
      157,
      160,
      149,
      123456788,
      [[0.0024, 10]],
      [
        [0.0026, 100],
        [0.0027, 0],
      ],
    ],
  );
  const big = decodeDepthUpdate({ ...DEPTH, U: 5123107832006, u: 5123107837557, pu: 5123107831937 });
  assert.equal(big.finalUpdateId - big.firstUpdateId, 5551, 'ids past 2^32 stay exact');
});

test('bookTicker, markPriceUpdate, forceOrder and kline decode the documented examples', () => {
  assert.deepEqual(decodeBookTicker(BOOK), {
    kind: 'bookTicker',
    symbol: 'BNBUSDT',
    eventTime: 1568014460893,
    transactionTime: 1568014460891,
    updateId: 400900217,
    bidPrice: 25.3519,
    bidQty: 31.21,
    askPrice: 25.3652,
    askQty: 40.66,
  });
  const m = decodeMarkPrice(MARK);
  assert.deepEqual(
    [m.markPrice, m.indexPrice, m.estimatedSettlePrice, m.fundingRate, m.nextFundingTime],
    [11794.15, 11784.62659091, 11784.25641265, 0.00038167, 1562306400000],
  );
  assert.equal(decodeMarkPriceArray([MARK, MARK]).length, 2);
  const f = decodeForceOrder(FORCE);
  assert.deepEqual(
    [f.symbol, f.side, f.orderType, f.timeInForce, f.status, f.price, f.avgPrice, f.origQty, f.filledQty],
    ['BTCUSDT', 'sell', 'LIMIT', 'IOC', 'FILLED', 9910, 9910, 0.014, 0.014],
  );
  const k = decodeKline(KLINE);
  assert.deepEqual(
    [
      k.interval,
      k.openTime,
      k.closeTime,
      k.open,
      k.high,
      k.low,
      k.close,
      k.volume,
      k.tradeCount,
      k.quoteVolume,
      k.takerBuyVolume,
      k.takerBuyQuoteVolume,
      k.closed,
    ],
    ['1m', 1638747660000, 1638747719999, 0.001, 0.0025, 0.0015, 0.002, 1000, 100, 1, 500, 0.5, false],
  );
});

test('TL_CODEC_INVALID names the event, the field and the stream', () => {
  const stream = 'btcusdt@depth@0ms';
  const { pu: _pu, ...noPu } = DEPTH;
  assert.throws(
    () => decodeDepthUpdate(noPu, stream),
    codecInvalid(/^depthUpdate\.pu: expected an integer, got nothing \(field missing\) \(stream btcusdt@depth@0ms\)/),
  );
  assert.throws(
    () => decodeDepthUpdate({ ...DEPTH, b: [['1', 'x']] }, stream),
    codecInvalid(/depthUpdate\.b\[0\]\[1\]: expected a non-negative decimal/),
  );
  assert.throws(
    () => decodeDepthUpdate({ ...DEPTH, a: [['-1', '1']] }),
    codecInvalid(/depthUpdate\.a\[0\]\[0\]: expected a positive decimal/),
  );
  assert.throws(
    () => decodeDepthUpdate({ ...DEPTH, a: [['1']] }),
    codecInvalid(/depthUpdate\.a\[0\]: expected a \[price, qty\] pair/),
  );
  assert.throws(() => decodeDepthUpdate({ ...DEPTH, b: {} }), codecInvalid(/depthUpdate\.b: expected an array/));
  assert.throws(
    () => decodeAggTrade({ ...AGG, p: '' }),
    codecInvalid(/aggTrade\.p: expected a decimal string, got ""/),
  );
  assert.throws(() => decodeAggTrade({ ...AGG, p: ' 1' }), codecInvalid(/aggTrade\.p/));
  assert.throws(() => decodeAggTrade({ ...AGG, q: 'Infinity' }), codecInvalid(/aggTrade\.q/));
  assert.throws(() => decodeAggTrade({ ...AGG, q: '1.2.3' }), codecInvalid(/aggTrade\.q/));
  assert.throws(
    () => decodeAggTrade({ ...AGG, p: 0.001 }),
    codecInvalid(/aggTrade\.p: expected a decimal string, got number 0\.001/),
  );
  assert.throws(() => decodeAggTrade({ ...AGG, a: 1.5 }), codecInvalid(/aggTrade\.a: expected an integer/));
  assert.throws(() => decodeAggTrade({ ...AGG, E: '123' }), codecInvalid(/aggTrade\.E: expected an integer/));
  assert.throws(() => decodeAggTrade({ ...AGG, m: 'true' }), codecInvalid(/aggTrade\.m: expected a boolean/));
  assert.throws(() => decodeTrade({ ...TRADE, s: '' }), codecInvalid(/trade\.s: expected a non-empty string/));
  assert.throws(
    () => decodeForceOrder({ ...FORCE, o: { ...FORCE.o, S: 'LONG' } }),
    codecInvalid(/forceOrder\.o\.S: expected "BUY" or "SELL"/),
  );
  assert.throws(() => decodeForceOrder({ ...FORCE, o: null }), codecInvalid(/forceOrder\.o: expected an object/));
  assert.throws(
    () => decodeKline({ ...KLINE, k: { ...KLINE.k, x: 1 } }),
    codecInvalid(/kline\.k\.x: expected a boolean/),
  );
  assert.throws(
    () => decodeBookTicker([BOOK]),
    codecInvalid(/bookTicker\.\(payload\): expected a JSON object, got an array of 1/),
  );
  assert.throws(() => decodeMarkPriceArray(MARK), codecInvalid(/markPriceUpdate\.\(payload\): expected an array/));
  for (const [decode, payload] of [
    [decodeAggTrade, TRADE],
    [decodeTrade, AGG],
    [decodeDepthUpdate, BOOK],
    [decodeBookTicker, DEPTH],
    [decodeMarkPrice, KLINE],
    [decodeKline, MARK],
    [decodeForceOrder, AGG],
  ] as const) {
    assert.throws(() => decode(payload), codecInvalid(/\.e: expected "/), 'each codec checks the event type');
  }
});

test('combined envelope and dispatcher', () => {
  const text = JSON.stringify({ stream: 'btcusdt@trade', data: TRADE });
  const frame = decodeCombined(text);
  assert.equal(frame.stream, 'btcusdt@trade');
  assert.equal(decodeEvent(frame.data, frame.stream)?.kind, 'trade');
  assert.throws(() => decodeCombined('{"stream":'), codecInvalid(/combined stream frame: not valid JSON/));
  assert.throws(() => decodeCombined('{"data":{}}'), codecInvalid(/combined\.stream: expected a string/));
  assert.throws(
    () => decodeCombined('{"stream":"a"}'),
    codecInvalid(/combined\.data: expected a payload, got nothing \(field missing\) \(stream a\)/),
  );

  for (const payload of [AGG, TRADE, DEPTH, BOOK, MARK, FORCE, KLINE])
    assert.equal(decodeEvent(payload)?.kind, payload.e);
  assert.equal(decodeEvent({ result: null, id: 1 }), null, 'control replies are not market events');
  assert.equal(decodeEvent({ e: 'ORDER_TRADE_UPDATE' }), null);
  assert.equal(decodeEvent([MARK]), null, 'array streams have their own decoder');
  assert.throws(() => decodeEvent('x'), codecInvalid(/event\.\(payload\)/));
  assert.throws(() => decodeEvent({ ...TRADE, q: 5 }, 'btcusdt@trade'), codecInvalid(/trade\.q.*stream btcusdt@trade/));

  assert.equal(decodeStreamText(text)?.kind, 'trade');
  assert.equal(decodeStreamText(JSON.stringify(AGG))?.kind, 'aggTrade', 'raw /ws payloads too');
  assert.throws(() => decodeStreamText('nope'), codecInvalid(/stream frame: not valid JSON/));
});

test('property: on any JSON value every codec returns an event or throws TL_CODEC_INVALID', () => {
  const decoders = [
    decodeAggTrade,
    decodeTrade,
    decodeDepthUpdate,
    decodeBookTicker,
    decodeMarkPrice,
    decodeForceOrder,
    decodeKline,
    decodeEvent,
  ];
  const mutated = (base: Record<string, unknown>) =>
    fc
      .record({ key: fc.constantFrom(...Object.keys(base)), value: fc.jsonValue() })
      .map(({ key, value }) => ({ ...base, [key]: value }));
  const payloads = fc.oneof(
    fc.jsonValue(),
    mutated(AGG),
    mutated(TRADE),
    mutated(DEPTH),
    mutated(BOOK),
    mutated(MARK),
    mutated(FORCE),
    mutated(KLINE),
  );
  fc.assert(
    fc.property(payloads, (payload) => {
      for (const decode of decoders) {
        try {
          decode(payload);
        } catch (err) {
          if (!(err instanceof TapelineError) || err.code !== 'TL_CODEC_INVALID') throw err;
        }
      }
    }),
    { numRuns: 2000 },
  );
});
