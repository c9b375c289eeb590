/**
 * `tapeline backtest` against `tapeline replay` of the same tape in the same run: frames per second of each,
 * read from the recorded BTCUSDT 2024-08-08 file (gunzip and parse included in both, as the commands do),
 * one thread. The backtest adds risk, the order core, the paper venue and the records to replay's work; the
 * target is a ratio of at most 1.5. Rounds alternate replay and backtest so both see the same machine load.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRiskParams } from '../src/actors/risk/risk-params.js';
import { resolveStrategyParams } from '../src/actors/symbol/strategy/strategy-params.js';
import { DEFAULT_SYMBOL_PARAMS } from '../src/actors/symbol/symbol-params.js';
import type { BacktestSettings } from '../src/app/backtest/backtest-options.js';
import { mergeResults } from '../src/app/backtest/merge-results.js';
import { paperVenueFor } from '../src/app/backtest/paper-venue-factory.js';
import { runBacktest } from '../src/app/backtest/run-backtest.js';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../src/schema/config/config-schema.js';
import { replayTapes } from '../src/app/replay/replay-tapes.js';
import { type BenchCase, BenchSkip, type BenchSuite } from './harness.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');
const FILE = 'hftbacktest/usdm/btcusdt_20240808.gz';

/** The config the backtest tests trade with (test/app/backtest/backtest-fixtures.ts), so orders and fills happen. */
export function settings(tape: string): BacktestSettings {
  return {
    tapes: [tape],
    symbolParams: { ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: DEFAULT_SNAPSHOT_INTERVAL_MS },
    strategyParams: resolveStrategyParams({
      sweepFade: { rangeBars: 3, burstZ: 2, minLevels: 2, cooldownMs: 5000, quantity: 0.01 },
      imbalanceBreakout: {
        rangeBars: 3,
        minOiChangePct: -100,
        minPersistMs: 500,
        flowZ: 1,
        obiThreshold: 0.2,
        cooldownMs: 5000,
        quantity: 0.01,
      },
    }),
    riskParams: parseRiskParams({
      maxOrderNotional: 2000,
      rampStart: 1,
      rampMax: 1,
      cooldownAfterOrderMs: 1000,
      orderTtlMs: 10000,
      timeInForce: 'GTC',
    }),
    latency: { kind: 'constant', ms: 5 },
    queue: 'risk-averse',
    makerFeeBps: 2,
    takerFeeBps: 5,
    balance: 10_000,
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
  };
}

const backtestVsReplay: BenchCase = {
  name: 'backtest vs replay: frames/s, one thread (btcusdt_20240808)',
  async run(opts) {
    const tape = join(DATA, FILE);
    if (!existsSync(tape)) throw new BenchSkip(`recorded data absent: ${tape}`);
    const s = settings(tape);
    const rounds = opts.quick ? 1 : 3;
    const replayMs: number[] = [];
    const backtestMs: number[] = [];
    let frames = 0;
    let fills = 0;
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      frames = (
        await replayTapes({
          tapes: [tape],
          params: s.symbolParams,
          strategyParams: s.strategyParams,
          onSnapshot: () => {},
        })
      ).frames;
      replayMs.push(performance.now() - t0);
      t0 = performance.now();
      const run = await runBacktest({ settings: s, venue: paperVenueFor });
      fills = mergeResults(run.symbols, s.balance, run.frames, run.warnings).fills.length;
      backtestMs.push(performance.now() - t0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const bt = median(backtestMs);
    const rp = median(replayMs);
    return {
      p50Us: (bt * 1000) / frames,
      p99Us: (Math.max(...backtestMs) * 1000) / frames,
      opsPerSec: (frames * 1000) / bt,
      samples: rounds,
      extra: {
        frames,
        backtestFramesPerSec: Math.round((frames * 1000) / bt),
        replayFramesPerSec: Math.round((frames * 1000) / rp),
        ratioToReplay: bt / rp,
        fills,
      },
    };
  },
};

export const suite: BenchSuite = { name: 'backtest', cases: [backtestVsReplay] };
