/**
 * The paper venue on the recorded BTCUSDT 2024-08-08 tape (../shared/data; skips visibly without it): the book
 * it rebuilds agrees with the venue's own bookTicker at the same update id, a quote ladder gets maker fills
 * with a real queue ahead, the probabilistic model never fills less than the risk-averse one on the same order
 * flow, the tape latency model learns the tape's feed latency (despite the recorder's skewed clock), and two
 * runs are identical.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarketEvent } from '../../../src/schema/market-events.js';
import { decodeEvent, decodeRest } from '../../../src/venues/binance/codec/index.js';
import { constantLatency, TapeLatency } from '../../../src/venues/paper/latency-model.js';
import { PaperVenueEngine } from '../../../src/venues/paper/paper-venue.js';
import type { LatencyModel, PaperEvent, QueueModel } from '../../../src/venues/paper/paper-venue-api.js';
import { readTape } from '../../../src/venues/tape/index.js';
import { recordedFile } from '../tape/recorded-data.js';

interface Loaded {
  events: MarketEvent[];
  recv: number[];
}

let cache: Loaded | undefined;
async function load(path: string): Promise<Loaded> {
  if (cache) return cache;
  const events: MarketEvent[] = [];
  const recv: number[] = [];
  for await (const f of readTape(path)) {
    const es =
      f.kind === 'ws' ? [decodeEvent(f.data, f.stream)] : (decodeRest(f.url as string, f.data, f.recvTsMs) ?? []);
    for (const e of es) {
      if (e === null) continue;
      events.push(e);
      recv.push(f.recvTsMs);
    }
  }
  cache = { events, recv };
  return cache;
}

interface RunResult {
  agree: number;
  compared: number;
  events: PaperEvent[];
  excluded: number;
  filledQty: number;
}

function run(data: Loaded, queue: QueueModel, latency: LatencyModel): RunResult {
  const v = new PaperVenueEngine({ queue, latency, makerFeeBps: 2, takerFeeBps: 5 });
  const all: PaperEvent[] = [];
  let lastU = -1;
  let agree = 0;
  let compared = 0;
  let trades = 0;
  let id = 0;
  for (let i = 0; i < data.events.length; i++) {
    const e = data.events[i] as MarketEvent;
    const ts = data.recv[i] as number;
    v.onMarket(e, ts);
    if (e.kind === 'depthUpdate') lastU = e.finalUpdateId;
    if (e.kind === 'bookTicker' && e.updateId === lastU) {
      compared++;
      if (Math.abs((v.mid('BTCUSDT') ?? 0) - (e.bidPrice + e.askPrice) / 2) < 1e-6) agree++;
    }
    if (e.kind === 'trade' && ++trades % 100 === 0) {
      const mid = v.mid('BTCUSDT');
      if (mid !== undefined) {
        v.cancelAll('BTCUSDT', ts);
        for (let k = 0; k < 3; k++) {
          v.place(
            {
              symbol: 'BTCUSDT',
              side: 'BUY',
              type: 'LIMIT',
              timeInForce: 'GTX',
              price: ((Math.floor(mid * 10) - 1 - k) / 10).toFixed(1),
              quantity: '0.050',
              newClientOrderId: `b${id++}`,
            },
            ts,
          );
          v.place(
            {
              symbol: 'BTCUSDT',
              side: 'SELL',
              type: 'LIMIT',
              timeInForce: 'GTX',
              price: ((Math.ceil(mid * 10) + 1 + k) / 10).toFixed(1),
              quantity: '0.050',
              newClientOrderId: `a${id++}`,
            },
            ts,
          );
        }
      }
    }
    v.drainDue(ts, all);
  }
  v.drainDue(Number.POSITIVE_INFINITY, all);
  let filledQty = 0;
  for (const x of all)
    if (x.kind === 'user' && x.event.e === 'ORDER_TRADE_UPDATE' && (x.event.o as { x: string }).x === 'TRADE')
      filledQty += Number((x.event.o as { l: string }).l);
  return { agree, compared, events: all, excluded: v.excludedMs().BTCUSDT ?? -1, filledQty };
}

test('recorded BTCUSDT tape: book agrees with bookTicker, ladder fills as maker behind a real queue, models ordered, deterministic', async (t) => {
  const path = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (path === undefined) return;
  const data = await load(path);
  const ra = run(data, 'risk-averse', constantLatency(5));
  assert.ok(ra.compared > 100, `compared ${ra.compared} bookTickers`);
  assert.equal(ra.agree, ra.compared, 'the rebuilt top of book equals bookTicker at the same update id');
  assert.ok(
    ra.excluded >= 0 && ra.excluded < 5_000,
    `excluded ${ra.excluded} ms: only before the first snapshot syncs`,
  );
  const details = ra.events.filter((e) => e.kind === 'fill-detail');
  assert.ok(details.length > 20, `${details.length} fills`);
  assert.ok(
    details.every((d) => d.kind === 'fill-detail' && d.liquidity === 'maker'),
    'GTX orders only make',
  );
  assert.ok(
    details.some((d) => d.kind === 'fill-detail' && d.queueAheadAtEntry > 0),
    'some fills waited behind a queue',
  );
  const prob = run(data, 'probabilistic', constantLatency(5));
  assert.ok(prob.filledQty >= ra.filledQty, `probabilistic ${prob.filledQty} >= risk-averse ${ra.filledQty}`);
  const again = run(data, 'probabilistic', constantLatency(5));
  assert.equal(JSON.stringify(again.events), JSON.stringify(prob.events));
});

test('recorded BTCUSDT tape: the tape latency model learns the feed latency (receive − event time)', async (t) => {
  const path = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (path === undefined) return;
  const data = await load(path);
  const latency = new TapeLatency(0, 2);
  const r = run(data, 'risk-averse', latency);
  assert.ok(latency.observed > 10_000);
  assert.ok(latency.clockSkewed, "this recorder's clock runs behind the venue's");
  const ms = latency.entryMs();
  assert.ok(ms >= 2 && ms < 100, `learned ${ms} ms: the floor plus the smoothed excess over the fastest frame`);
  assert.ok(r.events.some((e) => e.kind === 'reply'));
});
