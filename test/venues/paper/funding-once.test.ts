/**
 * Funding is booked once per funding time (issue 15, funding booked twice): the venue's first mark-price events
 * after a funding time still carry it as `T`, and overlapping tapes repeat events. By hand, and on the
 * recorded BTCUSDT 2023-04-04 + 2023-04-05 tapes given together (../shared/data; skips visibly without them),
 * whose boundary is the 00:00 UTC funding time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarketEvent } from '../../../src/schema/market-events.js';
import { decodeEvent, decodeRest } from '../../../src/venues/binance/codec/index.js';
import { constantLatency } from '../../../src/venues/paper/latency-model.js';
import { PaperVenueEngine } from '../../../src/venues/paper/paper-venue.js';
import type { PaperEvent } from '../../../src/venues/paper/paper-venue-api.js';
import { mergeTapes } from '../../../src/venues/tape/index.js';
import { recordedFile } from '../tape/recorded-data.js';
import { HandTape } from './paper-tape.js';

const fundingFees = (events: PaperEvent[]): string[] =>
  events.flatMap((e) =>
    e.kind === 'user' && (e.event.a as { m?: string } | undefined)?.m === 'FUNDING_FEE'
      ? [(e.event.a as { B: Array<{ bc: string }> }).B[0]?.bc as string]
      : [],
  );

test('by hand: a funding time still carried as T after it passed, and a repeated older event, book once', () => {
  const t = new HandTape(
    new PaperVenueEngine({ queue: 'risk-averse', latency: constantLatency(0), makerFeeBps: 2, takerFeeBps: 5 }),
  );
  t.snapshot(1000, [[100.0, 1]], [[100.5, 1]]);
  t.mark(1000, 100.0, 0.0001, 5000);
  t.place(1001, 'BUY', '100.50', '1.000', 'long', 'GTC'); // crosses the ask: a 1.0 long
  t.tick(1002);
  t.mark(4999, 100.0, 0.0001, 5000);
  t.mark(5010, 100.0, 0.0002, 5000); // past the funding time, T not rolled yet: books 5000 once
  t.mark(4998, 100.0, 0.0001, 5000); // an overlapping tape's older event: changes nothing
  t.mark(6000, 100.0, 0.0002, 10_000);
  t.mark(7000, 100.0, 0.0002, 10_000);
  t.mark(10_001, 101.0, 0.0002, 15_000); // the next funding time: 1.0 × 100.0 × 0.0002
  t.tick(11_000);
  assert.deepEqual(fundingFees(t.take()), ['-0.01000000', '-0.02000000']);
});

test('recorded BTCUSDT 2023-04-04 + 2023-04-05 together: the 00:00 funding is booked once', async (t) => {
  const a = recordedFile(t, 'hftbacktest/usdm/btcusdt_20230404.dat.gz');
  const b = a && recordedFile(t, 'hftbacktest/usdm/btcusdt_20230405.dat.gz');
  if (!a || !b) return;
  const v = new PaperVenueEngine({ queue: 'risk-averse', latency: constantLatency(0), makerFeeBps: 2, takerFeeBps: 5 });
  const out: PaperEvent[] = [];
  let placed = false;
  for await (const f of mergeTapes([a, b])) {
    const es =
      f.kind === 'ws' ? [decodeEvent(f.data, f.stream)] : (decodeRest(f.url as string, f.data, f.recvTsMs) ?? []);
    for (const e of es) {
      if (e === null) continue;
      v.onMarket(e as MarketEvent, f.recvTsMs);
      const mid = v.mid('BTCUSDT');
      if (!placed && mid !== undefined) {
        // A long from the start, so the funding time in between has a position to charge.
        v.place(
          {
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'LIMIT',
            timeInForce: 'IOC',
            price: (mid * 1.01).toFixed(1),
            quantity: '0.010',
            newClientOrderId: 'long',
          },
          (e as MarketEvent).eventTime,
        );
        placed = true;
      }
    }
    v.drainDue(Number.POSITIVE_INFINITY, out);
  }
  v.drainDue(Number.POSITIVE_INFINITY, out);
  assert.ok(
    out.some((e) => e.kind === 'fill-detail'),
    'the long was opened',
  );
  const details = out.filter((e) => e.kind === 'funding-detail');
  assert.equal(details.length, 1, JSON.stringify(details));
  assert.equal((details[0] as { ts: number }).ts, 1_680_652_800_000, 'at 2023-04-05T00:00:00Z');
  assert.equal(fundingFees(out).length, 1);
});
