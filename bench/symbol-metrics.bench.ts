/**
 * Symbol engine cost per event (issue 4 targets: ≤ 1 µs median per trade, ≤ 3 µs per depth diff): apply() of an
 * aggTrade and of a 5-level depthUpdate on a 1000-level book, the stateHash of a recorded-size book (~5k levels
 * per side), and an allocation check: 1e6 trades with the GC count and heap delta reported as extra figures.
 * Snapshot side (issue 8): one metrics snapshot (figures + stateHash) with a full 60 s trade window at 10 and at
 * 1000 trades/s, and the supervisor's refresh of one actor (snapshot() + structured clone) at 1000 trades/s.
 * Issue 14: every order-flow metric (liquidations, funding, VWAP, volume profiles, CVD by size) is always on, so
 * the rows above include them; added rows: a trade under tradeQuantity 'nq', a markPrice and a forceOrder
 * event, and a snapshot whose session profile spans ~5 000 buckets (a wide day on a fine bucket).
 * The clients' tape (trade-tape.ts): 100 prints, a cut and a drain — one snapshot's worth at 1 000 trades/s; the
 * engine's trade rows above carry the print's four stores (those cases never drain: a full tape only counts).
 */
import { LocalBook } from '../src/actors/symbol/book/local-book.js';
import { StateHasher } from '../src/actors/symbol/state-hash.js';
import { SymbolEngine } from '../src/actors/symbol/symbol-engine.js';
import { TradeTape } from '../src/actors/symbol/trade-tape.js';
import { DEFAULT_SYMBOL_PARAMS } from '../src/actors/symbol/symbol-params.js';
import type {
  AggTradeEvent,
  DepthSnapshotEvent,
  DepthUpdateEvent,
  ForceOrderEvent,
  Level,
  MarkPriceEvent,
} from '../src/schema/market-events.js';
import { allocationRun, type BenchCase, type BenchSuite, tinybenchCase } from './harness.js';

const T0 = 1_723_161_256_000;

function levels(from: number, step: number, n: number): Level[] {
  const out: Level[] = [];
  for (let i = 0; i < n; i++) out.push([Math.round((from + i * step) * 10) / 10, 1 + (i % 7) * 0.25]);
  return out;
}

function bookSnapshot(n: number): DepthSnapshotEvent {
  return {
    kind: 'depthSnapshot',
    symbol: 'BTCUSDT',
    eventTime: T0,
    transactionTime: T0,
    lastUpdateId: 1_000,
    bids: levels(61_800, -0.1, n),
    asks: levels(61_800.1, 0.1, n),
  };
}

/** An engine with a synced 1000-level book and one reusable event per kind, advanced in place per call. */
/** An engine with a 1 000-level book and backfill done: ready, so every trade runs the full metric path. */
function readyEngine(params: typeof DEFAULT_SYMBOL_PARAMS): SymbolEngine {
  const engine = new SymbolEngine('BTCUSDT', params);
  engine.apply(bookSnapshot(1_000), T0);
  engine.apply({ kind: 'backfillDone', symbol: 'BTCUSDT', eventTime: T0 }, T0);
  return engine;
}

/** One trade object the cases rewrite in place, so the harness itself allocates nothing per trade. */
function reusableTrade(): AggTradeEvent {
  return {
    kind: 'aggTrade',
    symbol: 'BTCUSDT',
    eventTime: T0,
    tradeTime: T0,
    aggTradeId: 0,
    firstTradeId: 0,
    lastTradeId: 0,
    price: 61_800.1,
    qty: 0.01,
    side: 'buy',
  };
}

function fixture(params: typeof DEFAULT_SYMBOL_PARAMS = DEFAULT_SYMBOL_PARAMS) {
  const engine = readyEngine(params);
  let n = 0;
  const trade = reusableTrade();
  // Live aggTrades carry `nq` since 2025-12: the nq case reads it (80 % of q, the rest RPI fills).
  if (params.tradeQuantity === 'nq') trade.nonRpiQty = 0.008;
  let lastU = 1_000;
  const bids: Level[] = [
    [61_800, 1],
    [61_799.9, 1],
    [61_799.8, 1],
  ];
  const asks: Level[] = [
    [61_800.1, 1],
    [61_800.2, 1],
  ];
  const depth: DepthUpdateEvent = {
    kind: 'depthUpdate',
    symbol: 'BTCUSDT',
    eventTime: T0,
    transactionTime: T0,
    firstUpdateId: 0,
    finalUpdateId: 0,
    prevFinalUpdateId: 0,
    bids,
    asks,
  };
  return {
    engine,
    /** 1 trade per ms of exchange time (a busy symbol): a snapshot every 1000 trades over a 60k-trade window. */
    trade(): void {
      n++;
      trade.eventTime = T0 + n;
      trade.aggTradeId = n;
      trade.firstTradeId = trade.lastTradeId = n;
      trade.price = n & 1 ? 61_800.1 : 61_800;
      trade.side = n & 1 ? 'buy' : 'sell';
      engine.apply(trade, trade.eventTime);
    },
    /** Five levels near the top change quantity; one of them toggles between insert and remove. */
    depth(): void {
      n++;
      depth.eventTime = T0 + ((n / 10) | 0);
      depth.firstUpdateId = lastU + 1;
      depth.prevFinalUpdateId = lastU;
      lastU += 3;
      depth.finalUpdateId = lastU;
      (bids[0] as Level)[1] = 1 + (n % 5);
      (bids[2] as Level)[0] = n & 1 ? 61_799.85 : 61_799.8;
      (bids[2] as Level)[1] = n & 1 ? 0.5 : 0;
      (asks[1] as Level)[1] = 2 + (n % 3);
      engine.apply(depth, depth.eventTime);
    },
  };
}

function allocationCase(): BenchCase {
  return {
    name: 'symbol engine: 1e6 trades, GC count and heap delta',
    async run(opts) {
      const f = fixture();
      return allocationRun(() => f.trade(), opts.quick ? 100_000 : 1_000_000, 'trades');
    },
  };
}

function hashCase(): BenchCase {
  const book = new LocalBook(1);
  book.applySnapshot(bookSnapshot(5_000));
  const h = new StateHasher();
  return tinybenchCase('symbol stateHash: 5k-level-per-side book', () => {
    h.reset();
    book.hashInto(h);
    h.digest();
  });
}

/**
 * An engine whose 60 s trade window is full at `perSecond` trades/s of exchange time (1000-level book synced,
 * snapshots every 100 ms). `step()` applies the trades of the next 100 ms: its last one crosses a boundary, so
 * each step is `perSecond / 10` trades plus exactly one metrics snapshot.
 */
function windowFixture(perSecond: number) {
  const engine = readyEngine({ ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: 100 });
  const gap = 1_000 / perSecond;
  const trade = reusableTrade();
  let n = 0;
  const one = (): boolean => {
    n++;
    trade.eventTime = T0 + Math.floor(n * gap);
    trade.aggTradeId = trade.firstTradeId = trade.lastTradeId = n;
    trade.price = n & 1 ? 61_800.1 : 61_800;
    trade.qty = 0.01 + (n % 7) * 0.001;
    trade.side = n & 1 ? 'buy' : 'sell';
    return engine.apply(trade, trade.eventTime) !== undefined;
  };
  for (let i = 0; i < perSecond * 61; i++) one();
  return {
    engine,
    step(): void {
      while (!one()) {}
    },
  };
}

// Fixtures are built in `setup`, not at import: filling a 60 s window at 1000 trades/s takes seconds.
function emitCase(perSecond: number): BenchCase {
  let f: ReturnType<typeof windowFixture> | undefined;
  const name = `symbol engine: metrics snapshot, 60 s window at ${perSecond} trades/s (${perSecond / 10} trades + 1 snapshot)`;
  return tinybenchCase(name, () => f?.step(), {
    setup: () => {
      f ??= windowFixture(perSecond);
    },
  });
}

function refreshCase(): BenchCase {
  let f: ReturnType<typeof windowFixture> | undefined;
  const name = 'symbol engine: snapshot() + structured clone, 60 s window at 1000 trades/s';
  return tinybenchCase(name, () => structuredClone(f?.engine.snapshot()), {
    setup: () => {
      f ??= windowFixture(1_000);
    },
  });
}

/** markPrice (1/s on the venue) and forceOrder events, interleaved with nothing else: their own cost. */
function otherEventsFixture() {
  const engine = readyEngine(DEFAULT_SYMBOL_PARAMS);
  let n = 0;
  const mark: MarkPriceEvent = {
    kind: 'markPriceUpdate',
    symbol: 'BTCUSDT',
    eventTime: T0,
    markPrice: 61_800,
    indexPrice: 61_790,
    estimatedSettlePrice: 61_790,
    fundingRate: 0.0001,
    nextFundingTime: T0 + 3_600_000,
  };
  const liq: ForceOrderEvent = {
    kind: 'forceOrder',
    symbol: 'BTCUSDT',
    eventTime: T0,
    tradeTime: T0,
    side: 'sell',
    orderType: 'LIMIT',
    timeInForce: 'IOC',
    status: 'FILLED',
    price: 61_700,
    avgPrice: 61_750,
    origQty: 0.5,
    lastFilledQty: 0.5,
    filledQty: 0.5,
  };
  return {
    mark(): void {
      n++;
      mark.eventTime = T0 + n;
      mark.markPrice = 61_800 + (n % 10) * 0.1;
      engine.apply(mark, mark.eventTime);
    },
    liquidation(): void {
      n++;
      liq.eventTime = liq.tradeTime = T0 + n;
      liq.side = n & 1 ? 'sell' : 'buy';
      engine.apply(liq, liq.eventTime);
      engine.drainPrints();
    },
  };
}

/**
 * A snapshot with a session profile over ~5 000 buckets: 1 trade per ms walking the price across 5 000 ticks of
 * 0.1 (profileBucket 0.1), 100 ms snapshots; `step()` = 100 trades + 1 snapshot, as in emitCase.
 */
function wideProfileCase(): BenchCase {
  let step: (() => void) | undefined;
  const name = 'symbol engine: metrics snapshot, session profile over 5 000 buckets (100 trades + 1 snapshot)';
  return tinybenchCase(name, () => step?.(), {
    setup: () => {
      if (step) return;
      const engine = readyEngine({ ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: 100, profileBucket: 0.1 });
      const trade = reusableTrade();
      let n = 0;
      const one = (): boolean => {
        n++;
        trade.eventTime = trade.tradeTime = T0 + n;
        trade.aggTradeId = trade.firstTradeId = trade.lastTradeId = n;
        const k = n % 10_000;
        trade.price = Math.round((61_500 + (k < 5_000 ? k : 10_000 - k) * 0.1) * 10) / 10;
        trade.side = n & 1 ? 'buy' : 'sell';
        return engine.apply(trade, trade.eventTime) !== undefined;
      };
      for (let i = 0; i < 10_000; i++) one();
      step = () => {
        while (!one()) {}
      };
    },
  });
}

const tape = new TradeTape();
/** 100 prints, then the cut and drain a snapshot does: divide by 100 for the cost per print. */
function tapeCycle(): void {
  for (let i = 0; i < 100; i++) tape.onPrint(T0 + i, 61_800 + i * 0.1, 0.01 * (1 + (i & 7)), i & 1 ? 1 : -1);
  tape.cut();
  tape.drain('BTCUSDT');
}

const trades = fixture();
const nqTrades = fixture({ ...DEFAULT_SYMBOL_PARAMS, tradeQuantity: 'nq' });
const diffs = fixture();
const others = otherEventsFixture();

export const suite: BenchSuite = {
  name: 'symbol metrics',
  cases: [
    tinybenchCase('symbol engine: apply aggTrade', () => trades.trade()),
    tinybenchCase('symbol engine: apply aggTrade, tradeQuantity nq', () => nqTrades.trade()),
    tinybenchCase('symbol engine: apply depthUpdate (5 levels, 1000-level book)', () => diffs.depth()),
    hashCase(),
    allocationCase(),
    // After the allocation case: each forceOrder builds its client print (by design, rare on the venue), and
    // millions of them here would be collected inside the 1e6-trade run and blur its heap figure.
    tinybenchCase('symbol engine: apply markPriceUpdate', () => others.mark()),
    tinybenchCase('symbol engine: apply forceOrder (+ drain its print)', () => others.liquidation()),
    emitCase(10),
    emitCase(1_000),
    wideProfileCase(),
    refreshCase(),
    tinybenchCase('trade tape: 100 prints + cut + drain (one snapshot at 1 000 trades/s)', tapeCycle),
  ],
};
