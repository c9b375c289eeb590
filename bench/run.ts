/**
 * `npm run bench [-- --quick] [--filter TEXT] [--json FILE]`: runs every bench/*.bench.js suite in this
 * directory, prints a table with budgets, and exits 1 when any case is over budget or fails.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchSuite, CaseResult } from './harness.js';
// First: fixes the bench clock's epoch offset in this thread before any bench starts a worker (nowMs there).
import './workers/tick-to-trade-stages.js';

interface Budget {
  p50Us?: number;
  p99Us?: number;
  minOpsPerSec?: number;
  /** Ratio budget: p50 ≤ this × the case's floor measured in the same run (CaseResult.floorUs). */
  maxP50OverFloor?: number;
  /** Ratio budget: p99 ≤ this × the case's own p50 (tail against body, independent of the machine). */
  maxP99OverP50?: number;
  /** Enforced in full runs only: set-up dominates a `--quick` run of this case. */
  fullOnly?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    filter: { type: 'string' },
    json: { type: 'string' },
  },
});

const budgetsPath = join(here, '..', '..', 'bench', 'budgets.json');
const budgets = JSON.parse(readFileSync(budgetsPath, 'utf8')) as Record<string, Budget>;

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '-';
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  if (n >= 10_000) return `${(n / 1_000).toFixed(1)}k`;
  return n.toFixed(digits);
}

function overBudget(result: CaseResult, budget: Budget | undefined): string[] {
  const broken: string[] = [];
  if (!budget || (budget.fullOnly && values.quick)) return broken;
  if (budget.p50Us !== undefined && result.p50Us > budget.p50Us)
    broken.push(`p50 ${fmt(result.p50Us)}µs > ${budget.p50Us}µs`);
  if (budget.p99Us !== undefined && result.p99Us > budget.p99Us)
    broken.push(`p99 ${fmt(result.p99Us)}µs > ${budget.p99Us}µs`);
  if (budget.minOpsPerSec !== undefined && result.opsPerSec < budget.minOpsPerSec) {
    broken.push(`ops/s ${fmt(result.opsPerSec)} < ${fmt(budget.minOpsPerSec)}`);
  }
  if (budget.maxP50OverFloor !== undefined) {
    const ratio = result.floorUs ? result.p50Us / result.floorUs : Number.NaN;
    if (!(ratio <= budget.maxP50OverFloor)) broken.push(`p50 ${fmt(ratio, 2)}× floor > ${budget.maxP50OverFloor}×`);
  }
  if (budget.maxP99OverP50 !== undefined && !(result.p99Us / result.p50Us <= budget.maxP99OverP50))
    broken.push(`p99 ${fmt(result.p99Us / result.p50Us, 2)}× p50 > ${budget.maxP99OverP50}×`);
  return broken;
}

function budgetText(budget: Budget | undefined): string {
  if (!budget) return 'none';
  const parts: string[] = [];
  if (budget.p50Us !== undefined) parts.push(`p50≤${budget.p50Us}µs`);
  if (budget.p99Us !== undefined) parts.push(`p99≤${budget.p99Us}µs`);
  if (budget.minOpsPerSec !== undefined) parts.push(`≥${fmt(budget.minOpsPerSec)}/s`);
  if (budget.maxP50OverFloor !== undefined) parts.push(`p50≤${budget.maxP50OverFloor}×floor`);
  if (budget.maxP99OverP50 !== undefined) parts.push(`p99≤${budget.maxP99OverP50}×p50`);
  return parts.length ? parts.join(' ') : 'none';
}

async function main(): Promise<number> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.js'))
    .sort();
  const report: Array<{ suite: string; case: string; result?: CaseResult; error?: string; broken: string[] }> = [];
  let failures = 0;
  console.log(
    `tapeline bench${values.quick ? ' (quick)' : ''} on Node ${process.version}, ${process.platform}-${process.arch}, ` +
      `${availableParallelism()} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    ['case'.padEnd(52), 'p50 µs'.padStart(9), 'p99 µs'.padStart(9), 'ops/s'.padStart(9), '  budget', '  verdict'].join(
      ' ',
    ),
  );
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { suite?: BenchSuite };
    const suite = mod.suite;
    if (!suite) continue;
    for (const c of suite.cases) {
      if (values.filter && !c.name.includes(values.filter) && !suite.name.includes(values.filter)) continue;
      const budget = budgets[c.name];
      try {
        const result = await c.run({ quick: values.quick ?? false });
        const broken = overBudget(result, budget);
        if (broken.length) failures++;
        report.push({ suite: suite.name, case: c.name, result, broken });
        const floor =
          result.floorUs !== undefined
            ? `  floor=${fmt(result.floorUs)}µs p50/floor=${fmt(result.p50Us / result.floorUs, 2)} p99/p50=${fmt(result.p99Us / result.p50Us, 2)}`
            : '';
        const extra = result.extra
          ? `  ${Object.entries(result.extra)
              .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v, 2) : v}`)
              .join(' ')}`
          : '';
        console.log(
          [
            c.name.padEnd(52),
            fmt(result.p50Us).padStart(9),
            fmt(result.p99Us).padStart(9),
            fmt(result.opsPerSec, 0).padStart(9),
            `  ${budgetText(budget)}`,
            `  ${broken.length ? `OVER: ${broken.join(', ')}` : 'ok'}`,
          ].join(' ') +
            floor +
            extra,
        );
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if ((err as { code?: string }).code === 'TL_BENCH_SKIP') {
          report.push({ suite: suite.name, case: c.name, error: `skipped: ${message}`, broken: [] });
          console.log(`${c.name.padEnd(52)} SKIPPED: ${message}`);
          continue;
        }
        failures++;
        report.push({ suite: suite.name, case: c.name, error: message, broken: ['failed'] });
        console.log(`${c.name.padEnd(52)} FAILED: ${message}`);
      }
    }
  }
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          node: process.version,
          loadavg: loadavg(),
          cpus: availableParallelism(),
          report,
        },
        null,
        2,
      ),
    );
  console.log(failures ? `\n${failures} case(s) over budget or failed` : '\nall cases within budget');
  return failures ? 1 : 0;
}

process.exitCode = await main();
