/**
 * Scale (issue 8): ~500 symbol actors at once on this 2-core machine, packed runtime.symbolsPerWorker to a
 * thread (src/runtime/packing), fed at a realistic aggregate rate; reports the ingest → symbol hop (HDR) of the
 * steady state after a warm-up flood (its hops reported apart, as warmupP50Us/warmupP99Us), peak RSS and CPU of
 * the process, loss and start-up. Beside it the same load with one thread per symbol on fewer symbols, to show
 * what a thread per symbol costs. `--quick`: 100 symbols for 3 s after a 1 s warm-up.
 */
import type { BenchCase, BenchOptions, BenchSuite } from './harness.js';
import { summarizeUs } from './workers/tick-to-trade-hdr.js';
import { floodRun } from './workers/scale-run.js';

/** Aggregate event rate across all symbols (events/s): a busy hour of Binance USD-M trades, every perpetual. */
const RATE = Number(process.env.TAPELINE_SCALE_RATE ?? 5_000);

function scaleCase(
  name: string,
  pick: (o: BenchOptions) => { symbols: number; perWorker: number; ms: number },
): BenchCase {
  return {
    name,
    async run(opts) {
      const p = pick(opts);
      const r = await floodRun({ ...p, rate: RATE, warmupMs: opts.quick ? 1_000 : 3_000 });
      const res = summarizeUs(r.hopsUs, r.elapsedMs);
      const warm = summarizeUs(r.warmupHopsUs, 0);
      res.extra = {
        ...res.extra,
        warmupP50Us: Math.round(warm.p50Us),
        warmupP99Us: Math.round(warm.p99Us),
        symbols: p.symbols,
        threads: r.threads,
        rssMb: Math.round(r.peakRssMb),
        cpuPct: Math.round(r.cpuPct),
        startupMs: Math.round(r.startupMs),
        sent: r.sent,
        lost: r.sent - r.received,
        dropped: r.dropped,
        maxDepth: r.maxDepth,
      };
      if (r.sent !== r.received)
        throw new Error(`scale: ${r.sent - r.received} of ${r.sent} events lost (dropped ${r.dropped})`);
      return res;
    },
  };
}

export const suite: BenchSuite = {
  name: 'scale',
  cases: [
    scaleCase('scale: 500 symbols packed 125/thread, hop ingest -> symbol', (o) =>
      o.quick ? { symbols: 100, perWorker: 25, ms: 3_000 } : { symbols: 500, perWorker: 125, ms: 30_000 },
    ),
    scaleCase('scale: 50 symbols, one thread each, hop ingest -> symbol', (o) =>
      o.quick ? { symbols: 20, perWorker: 1, ms: 3_000 } : { symbols: 50, perWorker: 1, ms: 15_000 },
    ),
  ],
};
