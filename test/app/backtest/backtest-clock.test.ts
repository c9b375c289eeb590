/**
 * One clock for the whole output. The hftbacktest 2024-08-08 tapes were recorded by a machine whose clock ran
 * ≈1.27 s behind the venue's; orders were stamped (and sent to the paper venue) on that clock while signals and
 * fills are on the exchange clock, so every order was "sent" before its signal, met the next frame's book
 * whatever the latency, and its fills reached risk 1.27 s late (recorder-clock.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import { DEFAULT_STRATEGY_PARAMS } from '../../../src/actors/symbol/strategy/strategy-params.js';
import { backtestRecords } from '../../../src/app/backtest/backtest-main.js';
import { BacktestRisk } from '../../../src/app/backtest/backtest-risk.js';
import { RecorderClock } from '../../../src/app/backtest/recorder-clock.js';
import { SymbolBacktest } from '../../../src/app/backtest/symbol-backtest.js';
import { KNOWN_FILTERS } from '../../../src/app/backtest/venue-filters.js';
import type { MarketEvent } from '../../../src/schema/market-events.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';
import { tradingSettings } from './backtest-fixtures.js';
import { FakePaperVenue } from './fake-paper-venue.js';

test('RecorderClock: a clock behind the venue is moved forward by the largest lag seen; a later one is left', () => {
  const c = new RecorderClock();
  c.observe(1_000, 1_050); // 50 ms feed latency: real, kept
  assert.equal(c.venueTime(1_050), 1_050);
  c.observe(2_000, 730); // recorder 1.27 s behind
  assert.equal(c.skewMs, 1_270);
  assert.equal(c.venueTime(731), 2_001);
  c.observe(3_000, 1_800); // less behind: the shift never shrinks, so time never goes back
  assert.equal(c.skewMs, 1_270);
});

class ClockedVenue extends FakePaperVenue {
  readonly seen: Array<[number, number]> = [];
  override onMarket(e: MarketEvent, recvTs: number): void {
    super.onMarket(e, recvTs);
    this.seen.push([e.eventTime, recvTs]);
  }
}

test('the venue never hears of a frame before its exchange time when the recorder clock was behind', () => {
  const s = tradingSettings([]);
  const venue = new ClockedVenue();
  const run = new SymbolBacktest('BTCUSDT', s, KNOWN_FILTERS.BTCUSDT!, venue, new BacktestRisk(s.riskParams));
  for (let i = 0; i < 5; i++) {
    const t = 10_000 + i * 10;
    const trade = { kind: 'trade' as const, symbol: 'BTCUSDT', eventTime: t, tradeTime: t, tradeId: i };
    run.onInput({ ...trade, price: 60_000, qty: 0.1, side: 'buy' as const, orderType: 'MARKET' }, t - 1_270);
  }
  run.finish();
  for (const [e, at] of venue.seen) assert.ok(at >= e, `frame of ${e} handed to the venue at ${at}`);
  assert.deepEqual(run.recorder.result.warnings, {});
});

test('BTCUSDT + ETHUSDT 2024-08-08, default config: no order is sent before its signal, fills after the send', async (t) => {
  const btc = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  const eth = recordedFile(t, 'hftbacktest/usdm/ethusdt_20240808.gz');
  if (!btc || !eth) return;
  const settings = tradingSettings([btc, eth], {
    strategyParams: DEFAULT_STRATEGY_PARAMS,
    riskParams: parseRiskParams({}),
  });
  const r = await backtestRecords(settings, {}, 1);
  const signalTs = new Map(r.signals.map((s) => [s.decisionId, s.ts]));
  const sent = new Map<string, number>();
  assert.ok(r.orders.length > 0, 'the default config sends orders on these tapes');
  for (const o of r.orders) {
    if (o.status !== 'SENT') continue;
    const st = signalTs.get(o.decisionId);
    assert.ok(st !== undefined, `order ${o.clientOrderId} has a signal`);
    assert.ok(o.ts >= st, `${o.decisionId}: sent at ${o.ts}, before its signal at ${st}`);
    sent.set(o.clientOrderId, o.ts);
  }
  for (const f of r.fills) {
    const s = sent.get(f.clientOrderId);
    assert.ok(s !== undefined && f.ts >= s + f.latencyMs, `fill at ${f.ts} of an order sent at ${s}`);
  }
});

test('--latency tape on a recorder clock behind the venue: the estimate is the feed latency, not the skew', async (t) => {
  const btc = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  const eth = recordedFile(t, 'hftbacktest/usdm/ethusdt_20240808.gz');
  if (!btc || !eth) return;
  const settings = tradingSettings([btc, eth], {
    strategyParams: DEFAULT_STRATEGY_PARAMS,
    riskParams: parseRiskParams({}),
    latency: { kind: 'tape' },
  });
  const r = await backtestRecords(settings, {}, 1);
  const sent = new Map<string, number>();
  let answered = 0;
  for (const o of r.orders) {
    if (o.status === 'SENT') sent.set(o.clientOrderId, o.ts);
    else if (o.status === 'NEW' || o.status === 'REJECTED') {
      const rtt = o.ts - (sent.get(o.clientOrderId) ?? Number.NaN);
      // Both legs at the tape's feed latency: tens of ms on this recording, never the recorder's 1.27 s skew.
      assert.ok(rtt >= 0 && rtt < 500, `${o.clientOrderId} answered ${rtt} ms after it was sent`);
      answered++;
    }
  }
  assert.ok(answered > 0, 'orders were sent and answered');
});

test('the run starts on the venue clock too: a snapshot received before the first streamed frame is moved with it', () => {
  const s = tradingSettings([]);
  const run = new SymbolBacktest(
    'BTCUSDT',
    s,
    KNOWN_FILTERS.BTCUSDT!,
    new ClockedVenue(),
    new BacktestRisk(s.riskParams),
  );
  const snapshot = {
    kind: 'depthSnapshot' as const,
    symbol: 'BTCUSDT',
    eventTime: 9_990,
    transactionTime: 9_990,
    lastUpdateId: 1,
    bids: [],
    asks: [],
  };
  run.onInput(snapshot, 8_700); // received 1.29 s "before" it was taken, on the recorder's clock
  const trade = { kind: 'trade' as const, symbol: 'BTCUSDT', eventTime: 10_000, tradeTime: 10_000, tradeId: 1 };
  run.onInput({ ...trade, price: 60_000, qty: 0.1, side: 'buy' as const, orderType: 'MARKET' }, 8_730);
  run.finish();
  assert.equal(run.recorder.result.firstTs, 8_700 + 1_270);
});
