/**
 * The paper venue end to end on hand-written tapes: queue fills (risk-averse and probabilistic), a trade
 * through the price, GTX rejection, a crossing order through several levels against the book as it is after
 * the latency, grid checks, latency ordering, fees, realized PnL, funding and an out-of-sync book.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandTape, trades, userOrders, venue } from './paper-tape.js';

function replies(t: HandTape): Array<[string, boolean, number]> {
  return t
    .take()
    .flatMap((e) => (e.kind === 'reply' ? [[e.clientOrderId, e.ok, e.code] as [string, boolean, number]] : []));
}

test('risk-averse: the order joins behind 5.000, trades at the price eat the queue, then fill it partially and fully', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [
      [100.0, 5],
      [99.9, 3],
    ],
    [[100.1, 2]],
  );
  t.place(1000, 'BUY', '100.0', '1.000', 'a');
  t.tick(1011); // arrival 1010: accepted against the book at 1011
  t.tick(1020); // reply and NEW after the response latency
  const first = t.take();
  assert.deepEqual(
    first.map((e) => [e.kind, e.at]),
    [
      ['reply', 1020],
      ['user', 1020],
    ],
  );
  t.trade(1100, 100.0, 3, 'sell');
  t.diff(1110, [[100.0, 1.5]], []); // 5 − 3 traded − 0.5 cancelled: the level caps the queue at 1.5
  t.trade(1200, 100.0, 2, 'sell');
  t.trade(1300, 100.0, 0.7, 'sell');
  t.tick(2000);
  const events = t.take();
  assert.deepEqual(trades(events), [
    ['a', 'PARTIALLY_FILLED', '0.500', '100.00', '0.01000000', true, '0.00000000'],
    ['a', 'FILLED', '0.500', '100.00', '0.01000000', true, '0.00000000'],
  ]);
  const details = events.filter((e) => e.kind === 'fill-detail');
  assert.deepEqual(
    details.map((d) => (d.kind === 'fill-detail' ? [d.at, d.liquidity, d.queueAheadAtEntry, d.latencyMs, d.fee] : [])),
    [
      [1210, 'maker', 5, 10, 0.01],
      [1310, 'maker', 5, 10, 0.01],
    ],
  );
});

test('probabilistic vs risk-averse on the same tape: a cancel ahead moves the probabilistic order forward', () => {
  const run = (queue: 'risk-averse' | 'probabilistic'): unknown[] => {
    const t = new HandTape(venue({ queue }));
    t.snapshot(1000, [[100.0, 2]], [[100.1, 1]]);
    t.place(1000, 'BUY', '100.0', '1.000', 'q');
    t.tick(1011);
    t.diff(1100, [[100.0, 5]], []); // 3.000 joins behind
    t.diff(1200, [[100.0, 4]], []); // 1.000 cancelled: 8/35 of it ahead under n=3
    t.trade(1300, 100.0, 1.8, 'sell');
    t.trade(1400, 100.0, 0.5, 'sell');
    t.tick(2000);
    return trades(t.take()).map((x) => [x[1], x[2]]);
  };
  // Risk-averse: 2.000 ahead − 1.8 = 0.2; the 0.5 trade fills 0.3.
  assert.deepEqual(run('risk-averse'), [['PARTIALLY_FILLED', '0.300']]);
  // Probabilistic: 2000 − 1000·8/35 = 1771.43 lots ahead; 1800 leaves 28 whole lots; then 0.5 fills 0.5.
  assert.deepEqual(run('probabilistic'), [
    ['PARTIALLY_FILLED', '0.028'],
    ['PARTIALLY_FILLED', '0.500'],
  ]);
});

test('a trade through the price fills the whole order at its own price, as maker', () => {
  const t = new HandTape(venue());
  t.snapshot(1000, [[100.0, 50]], [[100.1, 1]]);
  t.place(1000, 'BUY', '100.0', '0.250', 'th');
  t.tick(1011);
  t.trade(1100, 99.9, 0.001, 'sell');
  t.tick(2000);
  assert.deepEqual(trades(t.take()), [['th', 'FILLED', '0.250', '100.00', '0.00500000', true, '0.00000000']]);
});

test('GTX that would cross is rejected -5022 like the venue; one that rests is accepted', () => {
  const t = new HandTape(venue());
  t.snapshot(1000, [[100.0, 1]], [[100.1, 1]]);
  t.take();
  t.place(1000, 'BUY', '100.1', '0.010', 'cross');
  t.place(1000, 'SELL', '100.00', '0.010', 'cross2');
  t.place(1000, 'BUY', '100.00', '0.010', 'rest');
  t.tick(1100);
  assert.deepEqual(replies(t), [
    ['cross', false, -5022],
    ['cross2', false, -5022],
    ['rest', true, 0],
  ]);
});

test('grid checks: -1111 over precision, -4014 price off the tick, -4023 quantity off the step, -1121 unknown symbol', () => {
  const t = new HandTape(venue());
  t.snapshot(1000, [[100.0, 1]], [[100.1, 1]]);
  const x = new HandTape(t.v, 'XYZUSDT');
  x.snapshot(1000, [[1.0, 100]], [[1.05, 100]]);
  t.take();
  x.take();
  t.place(1000, 'BUY', '100.123', '0.010', 'p-prec');
  t.place(1000, 'BUY', '100.00', '0.0105', 'q-prec');
  x.place(1000, 'BUY', '1.02', '1.0', 'p-grid');
  x.place(1000, 'BUY', '1.00', '1.2', 'q-grid');
  new HandTape(t.v, 'NOPEUSDT').place(1000, 'BUY', '1', '1', 'nope');
  t.v.place(
    {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '1e2',
      quantity: '1',
      newClientOrderId: 'bad',
    },
    1000,
  );
  t.tick(1100);
  assert.deepEqual(replies(t), [
    ['p-prec', false, -1111],
    ['q-prec', false, -1111],
    ['p-grid', false, -4014],
    ['q-grid', false, -4023],
    ['nope', false, -1121],
    ['bad', false, -1102],
  ]);
});

test('a crossing order takes liquidity level by level from the book as it is after the latency; the rest rests', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [[100.0, 1]],
    [
      [100.1, 0.5],
      [100.2, 0.3],
      [100.3, 1],
    ],
  );
  t.place(1000, 'BUY', '100.2', '1.000', 'x', 'GTC');
  t.diff(1005, [], [[100.1, 0]]); // before our arrival (1010): 100.1 is gone
  t.diff(1008, [], [[100.2, 0.4]]);
  t.tick(1011);
  t.trade(1100, 100.2, 0.1, 'buy'); // an aggressive buy does not touch our resting bid
  t.trade(1200, 100.2, 2, 'sell'); // a seller at our price: queue ahead was 0
  t.tick(2000);
  assert.deepEqual(trades(t.take()), [
    // taker 0.4 @ 100.2: fee 100.2 × 0.4 × 5 bps = 0.02004
    ['x', 'PARTIALLY_FILLED', '0.400', '100.20', '0.02004000', false, '0.00000000'],
    // 100.3 is beyond the limit: 0.6 rests at 100.2, then fills as maker: 100.2 × 0.6 × 2 bps = 0.012024
    ['x', 'FILLED', '0.600', '100.20', '0.01202400', true, '0.00000000'],
  ]);
});

test('a crossing IOC walks several levels and the remainder expires', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [
      [100.0, 0.2],
      [99.9, 0.3],
      [99.8, 5],
    ],
    [[100.1, 1]],
  );
  t.place(1000, 'SELL', '99.9', '1.000', 'ioc', 'IOC');
  t.tick(1011);
  t.tick(2000);
  const events = t.take();
  assert.deepEqual(
    trades(events).map((x) => [x[1], x[2], x[3], x[4]]),
    [
      ['PARTIALLY_FILLED', '0.200', '100.00', '0.01000000'],
      ['PARTIALLY_FILLED', '0.300', '99.90', '0.01498500'],
    ],
  );
  assert.deepEqual(
    userOrders(events).map((o) => o.X),
    ['NEW', 'PARTIALLY_FILLED', 'PARTIALLY_FILLED', 'EXPIRED'],
  );
});

test('latency: nothing arrives before entry latency; replies and events come after the response latency; a late cancel gets -2011', () => {
  const t = new HandTape(venue());
  t.snapshot(1000, [[100.0, 0]], [[100.1, 1]]);
  t.diff(1001, [[99.9, 1]], []);
  t.place(1002, 'BUY', '100.0', '0.100', 'L'); // arrives 1012
  t.trade(1011, 100.0, 5, 'sell'); // before arrival: not ours
  t.trade(1013, 99.9, 0.5, 'sell'); // the order is accepted before this event (arrival 1012 < 1013): trades through it
  t.v.cancel('BTCUSDT', 'L', 1014); // arrives 1024: the order is already filled
  t.tick(1021);
  assert.deepEqual(t.take(), [], 'the reply is due at 1012 + 10');
  t.tick(1025);
  assert.deepEqual(
    t.take().map((e) => [e.kind, e.at]),
    [
      ['reply', 1022],
      ['user', 1022],
      ['user', 1023],
      ['fill-detail', 1023],
      ['user', 1023],
    ],
  );
  t.tick(1030);
  t.tick(1040);
  assert.deepEqual(replies(t), [['L', false, -2011]]);
});

test('a cancel that arrives first wins: CANCELED, and later trades fill nothing', () => {
  const t = new HandTape(venue());
  t.snapshot(1000, [[100.0, 1]], [[100.1, 1]]);
  t.place(1000, 'BUY', '100.0', '0.100', 'c');
  t.v.cancel('BTCUSDT', 'c', 1001);
  t.tick(1012);
  t.trade(1100, 99.0, 10, 'sell');
  t.tick(2000);
  const events = t.take();
  assert.deepEqual(
    userOrders(events).map((o) => o.X),
    ['NEW', 'CANCELED'],
  );
  assert.deepEqual(trades(events), []);
});

test('fees, realized PnL and the wallet in exact decimals; funding at the funding time from the mark price', () => {
  const v = venue();
  const t = new HandTape(v);
  t.snapshot(1000, [[100.0, 1]], [[100.5, 1]]);
  t.mark(1000, 100.0, 0.0001, 5000);
  t.place(1000, 'BUY', '100.0', '1.000', 'open', 'GTC');
  t.tick(1011);
  t.trade(1100, 99.9, 1, 'sell'); // through our bid: 1.000 @ 100.0 maker, fee 0.02
  t.diff(1150, [[100.4, 2]], []);
  t.place(1200, 'SELL', '100.4', '0.400', 'close', 'GTC'); // crosses the bid: taker 0.4 @ 100.4, fee 0.02008
  t.tick(1300);
  t.mark(4000, 100.2, 0.0003, 5000);
  // Funding at 5000 with the last rate and mark before it (0.0003, 100.2): a 0.6 long pays 0.6 × 100.2 × 0.0003 = 0.018036.
  t.mark(5001, 100.3, 0.0001, 10_000);
  t.tick(6000);
  const events = t.take();
  assert.deepEqual(
    trades(events).map((x) => [x[0], x[2], x[3], x[4], x[5], x[6]]),
    [
      ['open', '1.000', '100.00', '0.02000000', true, '0.00000000'],
      ['close', '0.400', '100.40', '0.02008000', false, '0.16000000'],
    ],
  );
  const accounts = events.flatMap((e) =>
    e.kind === 'user' && e.event.e === 'ACCOUNT_UPDATE' ? [e.event.a as Record<string, unknown>] : [],
  );
  const balances = accounts.map((a) => [
    a.m,
    (a.B as Array<Record<string, string>>)[0]?.wb,
    (a.B as Array<Record<string, string>>)[0]?.bc,
  ]);
  assert.deepEqual(balances, [
    ['ORDER', '9999.98000000', '0.00000000'],
    // 10000 − 0.02 + 0.16 − 0.02008
    ['ORDER', '10000.11992000', '0.00000000'],
    ['FUNDING_FEE', '10000.10188400', '-0.01803600'],
  ]);
  const pos = ((accounts[1] as Record<string, unknown>).P as Array<Record<string, string>>)[0];
  assert.equal(pos?.pa, '0.600');
  assert.equal(pos?.ep, '100.00000');
  const funding = events.find(
    (e) => e.kind === 'user' && (e.event.a as { m?: string } | undefined)?.m === 'FUNDING_FEE',
  );
  assert.equal(funding?.at, 5010, 'funding is booked at the funding time and delivered after the response latency');
  const detail = events.find((e) => e.kind === 'funding-detail');
  assert.deepEqual(detail, {
    kind: 'funding-detail',
    at: 5010,
    ts: 5000,
    symbol: 'BTCUSDT',
    amount: -0.018036,
    markPrice: 100.2,
    fundingRate: 0.0003,
  });
});

test('a short receives positive funding; a flat account books none', () => {
  const t = new HandTape(venue({ latency: { entryMs: () => 0, responseMs: () => 0 } }));
  t.snapshot(1000, [[100.0, 1]], [[100.5, 1]]);
  t.mark(1000, 100.0, 0.0001, 3000);
  t.mark(3001, 100.0, 0.0001, 6000); // flat at 3000: nothing
  t.place(3002, 'SELL', '100.00', '0.010', 's', 'GTC'); // crosses the bid
  t.tick(3003);
  t.mark(6001, 100.0, 0.0001, 9000);
  t.tick(7000);
  const fund = t
    .take()
    .flatMap((e) =>
      e.kind === 'user' && (e.event.a as { m?: string } | undefined)?.m === 'FUNDING_FEE'
        ? [(e.event.a as { B: Array<{ bc: string }> }).B[0]?.bc]
        : [],
    );
  assert.deepEqual(fund, ['0.00010000']);
});

test('a depth gap stops fills and counts excluded time until the book resyncs; orders meanwhile get -1000', () => {
  const v = venue();
  const t = new HandTape(v);
  t.tick(500); // the symbol's first event: out of sync until the snapshot (500 ms excluded)
  t.snapshot(1000, [[100.0, 1]], [[100.1, 1]]);
  t.place(1000, 'BUY', '100.0', '0.100', 'g');
  t.tick(1011);
  t.diff(2000, [[100.0, 2]], [], true); // pu breaks: out of sync
  t.trade(2500, 99.0, 10, 'sell'); // would trade through, but no fill from a bad book
  t.place(2600, 'BUY', '99.0', '0.100', 'during');
  t.tick(3000);
  t.snapshot(4000, [[100.0, 0.5]], [[100.1, 1]]);
  t.trade(4100, 100.0, 0.4, 'sell'); // queue capped at 0.5 by the resync: 0.4 leaves 0.1 ahead
  t.trade(4200, 100.0, 0.2, 'sell'); // 0.1 of ours
  t.tick(5000);
  const events = t.take();
  assert.deepEqual(
    trades(events).map((x) => [x[0], x[1], x[2]]),
    [['g', 'FILLED', '0.100']],
  );
  assert.deepEqual(
    events.flatMap((e) => (e.kind === 'reply' ? [[e.clientOrderId, e.code]] : [])),
    [
      ['g', 0],
      ['during', -1000],
    ],
  );
  assert.deepEqual(v.excludedMs(), { BTCUSDT: 500 + 2000, XYZUSDT: 0 });
});

test('two runs over the same tape deliver identical events (deterministic)', () => {
  const run = (): string => {
    const t = new HandTape(venue({ queue: 'probabilistic' }));
    t.snapshot(1000, [[100.0, 2]], [[100.1, 1]]);
    t.place(1000, 'BUY', '100.0', '1.000', 'd');
    t.tick(1011);
    t.diff(1100, [[100.0, 1.3]], []);
    t.trade(1200, 100.0, 1.5, 'sell');
    t.tick(2000);
    return JSON.stringify(t.take());
  };
  assert.equal(run(), run());
});
