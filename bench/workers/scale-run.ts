/**
 * One flood run for the scale and throughput benches: the real supervisor with the flood ingest, the real
 * symbol actor (wrapped to measure the hop) and null core actors; reports hop latencies, loss, peak mailbox
 * depth, peak RSS and CPU of the whole process (every thread), and the time to start all actors.
 */
import { startSupervisor } from '../../src/runtime/supervisor.js';
import { benchConfig } from '../tick-to-trade.bench.js';

const W = (f: string) => new URL(`./${f}`, import.meta.url).href;

export interface FloodResult {
  hopsUs: number[];
  sent: number;
  received: number;
  dropped: number;
  maxDepth: number;
  peakRssMb: number;
  cpuPct: number;
  startupMs: number;
  threads: number;
  elapsedMs: number;
}

export async function floodRun(opts: { symbols: number; perWorker: number; rate: number; ms: number; names?: string[] }): Promise<FloodResult> {
  const names = opts.names ?? Array.from({ length: opts.symbols }, (_, i) => `SYM${i}USDT`);
  const config = benchConfig(names, { symbolsPerWorker: opts.perWorker });
  const t0 = performance.now();
  const sup = await startSupervisor(config, {
    admin: false,
    modules: { ingest: W('scale-ingest.js'), symbol: W('scale-symbol.js'), risk: W('tick-to-trade-gateway.js'), execution: W('tick-to-trade-gateway.js'), gateway: W('tick-to-trade-gateway.js') },
    venue: { kind: 'sim', rest: 'http://127.0.0.1:9', ws: 'ws://127.0.0.1:9', apiKey: 'bench', apiSecret: 'bench', stop: async () => {} },
  });
  const startupMs = performance.now() - t0;
  try {
    let peakRss = process.memoryUsage().rss;
    let maxDepth = 0;
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    await sup.actorCommand('ingest', 'flood', { rate: opts.rate, ms: opts.ms });
    let progress = { sent: 0, done: false };
    const deadline = w0 + opts.ms + 10_000;
    let drained = false;
    while (!drained && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      progress = (await sup.actorCommand('ingest', 'progress')) as typeof progress;
      const depth = (await sup.actors()).filter((a) => a.kind === 'symbol').reduce((n, a) => n + a.mailboxDepth, 0);
      maxDepth = Math.max(maxDepth, depth);
      drained = progress.done && depth === 0;
    }
    const elapsedMs = performance.now() - w0;
    const cpu = process.cpuUsage(cpu0);
    const actors = (await sup.actors()).filter((a) => a.kind === 'symbol');
    const taken = await Promise.all(actors.map((a) => sup.actorCommand(a.name, 'takeHops') as Promise<{ hops: number[]; received: number }>));
    return {
      hopsUs: taken.flatMap((t) => t.hops),
      sent: progress.sent,
      received: taken.reduce((n, t) => n + t.received, 0),
      dropped: actors.reduce((n, a) => n + a.dropped, 0),
      maxDepth,
      peakRssMb: peakRss / 2 ** 20,
      cpuPct: ((cpu.user + cpu.system) / 1_000 / elapsedMs) * 100,
      startupMs,
      threads: new Set(actors.map((a) => a.threadId)).size,
      elapsedMs,
    };
  } finally {
    await sup.shutdown('bench done');
  }
}
