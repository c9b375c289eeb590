/**
 * Per-event cost of the strategies (issue 6): SymbolEngine.apply over 2 minutes of the sim's BTCUSDT market
 * (trades, @100ms depth, klines, OI polls — the real mix, decoded by the Binance codec), with both strategies on
 * and with both off, side by side: the difference is the strategy evaluation (MarketView refresh + two state
 * machines). Reported per event from batches of 1000 events; the "on" run also reports GC events and heap delta.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { LocalBook } from '../src/actors/symbol/book/local-book.js';
import { Atr } from '../src/actors/symbol/metrics/atr.js';
import { DeltaZ } from '../src/actors/symbol/metrics/delta-z.js';
import { StrategyRunner } from '../src/actors/symbol/strategy/strategy-runner.js';
import { resolveStrategyParams } from '../src/actors/symbol/strategy/strategy-params.js';
import { SymbolEngine } from '../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../src/actors/symbol/symbol-params.js';
import type { SymbolInput } from '../src/schema/symbol-input.js';
import { simFeed } from '../test/actors/symbol/strategy/sim-feed.js';
import type { Level } from '../src/venues/binance/codec/events.js';
import { allocationRun, type BenchCase, type BenchSuite, percentilesUs, tinybenchCase } from './harness.js';

const BATCH = 1_000;

function recorded(seconds: number): { start: SymbolInput[]; live: SymbolInput[] } {
  const feed = simFeed('BTCUSDT', 3);
  const start = feed.start();
  const live: SymbolInput[] = [];
  for (let s = 0; s < seconds; s++) live.push(...feed.advance(1_000));
  return { start, live };
}

function replayCase(name: string, strategiesOn: boolean): BenchCase {
  return {
    name,
    async run(opts) {
      const { start, live } = recorded(opts.quick ? 30 : 120);
      const off = { sweepFade: { enabled: false }, imbalanceBreakout: { enabled: false } };
      const params = resolveStrategyParams(strategiesOn ? undefined : off);
      const samples: number[] = [];
      let gcs = 0;
      const obs = new PerformanceObserver((list) => {
        gcs += list.getEntries().length;
      });
      const rounds = opts.quick ? 2 : 5;
      let heapDelta = 0;
      let signals = 0;
      const t0 = performance.now();
      for (let r = 0; r < rounds; r++) {
        const engine = new SymbolEngine('BTCUSDT', { ...DEFAULT_SYMBOL_PARAMS }, params);
        for (const e of start) engine.apply(e, 0);
        if (r === rounds - 1) obs.observe({ entryTypes: ['gc'] });
        const heap0 = process.memoryUsage().heapUsed;
        for (let i = 0; i < live.length; i += BATCH) {
          const end = Math.min(live.length, i + BATCH);
          const b0 = performance.now();
          for (let j = i; j < end; j++) engine.apply(live[j] as SymbolInput, 0);
          // Drained per batch, as the actor drains per event; signals and near misses are rare objects.
          signals += engine.drainStrategyOutputs().length;
          if (r > 0) samples.push(((performance.now() - b0) * 1_000) / (end - i));
        }
        heapDelta = process.memoryUsage().heapUsed - heap0;
      }
      const ms = performance.now() - t0;
      await new Promise((res) => setTimeout(res, 100));
      obs.disconnect();
      const result = percentilesUs(samples, ms);
      result.opsPerSec = (live.length * rounds * 1_000) / ms;
      result.extra = {
        events: live.length,
        rounds,
        outputs: signals,
        gcEventsLastRound: gcs,
        heapDeltaBytesLastRound: heapDelta,
      };
      return result;
    },
  };
}

const T0 = 60_000 * 28_800_000;

/**
 * The strategies alone, per trade: StrategyRunner.beforeTrade + afterEvent on a ready 1000-level book, 20
 * closed 1m bars (ATR known) and 60 s of Delta Z history — both state machines evaluate on every call.
 */
function runnerFixture(): { step(): void; runner: StrategyRunner } {
  const book = new LocalBook(1_000);
  const lv = (from: number, step: number): Level[] =>
    Array.from({ length: 1_000 }, (_, i) => [Math.round((from + i * step) * 10) / 10, 1 + (i % 7) * 0.25] as Level);
  book.applySnapshot({
    kind: 'depthSnapshot',
    symbol: 'BTCUSDT',
    eventTime: T0,
    transactionTime: T0,
    lastUpdateId: 1,
    bids: lv(61_800, -0.1),
    asks: lv(61_800.1, 0.1),
  });
  const atr = new Atr('1m', 60_000, 14, 60);
  for (let i = 20; i >= 1; i--) {
    const openTime = T0 - i * 60_000;
    atr.onKline({
      kind: 'kline',
      symbol: 'BTCUSDT',
      eventTime: openTime + 59_999,
      interval: '1m',
      openTime,
      closeTime: openTime + 59_999,
      firstTradeId: 0,
      lastTradeId: 0,
      open: 61_800,
      high: 61_850,
      low: 61_750,
      close: 61_800,
      volume: 0,
      quoteVolume: 0,
      tradeCount: 0,
      takerBuyVolume: 0,
      takerBuyQuoteVolume: 0,
      closed: true,
    });
  }
  const dz = new DeltaZ(1_000, 60, 10);
  for (let s = 0; s < 60; s++) dz.onTrade(T0 + s * 1_000, s & 1 ? 1 : -1.5);
  const runner = new StrategyRunner('BTCUSDT', resolveStrategyParams(undefined), 10);
  runner.onOpenInterest(T0 - 120_000, 1_000);
  runner.onOpenInterest(T0, 1_001);
  let n = 0;
  let cvd = 0;
  return {
    runner,
    step() {
      n++;
      const ts = T0 + 60_000 + n;
      const sign = n & 1 ? 1 : -1;
      const price = n & 1 ? 61_800.1 : 61_800;
      runner.beforeTrade(atr);
      cvd += sign * 0.01;
      dz.onTrade(ts, sign * 0.01);
      atr.onTrade(ts, price);
      runner.afterEvent(ts, true, price, cvd, book, atr, dz, price, 0.01, sign);
      if ((n & 1023) === 0) runner.drain();
    },
  };
}

function runnerAllocationCase(): BenchCase {
  return {
    name: 'strategy: 1e6 evaluations, GC count and heap delta',
    async run(opts) {
      const f = runnerFixture();
      return allocationRun(() => f.step(), opts.quick ? 100_000 : 1_000_000, 'evaluations');
    },
  };
}

const evaluations = runnerFixture();

export const suite: BenchSuite = {
  name: 'strategy',
  cases: [
    tinybenchCase('strategy: evaluate both strategies per trade (1000-level book)', () => evaluations.step()),
    runnerAllocationCase(),
    replayCase('strategy: engine.apply per event, sim BTCUSDT mix, strategies on', true),
    replayCase('strategy: engine.apply per event, sim BTCUSDT mix, strategies off', false),
  ],
};
