/**
 * The write-ahead execution journal's cost per order attempt (safety invariant 4, docs/contract.md: the attempt is on disk before the request
 * leaves): one JSONL line appended and fsynced to `executions.jsonl`, against the same append without fsync
 * (`decisions.jsonl`'s policy). The tick-to-trade bench stops at the order bytes and leaves this out; a live
 * order pays both, so bench/RESULTS.md states production tick-to-trade as pipeline + this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionJournal } from '../src/actors/execution/execution-journal.js';
import { JsonlLog } from '../src/runtime/log/jsonl-log.js';
import { type BenchCase, type BenchSuite, percentilesUs } from './harness.js';

/** On the data disk, as `--data-dir` would be (not tmpfs: /tmp is the root disk here). */
const BASE = join(process.cwd(), '.bench-journal');

function attempt(i: number) {
  return {
    ts: Date.now(),
    kind: 'attempt' as const,
    clientOrderId: `tl-BTCUSDT-sf-${1_732_000_000_000 + i}`,
    decisionId: `BTCUSDT:sweepFade:${1_732_000_000_000 + i}`,
    symbol: 'BTCUSDT',
    side: 'BUY',
    price: 61_800.1,
    quantity: 0.012,
    timeInForce: 'GTX',
  };
}

function journalCase(name: string, durable: boolean): BenchCase {
  return {
    name,
    async run(opts) {
      const count = opts.quick ? 200 : 2_000;
      const dir = mkdtempSync(`${BASE}-`);
      const journal = durable ? new ExecutionJournal(dir, { audit: false }) : undefined;
      const plain = durable ? undefined : JsonlLog.open(dir, 'decisions');
      const append = (r: ReturnType<typeof attempt>): void => (journal ? journal.write(r) : plain!.append(r));
      const samples: number[] = [];
      const started = performance.now();
      try {
        for (let i = 0; i < count; i++) {
          const t = performance.now();
          append(attempt(i));
          samples.push((performance.now() - t) * 1_000);
        }
      } finally {
        journal?.close();
        plain?.close();
        rmSync(dir, { recursive: true, force: true });
      }
      return percentilesUs(samples, performance.now() - started);
    },
  };
}

export const suite: BenchSuite = {
  name: 'execution journal',
  cases: [
    journalCase('execution journal: attempt appended + fsynced (before the order leaves)', true),
    journalCase('execution journal: same line appended without fsync', false),
  ],
};
