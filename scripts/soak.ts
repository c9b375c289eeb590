/**
 * The long reliability soak (issue 9), loopback only: (1) market chaos — a disconnect every `--disconnect-every`
 * seconds for `--minutes`, with gap/reorder/malformed rounds in between, judged by the independent chain checker;
 * (2) `--fuzz-cases` batches of hostile venue frames through the pipeline and codecs. Prints a figures table; exit 1
 * when an invariant broke.
 *   node dist/scripts/soak.js --minutes 10 --disconnect-every 30 --fuzz-cases 100000
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fuzzVenueFrames } from '../test/reliability/fixtures/hostile-frames.js';
import { fuzzEndpoints } from '../test/reliability/fixtures/endpoint-fuzz.js';
import { startChaos } from '../test/reliability/fixtures/market-chaos.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'disconnect-every': { type: 'string', default: '30' },
    'gap-every-ms': { type: 'string', default: '1500' },
    'fuzz-cases': { type: 'string', default: '100000' },
    'endpoint-cases': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`soak [--minutes 10] [--disconnect-every 30] [--gap-every-ms 1500] [--fuzz-cases 100000] [--endpoint-cases 100000] [--seed 1]
  market chaos against the simulated venue (disconnects, dropped/reordered depth updates, malformed frames),
  then hostile venue frames through the ingest pipeline and codecs, then generated HTTP requests, WS ops and
  admin lines (each --endpoint-cases) against a running supervisor. Prints figures; exit 1 on a broken invariant.`);
  process.exit(0);
}
process.env.TAPELINE_QUIET = '1';
const minutes = Number(values.minutes);
const disconnectEveryMs = Number(values['disconnect-every']) * 1000;
const gapEveryMs = Number(values['gap-every-ms']);
const rows: Array<[string, string, string]> = [];
let broken = false;
const check = (what: string, ok: boolean) => {
  if (!ok) {
    broken = true;
    console.error(`BROKEN: ${what}`);
  }
};

// (1) Market chaos for the requested wall time.
const run = await startChaos(Number(values.seed));
const end = Date.now() + minutes * 60_000;
let nextDisconnect = Date.now() + disconnectEveryMs;
const recoverGap: number[] = [];
const recoverDisc: number[] = [];
let f: ReturnType<typeof run.figures>;
try {
  while (Date.now() < end) {
    if (Date.now() >= nextDisconnect) {
      recoverDisc.push(await run.disconnectRound(90_000));
      nextDisconnect += disconnectEveryMs;
    } else {
      // 90 s: a resync may wait for the next minute of the REST weight budget (snapshots weigh 20 each).
      recoverGap.push(await run.gapRound(2, 90_000));
    }
    await new Promise((r) => setTimeout(r, gapEveryMs));
  }
  f = run.figures(); // before close: a stopped ingest reports no connections
} finally {
  await run.close();
}
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : 0);
rows.push(['depth gaps + reorders', `${f.gapsInjected} injected, ${f.gapsDetected} detected, ${f.resyncs} resyncs; bad books delivered ${f.badChains}, ready from a bad book ${f.readyWhileBad}`, `recover p50 ${pct(recoverGap, 0.5)} ms, max ${Math.max(0, ...recoverGap)} ms`]);
rows.push(['WS disconnects', `${f.disconnects} injected, ${f.reconnects} reconnects; ${f.trades} trades, id jumps ${f.tradeIdJumps}, lost ${f.tradesLost}, refilled over REST ${f.tradesRecovered}`, `recover p50 ${pct(recoverDisc, 0.5)} ms, max ${Math.max(0, ...recoverDisc)} ms`]);
rows.push(['malformed frames', `${f.malformedSeen} rejected with a code, ${f.depthFrames} depth diffs delivered`, 'no crash']);
check('every injected gap detected', f.gapsDetected >= f.gapsInjected);
check('no bad book delivered', f.badChains === 0 && f.readyWhileBad === 0);
check('no trade lost', f.tradeIdJumps === 0 && f.tradesLost === 0);

// (2) Hostile venue frames.
const t0 = performance.now();
const fz = fuzzVenueFrames(Number(values['fuzz-cases']), Number(values.seed));
rows.push(['hostile venue frames', `${fz.cases} cases (${fz.frames} frames): unclear errors ${fz.unclear}, non-finite inputs ${fz.nonFinite}, heap +${fz.heapDeltaMb} MB`, `${((performance.now() - t0) / 1000).toFixed(1)} s`]);
check('hostile frames: clear errors, finite inputs', fz.unclear === 0 && fz.nonFinite === 0);

// (3) Hostile client input to every server surface.
const e0 = performance.now();
const ef = await fuzzEndpoints(Number(values['endpoint-cases']), Number(values.seed));
rows.push(['hostile HTTP / WS ops / admin lines', `${ef.http} + ${ef.ws} + ${ef.admin} cases: unclear answers ${ef.httpUnclear} / ${ef.wsUnclear} / ${ef.adminUnclear}; servers up ${ef.serversUp}; rss +${ef.rssDeltaMb} MB`, `${((performance.now() - e0) / 1000).toFixed(1)} s`]);
check('endpoints: every input answered clearly, servers up', ef.httpUnclear + ef.wsUnclear + ef.adminUnclear === 0 && ef.serversUp);

console.log(`\nsoak: ${minutes} min market chaos (disconnect every ${disconnectEveryMs / 1000} s, gap round every ${gapEveryMs} ms), ${values['fuzz-cases']} fuzz cases, ${values['endpoint-cases']} endpoint cases each\n`);
console.log('| fault | figures | time |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
process.exit(broken ? 1 : 0);
