/**
 * One flood run for the scale and throughput benches: the real supervisor with the flood ingest, the real
 * symbol actor (wrapped to measure the hop) and null core actors; reports hop latencies, loss, peak mailbox
 * depth, peak RSS and CPU of the whole process (every thread), and the time to start all actors.
 *
 * A warm-up flood (same rate, `warmupMs`) runs first and is reported apart: the first seconds after start-up pay
 * JIT compilation of every actor path on every thread at once (hops of 100 ms–1 s on 2 cores), which is start-up
 * cost, not the steady state the hop budget is about. During the measured flood the bench reads nothing from the
 * symbol threads: peak mailbox depth is sampled (every 200 ms, a status call per actor) only with ≤ 10 symbols,
 * because at 500 symbols those 2 500 status calls a second were themselves a load on the packed threads.
 */
import { startSupervisor, type Supervisor } from '../../src/app/supervisor.js';
import { benchConfig } from '../tick-to-trade.bench.js';

const W = (f: string) => new URL(`./${f}`, import.meta.url).href;
const DEPTH_SAMPLED_UP_TO = 10;

export interface FloodResult {
  hopsUs: number[];
  /** Event at ingest → handled by its symbol actor (an intent would leave here). */
  doneUs: number[];
  /** Event at ingest → the metrics snapshot it closed sent on telemetry. */
  metricsUs: number[];
  /** Hops of the warm-up flood (not in hopsUs). */
  warmupHopsUs: number[];
  sent: number;
  received: number;
  dropped: number;
  /** Frames the gateway's inbound rings (telemetry) dropped because it lagged. */
  telemetryDropped: number;
  /** Peak total mailbox depth of the symbol actors, or -1 when not sampled (more than 10 symbols). */
  maxDepth: number;
  peakRssMb: number;
  cpuPct: number;
  /** CPU of the whole process (every thread) per event sent, µs: the work, whatever the neighbours' load. */
  processCpuUsPerEvent: number;
  /** CPU of the symbol threads per event sent, µs (/proc/thread-self/schedstat). */
  symbolCpuUsPerEvent: number;
  startupMs: number;
  threads: number;
  elapsedMs: number;
}

interface Taken {
  hops: number[];
  doneUs: number[];
  metricsUs: number[];
  received: number;
  threadId: number;
  cpuNs: number;
}

/** CPU of the symbol threads (ns), one reading per thread. */
function symbolThreadsCpuNs(taken: Taken[]): number {
  const byThread = new Map<number, number>();
  for (const t of taken) byThread.set(t.threadId, t.cpuNs);
  let n = 0;
  for (const v of byThread.values()) n += v;
  return n;
}

async function symbolDepth(sup: Supervisor): Promise<number> {
  return (await sup.actors()).filter((a) => a.kind === 'symbol').reduce((n, a) => n + a.mailboxDepth, 0);
}

/** Floods for `ms`, then waits (≤ 10 s) until ingest is done and every event has arrived. */
async function flood(
  sup: Supervisor,
  opts: { rate: number; ms: number; sampleDepth: boolean; zipf?: number },
  onTick: () => void,
) {
  await sup.actorCommand('ingest', 'flood', { rate: opts.rate, ms: opts.ms, zipf: opts.zipf });
  let progress = { sent: 0, done: false };
  let maxDepth = 0;
  const deadline = performance.now() + opts.ms + 10_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    onTick();
    progress = (await sup.actorCommand('ingest', 'progress')) as typeof progress;
    if (opts.sampleDepth || progress.done) {
      const depth = await symbolDepth(sup);
      maxDepth = Math.max(maxDepth, depth);
      if (progress.done && depth === 0) break;
    }
    if (performance.now() > deadline) break;
  }
  return { sent: progress.sent, maxDepth };
}

async function takeHops(sup: Supervisor, names: string[]): Promise<Taken[]> {
  return Promise.all(names.map((n) => sup.actorCommand(n, 'takeHops') as Promise<Taken>));
}

export async function floodRun(opts: {
  symbols: number;
  perWorker: number;
  rate: number;
  ms: number;
  warmupMs?: number;
  names?: string[];
  /** Per-symbol rates ∝ 1/(k+1)^zipf instead of round-robin (full-market bench). */
  zipf?: number;
  /** Heartbeat timeout (default 5 s): the full-market bench gives a starved thread longer before it is "hung". */
  heartbeatTimeoutMs?: number;
}): Promise<FloodResult> {
  const names = opts.names ?? Array.from({ length: opts.symbols }, (_, i) => `SYM${i}USDT`);
  const config = benchConfig(names, {
    symbolsPerWorker: opts.perWorker,
    ...(opts.heartbeatTimeoutMs ? { heartbeatTimeoutMs: opts.heartbeatTimeoutMs } : {}),
  });
  const t0 = performance.now();
  const sup = await startSupervisor(config, {
    admin: false,
    modules: {
      ingest: W('scale-ingest.js'),
      symbol: W('scale-symbol.js'),
      risk: W('tick-to-trade-gateway.js'),
      execution: W('tick-to-trade-gateway.js'),
      gateway: W('tick-to-trade-gateway.js'),
    },
    venue: {
      kind: 'sim',
      rest: 'http://127.0.0.1:9',
      ws: 'ws://127.0.0.1:9',
      apiKey: 'bench',
      apiSecret: 'bench',
      stop: async () => {},
    },
  });
  const startupMs = performance.now() - t0;
  try {
    const symbolActors = (await sup.actors()).filter((a) => a.kind === 'symbol').map((a) => a.name);
    const sampleDepth = names.length <= DEPTH_SAMPLED_UP_TO;
    let peakRss = process.memoryUsage().rss;
    const sampleRss = () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    };
    let warmupHopsUs: number[] = [];
    let symbolCpu0 = 0;
    if (opts.warmupMs) {
      await flood(sup, { rate: opts.rate, ms: opts.warmupMs, sampleDepth, zipf: opts.zipf }, sampleRss);
      const warm = await takeHops(sup, symbolActors);
      warmupHopsUs = warm.flatMap((t) => t.hops);
      symbolCpu0 = symbolThreadsCpuNs(warm);
    }
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const run = await flood(sup, { rate: opts.rate, ms: opts.ms, sampleDepth, zipf: opts.zipf }, sampleRss);
    const elapsedMs = performance.now() - w0;
    const cpu = process.cpuUsage(cpu0);
    const all = await sup.actors();
    const actors = all.filter((a) => a.kind === 'symbol');
    const taken = await takeHops(sup, symbolActors);
    return {
      hopsUs: taken.flatMap((t) => t.hops),
      doneUs: taken.flatMap((t) => t.doneUs),
      metricsUs: taken.flatMap((t) => t.metricsUs),
      warmupHopsUs,
      sent: run.sent,
      received: taken.reduce((n, t) => n + t.received, 0),
      dropped: actors.reduce((n, a) => n + a.dropped, 0),
      telemetryDropped: all.filter((a) => a.kind === 'gateway').reduce((n, a) => n + a.dropped, 0),
      maxDepth: sampleDepth ? run.maxDepth : -1,
      peakRssMb: peakRss / 2 ** 20,
      cpuPct: ((cpu.user + cpu.system) / 1_000 / elapsedMs) * 100,
      processCpuUsPerEvent: (cpu.user + cpu.system) / Math.max(1, run.sent),
      symbolCpuUsPerEvent: (symbolThreadsCpuNs(taken) - symbolCpu0) / 1_000 / Math.max(1, run.sent),
      startupMs,
      threads: new Set(actors.map((a) => a.threadId)).size,
      elapsedMs,
    };
  } finally {
    await sup.shutdown('bench done');
  }
}
