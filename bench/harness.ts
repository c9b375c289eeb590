/**
 * The bench harness: every `bench/*.bench.ts` exports `suite: BenchSuite`; `npm run bench` runs them all, prints
 * name, p50, p99, ops/s and budget per case, and exits 1 when a case breaks its budget in bench/budgets.json.
 * In-process cases go through tinybench; cross-thread and network cases measure themselves and report samples.
 */
import { TapelineError } from '../src/schema/errors.js';
import { Bench, type Fn } from 'tinybench';

export interface BenchOptions {
  /** A short smoke run (CI, `--quick`): fewer iterations, same code paths. */
  quick: boolean;
}

export interface CaseResult {
  p50Us: number;
  p99Us: number;
  opsPerSec: number;
  samples: number;
  /**
   * The floor this case is judged against, measured in the same run (bench/wake-floor.ts): ratio budgets
   * (`maxP50OverFloor`) divide p50 by it; absolute figures are reported beside it, not enforced.
   */
  floorUs?: number;
  /** Case-specific figures (bytes per frame, drops, ratio, ...), printed and written to the JSON report. */
  extra?: Record<string, number | string>;
}

export interface BenchCase {
  /** Unique across the bench; also the key into budgets.json. */
  name: string;
  run(opts: BenchOptions): Promise<CaseResult>;
}

export interface BenchSuite {
  name: string;
  cases: BenchCase[];
}

/** Thrown by a case that cannot run here (recorded data absent): reported as skipped, never as a failure. */
export class BenchSkip extends TapelineError {
  constructor(reason: string) {
    super('TL_BENCH_SKIP', reason);
  }
}

/** Wraps a synchronous or async function as a tinybench-measured case. */
export function tinybenchCase(
  name: string,
  fn: Fn,
  hooks: { setup?: () => void | Promise<void>; teardown?: () => void | Promise<void> } = {},
): BenchCase {
  return {
    name,
    async run(opts) {
      await hooks.setup?.();
      try {
        const bench = new Bench({
          time: opts.quick ? 100 : 1_000,
          warmupTime: opts.quick ? 20 : 200,
          iterations: opts.quick ? 100 : 1_000,
        });
        bench.add(name, fn);
        await bench.run();
        const result = bench.getTask(name)?.result;
        if (result?.state !== 'completed') {
          const why = result && 'error' in result ? String(result.error) : 'no result';
          throw new Error(`bench case ${name} did not complete: ${why}`);
        }
        return {
          p50Us: result.latency.p50 * 1_000,
          p99Us: result.latency.p99 * 1_000,
          opsPerSec: result.throughput.mean,
          samples: result.latency.samplesCount,
        };
      } finally {
        await hooks.teardown?.();
      }
    },
  };
}

/** Percentiles of a sample array in µs (sorts in place). */
export function percentilesUs(samplesUs: Float64Array | number[], elapsedMs: number): CaseResult {
  const sorted = Float64Array.from(samplesUs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    p50Us: at(0.5),
    p99Us: at(0.99),
    opsPerSec: elapsedMs > 0 ? (sorted.length * 1_000) / elapsedMs : 0,
    samples: sorted.length,
  };
}

/** A case measured on a batch of `n` items, reported per item (µs per item, items per second). */
export function perItem(r: CaseResult, n: number, extra: Record<string, number | string>): CaseResult {
  return {
    p50Us: r.p50Us / n,
    p99Us: r.p99Us / n,
    opsPerSec: r.opsPerSec * n,
    samples: r.samples,
    extra: { nsPerItemP50: (r.p50Us * 1000) / n, batch: n, ...extra },
  };
}

/**
 * Runs `step` `count` times after a warm-up and reports the mean cost plus GC events and heap growth: the
 * allocation check of the hot paths (a step that allocates nothing shows ~0 GC events and a flat heap).
 */
export async function allocationRun(step: () => void, count: number, label: string): Promise<CaseResult> {
  for (let i = 0; i < 50_000; i++) step(); // warm up (JIT, ring growth)
  let gcs = 0;
  const { PerformanceObserver } = await import('node:perf_hooks');
  const obs = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  obs.observe({ entryTypes: ['gc'] });
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) step();
  const ms = performance.now() - t0;
  const heap1 = process.memoryUsage().heapUsed;
  await new Promise((r) => setTimeout(r, 100)); // let the observer deliver the gc entries
  obs.disconnect();
  const perUs = (ms * 1_000) / count;
  return {
    p50Us: perUs,
    p99Us: perUs,
    opsPerSec: (count * 1_000) / ms,
    samples: count,
    extra: { [label]: count, gcEvents: gcs, heapDeltaBytes: heap1 - heap0, bytesPerStep: (heap1 - heap0) / count },
  };
}
