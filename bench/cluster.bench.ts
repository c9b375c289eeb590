/**
 * The cluster's costs on one machine against a real nats-server (test/fixtures/nats/nats-servers.ts):
 * - the bridge's path for a metrics frame (FrameCodec encode + copy + publish with the schema header, receive,
 *   schema check, decode): one-way throughput, and hop latency from a ping-pong (RTT / 2), each beside the
 *   in-process SAB ring hop measured in the same run (bench/channel-hop.bench.ts's case);
 * - kill propagation: `kill` on node a until the engage callback ran on b and c (ClusterKillSwitch, KV + broadcast);
 * - symbol failover: 500 symbols over 3 ownership loops, one node's connection cut (a crash, no leave) until the
 *   two others hold all its symbols (leases only; the process test adds the actor rebuild on top).
 */
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ClusterKillSwitch } from '../src/app/cluster/cluster-kill-switch.js';
import { NodeMembership } from '../src/app/cluster/node-membership.js';
import { SymbolOwnership } from '../src/app/cluster/symbol-ownership.js';
import { FrameCodec } from '../src/runtime/channel/frame-codec.js';
import { RingBuffer } from '../src/runtime/channel/ring-buffer.js';
import { clusterSubjects } from '../src/runtime/nats/cluster-subjects.js';
import { connectNats } from '../src/runtime/nats/connect.js';
import { checkFrameSchema, frameHeaders, schemaHash } from '../src/runtime/nats/frame-header.js';
import { natsServerMissing, type NatsServers, startNatsServers } from '../test/fixtures/nats/nats-servers.js';
import { suite as hopSuite } from './channel-hop.bench.js';
import { BenchSkip, type BenchCase, type BenchSuite, type CaseResult, percentilesUs } from './harness.js';
import { newEngine } from './workers/tick-to-trade-stages.js';

const silent = pino({ level: 'silent' });

async function withNats<T>(jetstream: boolean, body: (nats: NatsServers) => Promise<T>): Promise<T> {
  const missing = natsServerMissing();
  if (missing) throw new BenchSkip(missing);
  const nats = await startNatsServers({ jetstream });
  try {
    return await body(nats);
  } finally {
    await nats.stop();
  }
}

/** A metrics message as the symbol engine builds it (the busiest bridged frame). */
function metricsMessage(): unknown {
  const engine = newEngine();
  const T = 1_732_000_000_000;
  for (let i = 1; i < 1_000; i++) {
    const t = T + i * 10;
    const out = engine.apply(
      {
        kind: 'aggTrade',
        symbol: 'BTCUSDT',
        eventTime: t,
        tradeTime: t,
        aggTradeId: i,
        firstTradeId: i,
        lastTradeId: i,
        price: 61_800 + (i % 7),
        qty: 0.01,
        side: i % 2 ? 'buy' : 'sell',
      },
      t,
    );
    if (out && i > 200) return out;
  }
  throw new Error('the engine emitted no metrics');
}

async function ringHop(quick: boolean): Promise<CaseResult> {
  const ring = hopSuite.cases.find((c) => c.name === 'channel hop: SAB ring (worker -> worker)')!;
  return await ring.run({ quick });
}

/** The same frames through an in-process SAB ring (encode, write, read, decode), frames per second. */
function ringFramesPerSec(message: unknown, n: number): number {
  const ring = RingBuffer.create(1 << 20);
  const out = new FrameCodec();
  const inp = new FrameCodec();
  const scratch = new Uint8Array(ring.maxFrame);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    ring.write(out.encode(message), false);
    const len = ring.read(scratch);
    inp.decode(scratch.subarray(0, len));
  }
  return (n * 1000) / (performance.now() - started);
}

const throughputCase: BenchCase = {
  name: 'cluster bridge: metrics frames one way (encode, publish, receive, check, decode)',
  async run({ quick }) {
    return await withNats(false, async (nats) => {
      const n = quick ? 5_000 : 100_000;
      const message = metricsMessage();
      const subject = clusterSubjects('bench').frame('telemetry', 'BTCUSDT');
      const pub = await connectNats(nats.urls);
      const sub = await connectNats(nats.urls);
      const out = new FrameCodec();
      const inp = new FrameCodec();
      const options = { headers: frameHeaders('a') };
      let received = 0;
      let refused = 0;
      let bytes = 0;
      let done!: () => void;
      const finished = new Promise<void>((r) => {
        done = r;
      });
      sub.subscribe(subject, {
        callback: (_e, m) => {
          if (checkFrameSchema(m.headers)) refused++;
          else inp.decode(m.data);
          if (++received === n) done();
        },
      });
      await sub.flush();
      const started = performance.now();
      for (let i = 0; i < n; i++) {
        const data = out.encode(message).slice();
        bytes = data.length;
        pub.publish(subject, data, options);
        if ((i & 1023) === 0) await pub.flush(); // bounded in flight, as a real stream of frames is
      }
      await finished;
      const elapsed = performance.now() - started;
      await pub.close();
      await sub.close();
      const perFrameUs = (elapsed * 1000) / n;
      const ringPerSec = ringFramesPerSec(message, n);
      return {
        p50Us: perFrameUs,
        p99Us: perFrameUs,
        opsPerSec: (n * 1000) / elapsed,
        samples: n,
        extra: {
          frameBytes: bytes,
          refused,
          schema: schemaHash(),
          ringFramesPerSec: ringPerSec,
          ratioToRing: (n * 1000) / elapsed / ringPerSec,
        },
      };
    });
  },
};

const latencyCase: BenchCase = {
  name: 'cluster bridge: hop latency, metrics frame (ping-pong RTT / 2) vs SAB ring hop',
  async run({ quick }) {
    const ring = await ringHop(quick);
    return await withNats(false, async (nats) => {
      const n = quick ? 1_000 : 10_000;
      const message = metricsMessage();
      const s = clusterSubjects('bench');
      const a = await connectNats(nats.urls);
      const b = await connectNats(nats.urls);
      const codecA = new FrameCodec();
      const codecB = new FrameCodec();
      const hA = { headers: frameHeaders('a') };
      const hB = { headers: frameHeaders('b') };
      const ping = s.frame('telemetry', 'PING');
      const pong = s.frame('telemetry', 'PONG');
      b.subscribe(ping, {
        callback: (_e, m) => {
          if (!checkFrameSchema(m.headers)) codecB.decode(m.data);
          b.publish(pong, codecB.encode(message).slice(), hB);
        },
      });
      await b.flush();
      const samples = new Float64Array(n);
      let i = -200; // warm-up rounds
      let sentAt = 0;
      let done!: () => void;
      const finished = new Promise<void>((r) => {
        done = r;
      });
      const send = () => {
        sentAt = performance.now();
        a.publish(ping, codecA.encode(message).slice(), hA);
      };
      a.subscribe(pong, {
        callback: (_e, m) => {
          if (!checkFrameSchema(m.headers)) codecA.decode(m.data);
          if (i >= 0) samples[i] = ((performance.now() - sentAt) * 1000) / 2;
          if (++i === n) done();
          else send();
        },
      });
      await a.flush();
      const started = performance.now();
      send();
      await finished;
      const result = percentilesUs(samples, performance.now() - started);
      await a.close();
      await b.close();
      result.extra = {
        ringHopP50Us: ring.p50Us,
        ringHopP99Us: ring.p99Us,
        addedP50Us: result.p50Us - ring.p50Us,
        ratioP50: result.p50Us / ring.p50Us,
      };
      return result;
    });
  },
};

const killCase: BenchCase = {
  name: 'cluster kill switch: kill on a -> engaged on b and c (KV + broadcast)',
  async run({ quick }) {
    return await withNats(true, async (nats) => {
      const rounds = quick ? 30 : 300;
      const subjects = clusterSubjects('benchkill');
      const conns: NatsConnection[] = [];
      const engagedAt = new Map<string, number>();
      const switches: ClusterKillSwitch[] = [];
      for (const node of ['a', 'b', 'c']) {
        const nc = await connectNats(nats.urls);
        conns.push(nc);
        const kv = await new Kvm(nc).create(subjects.controlBucket, { history: 1 });
        const ks = new ClusterKillSwitch({
          nc,
          kv,
          subjects,
          node,
          engage: async (_reason, order) => {
            if (order) engagedAt.set(`${node}:${order.id}`, performance.now());
          },
          riskAlive: () => node === 'a',
          log: silent,
        });
        await ks.start();
        switches.push(ks);
      }
      await Promise.all(conns.map((c) => c.flush()));
      const samples: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        const order = await switches[0]!.kill(`round ${r}`);
        const deadline = Date.now() + 5_000;
        while (!(engagedAt.has(`b:${order.id}`) && engagedAt.has(`c:${order.id}`)) && Date.now() < deadline) {
          await new Promise((res) => setImmediate(res));
        }
        const last = Math.max(
          engagedAt.get(`b:${order.id}`) ?? Number.NaN,
          engagedAt.get(`c:${order.id}`) ?? Number.NaN,
        );
        samples.push((last - t0) * 1000);
      }
      for (const s of switches) s.stop();
      for (const c of conns) await c.close();
      return percentilesUs(samples, 0);
    });
  },
};

const failoverCase: BenchCase = {
  name: 'cluster symbol failover: 500 symbols, 3 nodes, one crashes -> all its symbols held again (leases)',
  async run({ quick }) {
    return await withNats(true, async (nats) => {
      const rounds = quick ? 1 : 3;
      const symbols = Array.from({ length: 500 }, (_, i) => `S${i}USDT`);
      const samples: number[] = [];
      let moved = 0;
      for (let r = 0; r < rounds; r++) {
        const subjects = clusterSubjects(`benchfail${r}`);
        const nodes: Array<{ nc: NatsConnection; own: SymbolOwnership; held: Set<string>; m: NodeMembership }> = [];
        for (const id of ['a', 'b', 'c']) {
          const nc = await connectNats(nats.urls);
          const kvm = new Kvm(nc);
          const nodesKv: KV = await kvm.create(subjects.nodesBucket, { history: 1, ttl: 60_000 });
          const ownersKv: KV = await kvm.create(subjects.ownersBucket, { history: 1 });
          const m = await NodeMembership.join(
            nodesKv,
            { id, roles: ['symbols'], schema: schemaHash(), pid: 0, startedAt: 0 },
            () => undefined,
          );
          const held = new Set<string>();
          const own = new SymbolOwnership(
            ownersKv,
            m,
            symbols,
            {
              acquire: async (leases) => {
                for (const s of leases.keys()) held.add(s);
              },
              release: async (list) => {
                for (const s of list) held.delete(s);
              },
            },
            silent,
          );
          await own.start();
          nodes.push({ nc, own, held, m });
        }
        const total = () => nodes.reduce((n, x) => n + x.held.size, 0);
        const settle = Date.now() + 60_000;
        while ((total() !== symbols.length || nodes.some((x) => x.held.size === 0)) && Date.now() < settle) {
          await new Promise((res) => setTimeout(res, 20));
        }
        const victim = nodes[2]!;
        moved = victim.held.size;
        const t0 = performance.now();
        // A crash: the connection goes first, so neither its leases nor its record can be deleted on the way out.
        await victim.nc.close();
        await victim.own.stop().catch(() => undefined);
        await victim.m.leave().catch(() => undefined);
        const survivors = nodes.slice(0, 2);
        const deadline = Date.now() + 60_000;
        while (survivors.reduce((n, x) => n + x.held.size, 0) !== symbols.length && Date.now() < deadline) {
          await new Promise((res) => setTimeout(res, 5));
        }
        samples.push((performance.now() - t0) * 1000);
        for (const x of survivors) {
          await x.own.stop();
          await x.m.leave();
        }
        for (const x of survivors) await x.nc.close();
      }
      const result = percentilesUs(samples, 0);
      result.extra = { movedSymbols: moved, rounds };
      return result;
    });
  },
};

export const suite: BenchSuite = {
  name: 'cluster',
  cases: [throughputCase, latencyCase, killCase, failoverCase],
};
