/**
 * The synthetic market holds the setups of both strategies (issue 6): 5 minutes of virtual time, default seed,
 * BTC/ETH/SOL through the sim's encoder and the Binance codec into a SymbolEngine; plus OI and band-OBI realism.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../src/actors/symbol/symbol-params.js';
import { simFeed } from '../../actors/symbol/strategy/sim-feed.js';

const SEED = 1;
const MINUTES = 5;

interface RunStats {
  signals: Record<string, number>;
  oiChangePct: number;
  bandMeanAbs: number;
}

function run(symbol: string): RunStats {
  const feed = simFeed(symbol, SEED);
  const engine = new SymbolEngine(symbol, { ...DEFAULT_SYMBOL_PARAMS });
  const signals: Record<string, number> = { sweepFade: 0, imbalanceBreakout: 0 };
  let oiFirst = Number.NaN;
  let oiLast = Number.NaN;
  let bandAbs = 0;
  let bandN = 0;
  for (const i of feed.start()) engine.apply(i, 0);
  engine.drainStrategyOutputs();
  for (let s = 0; s < MINUTES * 60; s++) {
    for (const i of feed.advance(1_000)) {
      if (i.kind === 'openInterest') {
        if (Number.isNaN(oiFirst)) oiFirst = i.openInterest;
        oiLast = i.openInterest;
      }
      const m = engine.apply(i, 0);
      if (m?.ready && m.obi.band !== null) {
        bandAbs += Math.abs(m.obi.band);
        bandN++;
      }
      for (const o of engine.drainStrategyOutputs())
        if (!('type' in o)) signals[o.strategy] = (signals[o.strategy] ?? 0) + 1;
    }
  }
  return { signals, oiChangePct: ((oiLast - oiFirst) / oiFirst) * 100, bandMeanAbs: bandAbs / bandN };
}

const stats = new Map<string, RunStats>();
const statsFor = (symbol: string): RunStats => {
  let s = stats.get(symbol);
  if (!s) {
    s = run(symbol);
    stats.set(symbol, s);
    console.log(`# ${symbol}: ${JSON.stringify(s)}`);
  }
  return s;
};
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const total = (name: string) => SYMBOLS.reduce((a, s) => a + (statsFor(s).signals[name] ?? 0), 0);

test(`seed ${SEED}, ${MINUTES} min: Sweep-Fade finds its setup`, { timeout: 120_000 }, () => {
  assert.ok(total('sweepFade') >= 1, 'at least one Sweep-Fade signal');
});

test(`seed ${SEED}, ${MINUTES} min: Imbalance-Breakout finds its setup`, { timeout: 120_000 }, () => {
  assert.ok(total('imbalanceBreakout') >= 1, 'at least one Imbalance-Breakout signal');
});

test('open interest drifts as on a liquid perp; the ±10 bp band OBI hovers around 0', { timeout: 120_000 }, () => {
  for (const symbol of SYMBOLS) {
    const s = statsFor(symbol);
    // Real majors: ~0.1–0.5 % in 5 minutes, a few % only in a liquidation cascade.
    assert.ok(Math.abs(s.oiChangePct) < 3, `${symbol} OI changed ${s.oiChangePct.toFixed(2)} % in ${MINUTES} min`);
    assert.ok(s.bandMeanAbs < 0.45, `${symbol} mean |band OBI| ${s.bandMeanAbs.toFixed(2)}`);
  }
});
