/**
 * Tick-to-trade on loopback: a venue frame arriving at ingest → the signed order request's bytes leaving
 * execution, through ingest → symbol → risk → execution on the real runtime (supervisor, actor threads, rings),
 * with per-hop latencies; the same frames seen from the bench venue (frame sent → order bytes received); and the
 * same stages collapsed into one thread, whose ratio to the actor run is the cost of isolation. Ping-pong paced
 * (one frame in flight, ~1 ms apart), so every hop wakes a parked consumer: the worst case for latency.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startSupervisor } from '../src/app/supervisor.js';
import type { TapelineConfig } from '../src/schema/config/config-schema.js';
import type { BenchCase, BenchOptions, BenchSuite, CaseResult } from './harness.js';
import { floorUs, measureWakeUs } from './wake-floor.js';
import { summarizeUs } from './workers/tick-to-trade-hdr.js';
import { createStampBoard, nowMs, venueFrame } from './workers/tick-to-trade-stages.js';

const W = (f: string) => new URL(`./workers/${f}`, import.meta.url).href;

export function benchConfig(symbols: string[], runtime: Partial<TapelineConfig['runtime']> = {}): TapelineConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'tl-bench-'));
  return {
    venue: 'sim',
    symbols,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    adminSocket: join(dataDir, 'admin.sock'),
    record: false,
    runtime: {
      heartbeatMs: 250,
      heartbeatTimeoutMs: 5_000,
      restart: { maxRestarts: 5, windowMs: 30_000, backoffInitialMs: 50, backoffMaxMs: 5_000 },
      marketChannelBytes: 1 << 20,
      orderChannelBytes: 1 << 18,
      snapshotIntervalMs: 100,
      shutdownTimeoutMs: 5_000,
      ...runtime,
    } as TapelineConfig['runtime'],
    ingest: {},
    strategies: {},
    risk: {},
    execution: {},
    keysPresent: true,
    executionEnabled: false,
    apiKey: 'bench',
    apiSecret: 'bench',
    adminToken: undefined,
  };
}

/** The bench venue: a feed socket that ingest connects to, an order socket that execution writes to. */
class BenchVenue {
  private feed: Socket | undefined;
  private readonly sentAt = new Map<number, number>();
  readonly venueUs: number[] = [];
  private waiting: ((id: number) => void) | undefined;
  private text = '';
  private readonly feedServer: Server;
  private readonly orderServer: Server;
  readonly connected: Promise<void>;

  constructor() {
    let feedUp!: () => void;
    let orderUp!: () => void;
    const both = [new Promise<void>((r) => (feedUp = r)), new Promise<void>((r) => (orderUp = r))];
    this.connected = Promise.all(both).then(() => undefined);
    this.feedServer = createServer((s) => {
      s.setNoDelay(true);
      this.feed = s;
      feedUp();
    });
    this.orderServer = createServer((s) => {
      orderUp();
      s.on('data', (chunk: Buffer) => this.onOrderBytes(chunk));
    });
  }

  async listen(): Promise<{ feedPort: number; orderPort: number }> {
    const port = (srv: Server) =>
      new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as { port: number }).port)));
    return { feedPort: await port(this.feedServer), orderPort: await port(this.orderServer) };
  }

  private onOrderBytes(chunk: Buffer): void {
    const at = nowMs();
    this.text += chunk.toString('latin1');
    for (
      let m = /newClientOrderId=t2t-(\d+)&[^\r\n]*signature=[0-9a-f]{64}/.exec(this.text);
      m;
      m = /newClientOrderId=t2t-(\d+)&[^\r\n]*signature=[0-9a-f]{64}/.exec(this.text)
    ) {
      const id = Number(m[1]);
      this.text = this.text.slice(m.index + m[0].length);
      const sent = this.sentAt.get(id);
      if (sent !== undefined) this.venueUs.push((at - sent) * 1_000);
      this.waiting?.(id);
    }
  }

  /** Sends frames 1..count one at a time, each after the previous order arrived (or 50 ms passed). */
  async pace(count: number): Promise<number> {
    let lost = 0;
    for (let i = 1; i <= count; i++) {
      await new Promise<void>((r) => setTimeout(r, 0));
      const got = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 50);
        this.waiting = (id) => {
          if (id !== i) return;
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.sentAt.set(i, nowMs());
      this.feed!.write(venueFrame(i));
      if (!(await got)) lost++;
    }
    return lost;
  }

  reset(): void {
    this.sentAt.clear();
    this.venueUs.length = 0;
  }

  close(): void {
    this.feed?.destroy();
    this.feedServer.close();
    this.orderServer.close();
  }
}

interface Run {
  e2eUs: number[];
  hopsUs: [number[], number[], number[]];
  venueUs: number[];
  collapsedUs: number[];
  collapsedVenueUs: number[];
  /** One-way wake samples (bench/wake-floor.ts), taken before and after the actor and one-thread runs. */
  wakeUs: number[];
  lost: number;
  elapsedMs: number;
}

export type ActorRun = Omit<Run, 'collapsedUs' | 'collapsedVenueUs' | 'wakeUs'>;

/** The four bench actors on the real supervisor; `placement` as runtime.placement (default: the config's "auto"). */
export async function actorRun(
  count: number,
  warmup: number,
  placement?: TapelineConfig['runtime']['placement'],
): Promise<ActorRun> {
  const venue = new BenchVenue();
  const ports = await venue.listen();
  const config = { ...benchConfig(['BTCUSDT'], { placement }), benchStamps: createStampBoard() };
  const sup = await startSupervisor(config, {
    admin: false,
    modules: {
      ingest: W('tick-to-trade-ingest.js'),
      symbol: W('tick-to-trade-symbol.js'),
      risk: W('tick-to-trade-risk.js'),
      execution: W('tick-to-trade-execution.js'),
      gateway: W('tick-to-trade-gateway.js'),
    },
    venue: {
      kind: 'sim',
      rest: `http://127.0.0.1:${ports.orderPort}`,
      ws: `ws://127.0.0.1:${ports.feedPort}`,
      apiKey: 'bench',
      apiSecret: 'bench',
      stop: async () => {},
    },
  });
  try {
    await venue.connected;
    await venue.pace(warmup);
    await sup.actorCommand('execution', 'takeSamples');
    venue.reset();
    const started = performance.now();
    const lost = await venue.pace(count);
    const elapsedMs = performance.now() - started;
    const stamps = (await sup.actorCommand('execution', 'takeSamples')) as number[][];
    const us = (s: number[], a: number, b: number) => (s[b]! - s[a]!) * 1_000;
    return {
      e2eUs: stamps.map((s) => us(s, 0, 7)),
      hopsUs: [stamps.map((s) => us(s, 1, 2)), stamps.map((s) => us(s, 3, 4)), stamps.map((s) => us(s, 5, 6))],
      venueUs: [...venue.venueUs],
      lost,
      elapsedMs,
    };
  } finally {
    await sup.shutdown('bench done');
    venue.close();
  }
}

export async function collapsedRun(count: number, warmup: number): Promise<{ us: number[]; venueUs: number[] }> {
  const venue = new BenchVenue();
  const ports = await venue.listen();
  const worker = new Worker(new URL('./workers/tick-to-trade-collapsed.js', import.meta.url), { workerData: ports });
  const take = () =>
    new Promise<number[][]>((r) => {
      worker.once('message', (m: { samples: number[][] }) => r(m.samples));
      worker.postMessage('take');
    });
  try {
    await new Promise((r) => worker.once('message', r));
    await venue.connected;
    await venue.pace(warmup);
    await take();
    venue.reset();
    await venue.pace(count);
    const stamps = await take();
    return { us: stamps.map((s) => (s[1]! - s[0]!) * 1_000), venueUs: [...venue.venueUs] };
  } finally {
    worker.postMessage('stop');
    await worker.terminate();
    venue.close();
  }
}

let cached: { quick: boolean; run: Promise<Run> } | undefined;
function measure(opts: BenchOptions): Promise<Run> {
  if (cached?.quick !== opts.quick) {
    const count = opts.quick ? 2_000 : 20_000;
    const warmup = opts.quick ? 500 : 2_000;
    cached = {
      quick: opts.quick,
      run: (async () => {
        const wakeBefore = await measureWakeUs(count / 4);
        const actors = await actorRun(count, warmup);
        const collapsed = await collapsedRun(count, warmup);
        const wakeAfter = await measureWakeUs(count / 4);
        return {
          ...actors,
          collapsedUs: collapsed.us,
          collapsedVenueUs: collapsed.venueUs,
          wakeUs: [...wakeBefore, ...wakeAfter],
        };
      })(),
    };
  }
  return cached.run;
}

function t2tCase(name: string, pick: (r: Run) => CaseResult): BenchCase {
  return { name, run: async (opts) => pick(await measure(opts)) };
}

const p50 = (us: number[]) => summarizeUs(us, 0).p50Us;

/** The case's floor: the one-thread pipeline (as seen at ingest, or by the venue) plus three one-way wakes. */
function withFloor(res: CaseResult, pipelineUs: number[], wakeUs: number[]): CaseResult {
  const pipeline = p50(pipelineUs);
  const wake = p50(wakeUs);
  return {
    ...res,
    floorUs: floorUs(pipeline, wake),
    extra: { ...res.extra, pipelineP50Us: pipeline, wakeP50Us: wake },
  };
}

/** A hop's floor is one one-way wake: what handing a message to a parked thread costs here at best. */
function hopCase(name: string, hop: 0 | 1 | 2): BenchCase {
  return t2tCase(name, (r) => ({ ...summarizeUs(r.hopsUs[hop], r.elapsedMs), floorUs: p50(r.wakeUs) }));
}

export const suite: BenchSuite = {
  name: 'tick-to-trade',
  cases: [
    t2tCase('floor: one-way wake, Atomics.wait/notify ping-pong', (r) => summarizeUs(r.wakeUs, 0)),
    t2tCase('floor: one-thread pipeline + 3 one-way wakes', (r) => {
      const res = summarizeUs(r.collapsedUs, r.elapsedMs);
      const floor = floorUs(res.p50Us, p50(r.wakeUs));
      return { ...res, p50Us: floor, p99Us: Number.NaN, extra: { pipelineP50Us: res.p50Us, wakeP50Us: p50(r.wakeUs) } };
    }),
    t2tCase('tick-to-trade: actors, frame at ingest -> order bytes out', (r) => {
      const res = withFloor(summarizeUs(r.e2eUs, r.elapsedMs), r.collapsedUs, r.wakeUs);
      const one = summarizeUs(r.collapsedUs, r.elapsedMs);
      res.extra = {
        ...res.extra,
        lost: r.lost,
        isolationRatioP50: res.p50Us / one.p50Us,
        isolationRatioP99: res.p99Us / one.p99Us,
      };
      return res;
    }),
    hopCase('tick-to-trade: hop ingest -> symbol', 0),
    hopCase('tick-to-trade: hop symbol -> risk', 1),
    hopCase('tick-to-trade: hop risk -> execution', 2),
    t2tCase('tick-to-trade: actors, seen by the venue (frame sent -> order received)', (r) =>
      withFloor(summarizeUs(r.venueUs, r.elapsedMs), r.collapsedVenueUs, r.wakeUs),
    ),
    t2tCase('tick-to-trade: one thread, frame at ingest -> order bytes out', (r) =>
      summarizeUs(r.collapsedUs, r.elapsedMs),
    ),
    t2tCase('tick-to-trade: one thread, seen by the venue', (r) => summarizeUs(r.collapsedVenueUs, r.elapsedMs)),
  ],
};
