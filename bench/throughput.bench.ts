/**
 * Throughput (issue 8): the ingest → symbol path (flood ingest → market ring → the real symbol actor) at rising
 * rates; the highest rate whose every event arrives (no drop-oldest loss) and whose mailbox drains is the
 * sustained rate. The ring bounds the queue (runtime.marketChannelBytes); its peak depth is reported.
 */
import type { BenchSuite, CaseResult } from './harness.js';
import { summarizeUs } from './workers/tick-to-trade-hdr.js';
import { floodRun } from './workers/scale-run.js';

export const suite: BenchSuite = {
  name: 'throughput',
  cases: [
    {
      name: 'throughput: ingest -> symbol, highest sustained rate with no loss (1 symbol)',
      async run(opts): Promise<CaseResult> {
        const rates = opts.quick ? [20_000, 80_000] : [20_000, 50_000, 75_000, 100_000, 150_000, 200_000, 300_000];
        const ms = opts.quick ? 1_000 : 3_000;
        let best: CaseResult | undefined;
        const tried: string[] = [];
        for (const rate of rates) {
          const r = await floodRun({ symbols: 1, perWorker: 1, rate, ms, names: ['BTCUSDT'] });
          const achieved = (r.sent * 1_000) / ms;
          const ok = r.received === r.sent && r.dropped === 0 && achieved >= rate * 0.95;
          tried.push(`${rate / 1_000}k:${ok ? 'ok' : `lost ${r.sent - r.received}`}`);
          if (!ok) break;
          best = summarizeUs(r.hopsUs, r.elapsedMs);
          best.opsPerSec = achieved;
          best.extra = { ...best.extra, maxDepth: r.maxDepth, cpuPct: Math.round(r.cpuPct), tried: tried.join(' ') };
        }
        if (!best) throw new Error(`throughput: even ${rates[0]} events/s lost events (${tried.join(' ')})`);
        best.extra = { ...best.extra, tried: tried.join(' ') };
        return best;
      },
    },
  ],
};
