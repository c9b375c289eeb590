/**
 * The synthetic market fires the strategies about as often as the recorded market does (issue 16): seeds 1–10 ×
 * BTC/ETH/SOL, 6 minutes each in virtual time through the sim's encoders and the Binance codec, counted the way
 * `tapeline replay` counts them on the recordings (snapshot and streams, no backfill). The band is asserted on
 * the pooled rate, not on one seed's luck; the recorded rates are in docs/market-calibration.md. Also: OI drifts
 * as on a liquid perp and the ±10 bp band OBI hovers around 0 with the live start-up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addCounts,
  NO_SIGNALS,
  type SignalCount,
  simSignals,
} from '../../../scripts/market-calibration/signal-rates.js';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../src/actors/symbol/symbol-params.js';
import { simFeed } from '../../actors/symbol/strategy/sim-feed.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const SEEDS = 10;
const MINUTES = 6;

/**
 * Recorded rates per symbol-hour (replay of the four hftbacktest runs, 0.47 symbol-hours): Sweep-Fade 8 signals
 * → 17.1/h, band ×2 → 8.5–34. Imbalance-Breakout 3 signals (one each on BTCUSDT 2024-08-08, ETHUSDT 2024-08-08
 * and BTCUSDT 2024-07-18/19; judged without OI, which the tapes do not carry, and persisting 1 s) → 6.4/h, band
 * ×2 → 3.2–12.8. Three events is a thin base (Poisson 95 %: 1.3–18.7/h); the band is the issue's ×2.
 */
const BANDS: Record<string, [number, number]> = { sweepFade: [8.5, 34], imbalanceBreakout: [3.2, 12.8] };

test(`signal rates across seeds 1–${SEEDS} sit within the recorded band`, { timeout: 300_000 }, () => {
  let total: SignalCount = NO_SIGNALS;
  const perSeed: string[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    let seedCount: SignalCount = NO_SIGNALS;
    for (const symbol of SYMBOLS) seedCount = addCounts(seedCount, simSignals(symbol, seed, MINUTES, true));
    perSeed.push(`${seed}:${seedCount.signals.sweepFade}/${seedCount.signals.imbalanceBreakout}`);
    total = addCounts(total, seedCount);
  }
  console.log(`# per seed (sweepFade/imbalanceBreakout): ${perSeed.join(' ')}`);
  for (const [strategy, [lo, hi]] of Object.entries(BANDS)) {
    const rate = (total.signals[strategy] ?? 0) / total.hours;
    console.log(
      `# ${strategy}: ${total.signals[strategy]} in ${total.hours.toFixed(1)} symbol-hours = ${rate.toFixed(1)}/h (band ${lo}–${hi})`,
    );
    assert.ok(rate >= lo && rate <= hi, `${strategy} fires ${rate.toFixed(1)}/symbol-hour, outside ${lo}–${hi}`);
  }
});

test('open interest drifts as on a liquid perp; the ±10 bp band OBI hovers around 0', { timeout: 120_000 }, () => {
  for (const symbol of SYMBOLS) {
    const feed = simFeed(symbol, 1);
    const engine = new SymbolEngine(symbol, { ...DEFAULT_SYMBOL_PARAMS });
    let oiFirst = Number.NaN;
    let oiLast = Number.NaN;
    let bandAbs = 0;
    let bandN = 0;
    for (const i of feed.start()) engine.apply(i, 0);
    for (let s = 0; s < 5 * 60; s++) {
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
      }
      engine.drainStrategyOutputs();
    }
    const oiPct = ((oiLast - oiFirst) / oiFirst) * 100;
    // Real majors: ~0.1–0.5 % in 5 minutes, a few % only in a liquidation cascade.
    assert.ok(Math.abs(oiPct) < 1.5, `${symbol} OI changed ${oiPct.toFixed(2)} % in 5 min`);
    assert.ok(bandAbs / bandN < 0.45, `${symbol} mean |band OBI| ${(bandAbs / bandN).toFixed(2)}`);
  }
});
