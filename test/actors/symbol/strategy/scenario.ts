/**
 * Crafted market sequences for the strategy tests: a ready symbol (book snapshot + backfillDone) with a known
 * 1m range (closed bars 99..101, ATR 2), 20 s of quiet two-sided flow (so Delta Z has statistics), and
 * builders for the sweep and the breakout on top. Each builder takes `omit` to remove one condition.
 */
import { SymbolEngine } from '../../../../src/actors/symbol/symbol-engine.js';
import type { StrategyOutput } from '../../../../src/actors/symbol/strategy/strategy-runner.js';
import type { NearMiss, StrategySignal } from '../../../../src/actors/symbol/strategy/strategy-output.js';
import { resolveStrategyParams } from '../../../../src/actors/symbol/strategy/strategy-params.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../../src/actors/symbol/symbol-params.js';
import type { MetricsMessage } from '../../../../src/schema/metrics-message.js';
import type { SymbolInput } from '../../../../src/schema/symbol-input.js';
import type { Level } from '../../../../src/schema/market-events.js';
import { aggTrade, backfillDone, diff, kline, SYMBOL, snapshot } from '../events.js';

/** Start of the live bar (a multiple of 60 s); backfill bars close before it. */
export const T0 = 60_000 * 28_000_000;

export class Tape {
  readonly inputs: SymbolInput[] = [];
  private uid = 1_000;
  private agg = 1;
  private shown: { bids: Level[]; asks: Level[] } = { bids: [], asks: [] };

  push(...e: SymbolInput[]): this {
    this.inputs.push(...e);
    return this;
  }

  trade(ts: number, price: number, qty: number, side: 'buy' | 'sell'): this {
    return this.push(aggTrade(ts, price, qty, side, this.agg++));
  }

  /** Top 10 levels around `mid` (0.1 apart): bid qty `b` each, ask qty `a` each. OBI = (b − a) / (b + a). */
  book(ts: number, mid: number, b: number, a: number): this {
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let i = 0; i < 10; i++) {
      bids.push([Math.round((mid - 0.1 * (i + 1)) * 10) / 10, b]);
      asks.push([Math.round((mid + 0.1 * (i + 1)) * 10) / 10, a]);
    }
    const old = this.shown;
    this.shown = { bids, asks };
    if (this.uid === 1_000) {
      this.uid++;
      return this.push(snapshot(this.uid, bids, asks, ts));
    }
    const u = this.uid + 1;
    const prev = this.uid;
    this.uid = u;
    // A fresh book: the old levels removed (qty 0) unless set again.
    const gone = (was: Level[], now: Level[]): Level[] =>
      was.filter(([p]) => !now.some(([q]) => q === p)).map(([p]) => [p, 0] as Level);
    return this.push(diff(u, u, prev, [...gone(old.bids, bids), ...bids], [...gone(old.asks, asks), ...asks], ts));
  }
}

/** Ready symbol, range 99..101 over 20 closed 1m bars, OI 1000 two minutes ago, 20 s of quiet flow at 100. */
export function baseTape(opts: { ready?: boolean } = {}): Tape {
  const t = new Tape();
  for (let i = 20; i >= 1; i--) t.push(kline(T0 - i * 60_000, 100, 101, 99, 100));
  t.push({
    kind: 'openInterestHist',
    symbol: SYMBOL,
    eventTime: T0 - 120_000,
    sumOpenInterest: 1_000,
    sumOpenInterestValue: 100_000,
  });
  t.book(T0 + 100, 100, 5, 5);
  if (opts.ready !== false) t.push(backfillDone(T0 + 100));
  for (let s = 1; s <= 20; s++) t.trade(T0 + s * 1_000, 100, s % 3 === 0 ? 1.5 : 1, s % 2 === 0 ? 'buy' : 'sell');
  return t;
}

export type SweepCondition = 'break' | 'burst' | 'levels' | 'returned' | 'cvd' | 'obi';

/** A buy sweep through the 101 high, then the failure back inside (fade SELL), minus `omit`. From T0 + 21 s. */
export function sweepFade(t: Tape, omit?: SweepCondition, at = T0 + 21_000, off = 0, quietS = 40): Tape {
  const px = (x: number) => Math.round((x + off) * 10) / 10;
  // Break omitted: the burst stops 0.1 short of the high (close: within 0.1 ATR). Levels: 2 instead of 4.
  const first = omit === 'break' ? 100.6 : omit === 'levels' ? 101.0 : 100.9;
  const levels = omit === 'levels' ? 2 : 4;
  const qty = omit === 'burst' ? 0.8 : 5;
  for (let i = 0; i < levels; i++) t.trade(at, px(first + 0.1 * i), qty, 'buy');
  // Book turns against the sweep (asks stacked) unless omitted.
  t.book(at + 300, px(100.9), 2, omit === 'obi' ? 2 : 8);
  if (omit === 'cvd') {
    // Buyers keep pushing (follow-through ~0.45 of the sweep) while price sags back: neither divergence nor absorption.
    for (let i = 0; i < 3; i++) t.trade(at + 400 + i * 50, px(101.0), 3, 'buy');
  }
  const back = px(omit === 'returned' ? 101.1 : 100.8);
  t.trade(at + 600, back, 0.2, 'sell');
  // Quiet afterwards: past the hold limit, so an armed setup expires and logs its near miss.
  for (let s = 1; s <= quietS; s++) t.trade(at + 600 + s * 1_000, back, 0.1, s % 2 === 0 ? 'buy' : 'sell');
  return t;
}

export type BreakoutCondition = 'obi' | 'flow' | 'persist' | 'oi' | 'break';

/** Bids stacked and buyers lifting for 5 s through the 101 high with OI up 1% (follow BUY), minus `omit`. */
export function imbalanceBreakout(t: Tape, omit?: BreakoutCondition, at = T0 + 21_000): Tape {
  t.push({ kind: 'openInterest', symbol: SYMBOL, eventTime: at - 500, openInterest: omit === 'oi' ? 990 : 1_010 });
  t.book(at, 100.5, omit === 'obi' ? 5 : 12, 5);
  for (let i = 0; i < 10; i++) {
    const ts = at + 200 + i * 500;
    const price = omit === 'break' ? 100.5 : Math.round((100.6 + 0.1 * i) * 10) / 10;
    t.trade(ts, price, omit === 'flow' ? 0.2 : 3, omit === 'flow' && i % 2 === 0 ? 'sell' : 'buy');
    // persist omitted: the book flips to neutral every 1 s, so agreement (~0.5 s) never lasts minPersistMs.
    if (omit === 'persist' && i % 2 === 1) t.book(ts + 100, 100.5, 5, 5);
    if (omit === 'persist' && i % 2 === 0 && i > 0) t.book(ts + 100, 100.5, 12, 5);
  }
  for (let s = 1; s <= 10; s++)
    t.trade(at + 5_000 + s * 1_000, omit === 'break' ? 100.5 : 101.5, 0.1, s % 2 === 0 ? 'buy' : 'sell');
  return t;
}

export interface Run {
  engine: SymbolEngine;
  outputs: StrategyOutput[];
  signals: StrategySignal[];
  nearMisses: NearMiss[];
  metrics: MetricsMessage[];
}

/** Feeds `inputs` to a fresh engine (strategy params patched) and collects everything it emitted. */
export function run(inputs: readonly SymbolInput[], patch?: Parameters<typeof resolveStrategyParams>[0]): Run {
  const engine = new SymbolEngine(SYMBOL, { ...DEFAULT_SYMBOL_PARAMS }, resolveStrategyParams(patch));
  const outputs: StrategyOutput[] = [];
  const metrics: MetricsMessage[] = [];
  for (const i of inputs) {
    const m = engine.apply(i, 0);
    if (m) metrics.push(m);
    outputs.push(...engine.drainStrategyOutputs());
  }
  return {
    engine,
    outputs,
    signals: outputs.filter((o): o is StrategySignal => !('type' in o)),
    nearMisses: outputs.filter((o): o is NearMiss => 'type' in o),
    metrics,
  };
}
