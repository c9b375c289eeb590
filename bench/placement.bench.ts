/**
 * Placement by measurement (issue 19): tick-to-trade through the real supervisor with the core actors placed
 * each sensible way (runtime.placement), beside the floor measured in the same run (bench/wake-floor.ts: the
 * one-thread pipeline + 3 one-way wakes). The default per core count in src/app/placement.ts is the placement
 * this bench found best; the table is in bench/RESULTS.md. Placements run interleaved in rounds (A B C ... A B
 * C ...) so load from other processes falls on all of them alike; each figure pools its rounds.
 * Not budgeted: it informs the default, and tick-to-trade.bench.ts enforces the default's ratio. Opt-in (about
 * 5 minutes): TAPELINE_BENCH_PLACEMENT=1 npm run bench -- --filter placement.
 */
import { availableParallelism } from 'node:os';
import { type BenchCase, type BenchOptions, BenchSkip, type BenchSuite, type CaseResult } from './harness.js';
import { actorRun, collapsedRun } from './tick-to-trade.bench.js';
import { floorUs, measureWakeUs } from './wake-floor.js';
import { summarizeUs } from './workers/tick-to-trade-hdr.js';

type Groups = string[][];
const PLACEMENTS: Array<[string, 'isolated' | Groups]> = [
  ['isolated', 'isolated'],
  ['risk+execution', [['risk', 'execution']]],
  ['risk+execution+gateway', [['risk', 'execution', 'gateway']]],
  ['ingest+risk+execution', [['ingest', 'risk', 'execution']]],
  ['ingest+risk+execution+gateway', [['ingest', 'risk', 'execution', 'gateway']]],
  ['symbols+risk+execution', [['symbols', 'risk', 'execution']]],
  ['ingest+symbols+risk+execution', [['ingest', 'symbols', 'risk', 'execution']]],
  ['one thread: ingest+symbols+risk+execution+gateway', [['ingest', 'symbols', 'risk', 'execution', 'gateway']]],
];

interface Measured {
  e2e: Map<string, number[]>;
  venue: Map<string, number[]>;
  lost: Map<string, number>;
  pipelineUs: number[];
  wakeUs: number[];
}

let cached: Promise<Measured> | undefined;
function measure(opts: BenchOptions): Promise<Measured> {
  if (process.env.TAPELINE_BENCH_PLACEMENT !== '1')
    throw new BenchSkip('opt-in (about 5 minutes): set TAPELINE_BENCH_PLACEMENT=1');
  cached ??= (async () => {
    const rounds = opts.quick ? 1 : 3;
    const count = opts.quick ? 1_000 : 3_000;
    const m: Measured = { e2e: new Map(), venue: new Map(), lost: new Map(), pipelineUs: [], wakeUs: [] };
    for (let r = 0; r < rounds; r++) {
      m.wakeUs.push(...(await measureWakeUs(count / 4)));
      m.pipelineUs.push(...(await collapsedRun(count, 500)).us);
      for (const [name, placement] of PLACEMENTS) {
        const run = await actorRun(count, 500, placement);
        m.e2e.set(name, [...(m.e2e.get(name) ?? []), ...run.e2eUs]);
        m.venue.set(name, [...(m.venue.get(name) ?? []), ...run.venueUs]);
        m.lost.set(name, (m.lost.get(name) ?? 0) + run.lost);
      }
    }
    return m;
  })();
  return cached;
}

function placementCase(name: string): BenchCase {
  return {
    name: `placement: ${name}, tick-to-trade frame at ingest -> order bytes out`,
    async run(opts): Promise<CaseResult> {
      const m = await measure(opts);
      const res = summarizeUs(m.e2e.get(name)!, 0);
      const pipeline = summarizeUs(m.pipelineUs, 0).p50Us;
      const wake = summarizeUs(m.wakeUs, 0).p50Us;
      const venue = summarizeUs(m.venue.get(name)!, 0);
      return {
        ...res,
        floorUs: floorUs(pipeline, wake),
        extra: {
          ...res.extra,
          venueP50Us: venue.p50Us,
          venueP99Us: venue.p99Us,
          lost: m.lost.get(name)!,
          pipelineP50Us: pipeline,
          wakeP50Us: wake,
          cores: availableParallelism(),
        },
      };
    },
  };
}

export const suite: BenchSuite = {
  name: 'placement',
  cases: PLACEMENTS.map(([name]) => placementCase(name)),
};
