/**
 * The long reliability soak (issue 9), loopback only: (1) market chaos — a disconnect every `--disconnect-every`
 * seconds for `--minutes`, with either gap/reorder/malformed rounds in between (default) or, with `--gap-rate` /
 * `--reorder-rate`, every depth diff the venue publishes dropped / held back with that probability (seeded), run
 * until `--frames` diffs went out; judged by the independent chain checker and the venue's fault log matched to
 * the gaps ingest detected; (2) `--fuzz-cases` hostile venue frames through the pipeline and codecs;
 * (3) `--endpoint-cases` hostile client input per server surface (0 skips a part). Prints a figures table;
 * exit 1 when an invariant broke.
 *   node dist/scripts/soak.js --minutes 10 --disconnect-every 30 --fuzz-cases 100000
 *   node --expose-gc dist/scripts/soak.js --symbols 80 --gap-rate 0.005 --reorder-rate 0.005 --frames 1000000 --minutes 40 \
 *     --disconnect-every 300 --fuzz-cases 0 --endpoint-cases 0
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fuzzEndpoints } from '../test/reliability/fixtures/endpoint-fuzz.js';
import { fuzzVenueFrames } from '../test/reliability/fixtures/hostile-frames.js';
import { CHAOS_SYMBOLS, type ChaosOptions, startChaos } from '../test/reliability/fixtures/market-chaos.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'disconnect-every': { type: 'string', default: '30' },
    'gap-every-ms': { type: 'string', default: '1500' },
    'gap-rate': { type: 'string', default: '0' },
    'reorder-rate': { type: 'string', default: '0' },
    frames: { type: 'string', default: '0' },
    symbols: { type: 'string', default: String(CHAOS_SYMBOLS.length) },
    'fuzz-cases': { type: 'string', default: '100000' },
    'endpoint-cases': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`soak [--minutes 10] [--disconnect-every 30] [--gap-every-ms 1500] [--gap-rate 0] [--reorder-rate 0]
     [--frames 0] [--symbols 2] [--fuzz-cases 100000] [--endpoint-cases 100000] [--seed 1]
  market chaos against the simulated venue (disconnects, dropped/reordered depth updates, malformed frames),
  then hostile venue frames through the ingest pipeline and codecs, then generated HTTP requests, WS ops and
  admin lines (each --endpoint-cases) against a running supervisor. With --gap-rate/--reorder-rate each depth
  diff is faulted with that probability instead of in rounds, until --frames diffs went out (--minutes caps it).
  --disconnect-every 0 and a case count of 0 skip that part. Prints figures; exit 1 on a broken invariant.`);
  process.exit(0);
}

function option(name: keyof typeof values, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(values[name]);
  if (!Number.isFinite(v) || v < min || v > max) {
    console.error(`soak: --${name} must be a number in [${min}, ${max}]; got ${JSON.stringify(values[name])}`);
    process.exit(2);
  }
  return v;
}

process.env.TAPELINE_QUIET = '1';
const minutes = option('minutes', 0);
const disconnectEveryMs = option('disconnect-every', 0) * 1000;
const gapEveryMs = option('gap-every-ms', 1);
const gapRate = option('gap-rate', 0, 1);
const reorderRate = option('reorder-rate', 0, 1);
const frameTarget = option('frames', 0);
const symbolCount = option('symbols', 2, 1000);
const seed = option('seed', 0, 0xffff_ffff);
const rateMode = gapRate > 0 || reorderRate > 0;
const rows: Array<[string, string, string]> = [];
let broken = false;
const check = (what: string, ok: boolean) => {
  if (!ok) {
    broken = true;
    console.error(`BROKEN: ${what}`);
  }
};

// A crash anywhere in the process (ingest, venue, judge) is counted and fails the soak instead of ending it
// without figures.
let uncaught = 0;
process.on('uncaughtException', (err) => {
  uncaught++;
  console.error('uncaught exception:', err);
});
process.on('unhandledRejection', (err) => {
  uncaught++;
  console.error('unhandled rejection:', err);
});

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : 0;
const mb = (n: number) => (n / 1048576).toFixed(0);
/** Live memory: after a full GC when node runs with --expose-gc (else heapUsed includes garbage not yet collected). */
const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
};
const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);

/** Symbol names beyond the two majors: plausible specs derived from the name (symbol-spec.ts). */
function soakSymbols(n: number): string[] {
  const out = [...CHAOS_SYMBOLS, 'SOLUSDT', 'BNBUSDT', 'XRPUSDT'].slice(0, n);
  for (let i = out.length; i < n; i++) out.push(`SOAK${i}USDT`);
  return out;
}

// Many symbols at a per-frame fault rate resync several books a second: snapshots of 50 levels (weight 2, not
// 20) and a slower open-interest poll keep that inside the venue's 2400/min weight, as a real deployment with
// that many symbols would have to.
const chaosOpts: ChaosOptions = { symbols: soakSymbols(symbolCount) };
if (rateMode || symbolCount > CHAOS_SYMBOLS.length) {
  chaosOpts.ingest = {
    depthSnapshotLimit: 50,
    restWeightBudget: 2000,
    openInterestPollMs: Math.max(2000, symbolCount * 500),
  };
}

// (1) Market chaos for the requested wall time (or frames).
const t0 = Date.now();
const run = await startChaos(seed, chaosOpts);
const mem0 = memory();
const load: number[] = [];
const end = t0 + minutes * 60_000;
let nextDisconnect = disconnectEveryMs > 0 ? Date.now() + disconnectEveryMs : Number.POSITIVE_INFINITY;
const recoverGap: number[] = [];
const recoverDisc: number[] = [];
const disconnectAt: number[] = [];
let f: ReturnType<typeof run.figures>;
let mem1: NodeJS.MemoryUsage;
let venue = await run.venueFaults();
let nextProgress = Date.now() + 60_000;
const delivered = () => venue.events - venue.dropped;
try {
  if (rateMode) await run.rateFaults(gapRate, reorderRate, seed);
  while (Date.now() < end && !(frameTarget > 0 && delivered() >= frameTarget)) {
    if (Date.now() >= nextDisconnect) {
      disconnectAt.push(Date.now());
      // A round that does not recover fails the soak but not the run: the figures still get printed.
      try {
        recoverDisc.push(await run.disconnectRound(120_000));
      } catch (err) {
        check(`recovered from a disconnect: ${(err as Error).message}`, false);
      }
      nextDisconnect += disconnectEveryMs;
    } else if (!rateMode) {
      // 90 s: a resync may wait for the next minute of the REST weight budget (snapshots weigh 20 each).
      recoverGap.push(await run.gapRound(2, 90_000));
    }
    await new Promise((r) => setTimeout(r, rateMode ? 2000 : gapEveryMs));
    venue = await run.venueFaults();
    if (Date.now() >= nextProgress) {
      nextProgress += 60_000;
      load.push(loadavg()[0]!);
      const p = run.figures();
      const m = memory();
      log(
        `${delivered()} depth diffs out, ${venue.dropped} dropped + ${venue.reordered} reordered; ${p.gapsDetected} gaps detected, ${p.resyncs} resyncs, bad ${p.badChains + p.orphanDiffs}, ready-from-bad ${p.readyWhileBad}; REST peak weight ${p.restPeakWeight}; heap ${mb(m.heapUsed)} MB rss ${mb(m.rss)} MB external ${mb(m.external)} MB; load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
  }
  if (rateMode) {
    // Stop faulting and let every book come back.
    await run.rateFaults(0, 0, seed);
    await run.settle(90_000);
  }
  // The venue's full log to match against (round mode: malformed frames that landed on a diff count too).
  venue = await run.venueFaults(true);
  f = run.figures(); // before close: a stopped ingest reports no connections
  mem1 = memory();
} finally {
  await run.close();
}
const wallS = (Date.now() - t0) / 1000;
rows.push([
  'WS disconnects',
  `${f.disconnects} injected, ${f.reconnects} reconnects; ${f.trades} trades, id jumps ${f.tradeIdJumps}, lost ${f.tradesLost}, refilled over REST ${f.tradesRecovered}`,
  `recover p50 ${pct(recoverDisc, 0.5)} ms, max ${Math.max(0, ...recoverDisc)} ms`,
]);
check('no trade lost', f.tradeIdJumps === 0 && f.tradesLost === 0);
check('no crash', uncaught === 0 && f.engineCrashes === 0);
check('no bad book delivered', f.badChains === 0 && f.orphanDiffs === 0 && f.readyWhileBad === 0);
if (rateMode) {
  const m = run.match(venue);
  const rec = run.judge.gapRecoverMs;
  // Gaps in the minute after a disconnect resync while every symbol's trade refill (weight 20 each) takes the
  // REST budget: reported apart, so the tail says where it comes from.
  const afterDisc: number[] = [];
  const quiet: number[] = [];
  run.judge.gapRecoverAt.forEach((at, i) => {
    (disconnectAt.some((d) => at >= d && at < d + 60_000) ? afterDisc : quiet).push(rec[i]!);
  });
  const stats = (xs: number[]) => `p50 ${pct(xs, 0.5)} ms, p99 ${pct(xs, 0.99)} ms, max ${Math.max(0, ...xs)} ms`;
  rows.unshift([
    `depth faults at a per-frame rate (gap ${gapRate}, reorder ${reorderRate}), ${symbolCount} symbols @100ms`,
    `${delivered()} diffs out of ${venue.events} (${f.depthFrames} reached symbol actors); injected ${m.injected} (${venue.dropped} dropped, ${venue.reordered} reordered, ${venue.malformed} cut): ${m.detected} detected as a gap at the faulted id, ${m.absorbed} absorbed (symbol already resyncing), ${m.atReconnect} at a reconnect, unexplained gaps ${m.unexplainedGaps}; ingest gaps ${f.gapsDetected} (judge ${f.gapResets}), resyncs ${f.resyncs}; bad books delivered ${f.badChains + f.orphanDiffs}, ready from a bad book ${f.readyWhileBad}; crashes ${uncaught + f.engineCrashes}; heap ${mb(mem0.heapUsed)}→${mb(mem1.heapUsed)} MB, rss ${mb(mem0.rss)}→${mb(mem1.rss)} MB, external ${mb(mem0.external)}→${mb(mem1.external)} MB; load avg (1 min) mean ${(load.reduce((a, b) => a + b, 0) / Math.max(1, load.length)).toFixed(2)}, max ${Math.max(0, ...load).toFixed(2)}`,
    `${(wallS / 60).toFixed(1)} min; gap→resynced ${stats(rec)} (${quiet.length} away from disconnects: ${stats(quiet)}; ${afterDisc.length} in the minute after one: ${stats(afterDisc)}); REST peak weight ${f.restPeakWeight}/min`,
  ]);
  check(`${frameTarget} depth diffs delivered`, delivered() >= frameTarget);
  check('faults injected', m.injected > 0 && venue.logOverflow === 0);
  check(
    'every injected fault detected or absorbed, none reached a book',
    m.detected + m.absorbed + m.atReconnect === m.injected && f.badChains === 0,
  );
  check('every detected gap is an injected fault', m.unexplainedGaps === 0 && f.gapsDetected === f.gapResets);
} else {
  rows.unshift([
    'depth gaps + reorders',
    `${f.gapsInjected} injected, ${f.gapsDetected} detected, ${f.resyncs} resyncs; bad books delivered ${f.badChains + f.orphanDiffs}, ready from a bad book ${f.readyWhileBad}`,
    `recover p50 ${pct(recoverGap, 0.5)} ms, max ${Math.max(0, ...recoverGap)} ms`,
  ]);
  rows.push([
    'malformed frames',
    `${f.malformedSeen} rejected with a code, ${f.depthFrames} depth diffs delivered`,
    'no crash',
  ]);
  const m = run.match(venue);
  rows[0]![1] += `; venue log: ${venue.malformed} diffs cut by malformed frames, ${m.detected} detected at the faulted id, ${m.absorbed} absorbed, ${m.atReconnect} at a reconnect, unexplained gaps ${m.unexplainedGaps}`;
  check(
    'every injected gap detected',
    m.detected >= f.gapsInjected && m.unexplainedGaps === 0 && f.gapsDetected === m.detected,
  );
}

// (2) Hostile venue frames.
const fuzzCases = option('fuzz-cases', 0);
if (fuzzCases > 0) {
  const h0 = performance.now();
  const fz = fuzzVenueFrames(fuzzCases, seed);
  rows.push([
    'hostile venue frames',
    `${fz.cases} cases (${fz.frames} frames): unclear errors ${fz.unclear}, non-finite inputs ${fz.nonFinite}, heap +${fz.heapDeltaMb} MB`,
    `${((performance.now() - h0) / 1000).toFixed(1)} s`,
  ]);
  check('hostile frames: clear errors, finite inputs', fz.unclear === 0 && fz.nonFinite === 0);
}

// (3) Hostile client input to every server surface.
const endpointCases = option('endpoint-cases', 0);
if (endpointCases > 0) {
  const e0 = performance.now();
  const ef = await fuzzEndpoints(endpointCases, seed);
  rows.push([
    'hostile HTTP / WS ops / admin lines',
    `${ef.http} + ${ef.ws} + ${ef.admin} cases: unclear answers ${ef.httpUnclear} / ${ef.wsUnclear} / ${ef.adminUnclear}; servers up ${ef.serversUp}; rss +${ef.rssDeltaMb} MB`,
    `${((performance.now() - e0) / 1000).toFixed(1)} s`,
  ]);
  check(
    'endpoints: every input answered clearly, servers up',
    ef.httpUnclear + ef.wsUnclear + ef.adminUnclear === 0 && ef.serversUp,
  );
}

const chaos = rateMode
  ? `gap rate ${gapRate}, reorder rate ${reorderRate} per diff${frameTarget > 0 ? ` until ${frameTarget} diffs` : ''}`
  : `gap round every ${gapEveryMs} ms`;
console.log(
  `\nsoak: ${(wallS / 60).toFixed(1)} min market chaos on ${symbolCount} symbols (disconnect every ${disconnectEveryMs / 1000 || '—'} s, ${chaos}), ${fuzzCases} fuzz cases, ${endpointCases} endpoint cases each\n`,
);
console.log('| fault | figures | time |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
process.exit(broken ? 1 : 0);
