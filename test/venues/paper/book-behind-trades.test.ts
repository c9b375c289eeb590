/**
 * The recorded depth stream trails the trade stream: on the hftbacktest 2024-08-08 tapes a depth diff's event
 * time is up to ~15 ms after its matching-engine time, so when a sweep prints, the L2 book still shows the
 * levels the prints just consumed (BTCUSDT, T = …444707: buys print at 61700.1 while the book's ask is 61694.1
 * until the diff of E = …444722). A trade at price p means no ask below p and no bid above p at its time: the
 * paper venue drops such levels when the print is newer than the book, so a post-only order under the last
 * buy print is not rejected -5022 by a stale ask, and a crossing GTC does not fill at prices already gone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HandTape, trades, venue } from './paper-tape.js';

function replies(t: HandTape): Array<[string, boolean, number]> {
  return t
    .take()
    .flatMap((e) => (e.kind === 'reply' ? [[e.clientOrderId, e.ok, e.code] as [string, boolean, number]] : []));
}

test('a GTX buy under the last buy print rests: the stale asks below the print are gone', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [[100.0, 1]],
    [
      [100.1, 1],
      [100.2, 1],
      [100.6, 1],
    ],
  );
  t.trade(1005, 100.5, 2, 'buy'); // the sweep: the diff showing 100.1 and 100.2 gone comes later
  t.take();
  t.place(1005, 'BUY', '100.4', '0.010', 'fade');
  t.place(1005, 'BUY', '100.6', '0.010', 'cross'); // at the ask still standing: crosses
  t.tick(1016); // arrival 1015
  t.tick(1030); // replies after the 10 ms response latency
  assert.deepEqual(replies(t), [
    ['fade', true, 0],
    ['cross', false, -5022],
  ]);
});

test('a crossing GTC does not take liquidity at prices the prints already went through', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [[100.0, 1]],
    [
      [100.1, 1],
      [100.2, 1],
      [100.6, 1],
    ],
  );
  t.trade(1005, 100.5, 2, 'buy');
  t.take();
  t.place(1005, 'BUY', '100.6', '0.500', 'gtc', 'GTC');
  t.tick(1016);
  t.tick(1030);
  assert.deepEqual(
    trades(t.take()).map((x) => [x[1], x[2], x[3], x[5]]),
    [['FILLED', '0.500', '100.60', false]],
  );
});

test('a sell print drops the bids above it; a print older than the book drops nothing', () => {
  const t = new HandTape(venue());
  t.snapshot(
    1000,
    [
      [100.0, 1],
      [99.5, 1],
    ],
    [[100.1, 1]],
  );
  t.trade(1005, 99.6, 2, 'sell');
  t.take();
  t.place(1005, 'SELL', '99.7', '0.010', 'fade-sell');
  t.tick(1016);
  t.tick(1030);
  assert.deepEqual(replies(t), [['fade-sell', true, 0]]);

  const u = new HandTape(venue());
  u.snapshot(1000, [[100.0, 1]], [[100.1, 1]]);
  u.diff(1010, [], [[100.2, 1]]);
  u.trade(1006, 100.5, 2, 'buy'); // printed before the diff the book already holds: the book is newer
  u.take();
  u.place(1010, 'BUY', '100.2', '0.010', 'stale-print');
  u.tick(1021);
  u.tick(1035);
  assert.deepEqual(replies(u), [['stale-print', false, -5022]]);
});
