/**
 * What one more symbol costs the simulated venue's generator: CPU per symbol per second of exchange time with
 * the three default symbols and with 300 names added live (derived specs), no encoding and no network (the
 * server's encoders and fan-out come on top; bench/sim.bench.ts measures those). The ratio is against the
 * 3-symbol case of the same run.
 */

import { NULL_SINK } from '../src/venues/sim/market/market-events.js';
import { STEP_MS, SymbolMarket } from '../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../src/venues/sim/market/symbol-spec.js';
import type { BenchCase, BenchSuite, CaseResult } from './harness.js';

const START = 1_723_161_600_000;

function measure(names: string[], steps: number): CaseResult {
  const markets = names.map((s) => new SymbolMarket(symbolSpec(s), 1, START, NULL_SINK));
  // Warm-up: JIT and the books' first re-quotes.
  for (let i = 0; i < 100; i++) for (const m of markets) m.step();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) for (const m of markets) m.step();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const exchangeSeconds = (steps * STEP_MS) / 1000;
  const usPerSymbolSecond = (cpu.user + cpu.system) / names.length / exchangeSeconds;
  return {
    p50Us: Number.NaN,
    p99Us: Number.NaN,
    opsPerSec: (steps * names.length * 1000) / elapsed,
    samples: steps * names.length,
    extra: {
      cpuUsPerSymbolPerExchangeSecond: Math.round(usPerSymbolSecond),
      coreSharePerSymbolPct: Number((usPerSymbolSecond / 1e4).toFixed(3)),
    },
  };
}

let baseline = Number.NaN;

const defaults: BenchCase = {
  name: 'sim symbols: generator CPU per symbol, 3 default symbols',
  async run(opts) {
    const r = measure(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], opts.quick ? 200 : 1200);
    baseline = r.extra?.cpuUsPerSymbolPerExchangeSecond as number;
    return r;
  },
};

const many: BenchCase = {
  name: 'sim symbols: generator CPU per symbol, 300 symbols added live',
  async run(opts) {
    const names = Array.from({ length: 300 }, (_, i) => `SIM${i}USDT`);
    const r = measure(names, opts.quick ? 40 : 400);
    const per = r.extra?.cpuUsPerSymbolPerExchangeSecond as number;
    return { ...r, extra: { ...r.extra, ratioToDefaults: Number((per / baseline).toFixed(2)) } };
  },
};

export const suite: BenchSuite = { name: 'simulated venue: cost per symbol', cases: [defaults, many] };
