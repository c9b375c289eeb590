/**
 * What clustering adds to each order and each REST request (docs/cluster-durability.md): the replicated journal's
 * publish-with-ack (R1 on one server, R3 on a 3-node cluster) against the single host's fsynced executions.jsonl
 * append, measured in the same run; an approval's trip risk → approval stream → execution's intake against the
 * in-process SAB ring hop it replaces on a cluster node (same run); and the shared REST budget's compare-and-set
 * reservation against the local WeightLimiter, uncontended and with two nodes racing; each reservation also reads
 * the IP's shared 429/418 backoff (rest-backoff.ts), compared with a counter-only compare-and-set (the path before
 * that check) in the same run. Real nats-server processes on loopback; skipped without one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ExecutionJournal } from '../src/actors/execution/execution-journal.js';
import { ApprovalIntake } from '../src/runtime/nats/approval-intake.js';
import { ApprovalPublisher, type ClusterApproval, ensureApprovalStream } from '../src/runtime/nats/approval-stream.js';
import { LeaderFence } from '../src/runtime/nats/leader-fence.js';
import { OrderJournalStream } from '../src/runtime/nats/order-journal-stream.js';
import { REST_BUDGET_BUCKET } from '../src/runtime/nats/durable-names.js';
import { KvRestBudget } from '../src/runtime/nats/rest-budget.js';
import { WeightLimiter } from '../src/venues/binance/rate-limiter.js';
import {
  type NatsServers,
  natsServerMissing,
  retryUntil,
  startNatsServers,
} from '../test/fixtures/nats/nats-servers.js';
import { suite as hopSuite } from './channel-hop.bench.js';
import { type BenchCase, BenchSkip, type BenchSuite, type CaseResult, percentilesUs } from './harness.js';

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
  };
}

async function timed(count: number, op: (i: number) => Promise<void> | void): Promise<CaseResult> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await op(i);
    samples.push((performance.now() - t) * 1_000);
  }
  return percentilesUs(samples, performance.now() - started);
}

async function withNats<T>(count: number, body: (nc: NatsConnection, nats: NatsServers) => Promise<T>): Promise<T> {
  const missing = natsServerMissing();
  if (missing) throw new BenchSkip(missing);
  const nats = await startNatsServers({ count, jetstream: true });
  const nc = await connect({ servers: nats.urls });
  try {
    return await body(nc, nats);
  } finally {
    await nc.close();
    await nats.stop();
  }
}

function journalCase(replicas: 1 | 3): BenchCase {
  return {
    name: `cluster journal: attempt publish-with-ack R${replicas} (vs fsynced executions.jsonl, same run)`,
    async run(opts) {
      const count = opts.quick ? 200 : 2_000;
      const dir = mkdtempSync(join(process.cwd(), '.bench-journal-'));
      const file = new ExecutionJournal(dir, { audit: false });
      let fileResult: CaseResult;
      try {
        fileResult = await timed(count, (i) => file.write(attempt(i)));
      } finally {
        file.close();
        rmSync(dir, { recursive: true, force: true });
      }
      return await withNats(replicas, async (nc) => {
        const journal = await retryUntil('journal stream', async () => await OrderJournalStream.open(nc, { replicas }));
        await journal.append(attempt(-1)); // stream leader elected and warm
        const r = await timed(count, async (i) => {
          await journal.append(attempt(i));
        });
        return {
          ...r,
          extra: {
            fileFsyncP50Us: Number(fileResult.p50Us.toFixed(1)),
            fileFsyncP99Us: Number(fileResult.p99Us.toFixed(1)),
            ratioP50: Number((r.p50Us / fileResult.p50Us).toFixed(2)),
          },
        };
      });
    },
  };
}

function approval(i: number): ClusterApproval {
  const o = { symbol: 'BTCUSDT', side: 'BUY' as const, price: 61_800.1, quantity: 0.012, timeInForce: 'GTC' as const };
  return { type: 'approved-order', decisionId: `BTCUSDT:sweepFade:${i}`, ...o, ttlMs: 0, ts: Date.now(), term: 1 };
}

/** One approval at a time: published with ack (R1), pulled, fenced, handed to execution; the ring hop beside it. */
const approvalCase: BenchCase = {
  name: 'cluster approvals: risk -> approval stream R1 -> execution intake (vs SAB ring hop, same run)',
  async run(opts) {
    const count = opts.quick ? 200 : 2_000;
    const ring = await hopSuite.cases.find((c) => c.name === 'channel hop: SAB ring (worker -> worker)')!.run(opts);
    return await withNats(1, async (nc) => {
      await retryUntil('approval stream', async () => {
        await ensureApprovalStream(nc, 1);
        return true;
      });
      let arrived: (() => void) | undefined;
      const intake = new ApprovalIntake({
        nc,
        fence: new LeaderFence(),
        attempted: () => false,
        refuse: async () => {},
        submit: async () => arrived?.(),
      });
      intake.setActive(true);
      const publisher = new ApprovalPublisher(nc);
      try {
        const once = async (i: number) => {
          const handed = new Promise<void>((resolve) => {
            arrived = resolve;
          });
          await publisher.publish(approval(i));
          await handed;
        };
        await once(-1); // consumer pulling, stream warm
        const r = await timed(count, once);
        return {
          ...r,
          extra: {
            ringHopP50Us: Number(ring.p50Us.toFixed(1)),
            ringHopP99Us: Number(ring.p99Us.toFixed(1)),
            addedP50Us: Number((r.p50Us - ring.p50Us).toFixed(1)),
          },
        };
      } finally {
        await intake.stop();
      }
    });
  },
};

function budgetCase(racers: 1 | 2): BenchCase {
  return {
    name: `cluster REST budget: reserve by KV compare-and-set, ${racers === 1 ? 'uncontended' : 'two nodes racing'} (vs local WeightLimiter)`,
    async run(opts) {
      const count = opts.quick ? 200 : 2_000;
      const local = new WeightLimiter({ budgetPerMinute: 1e12 });
      const localResult = await timed(count, () => {
        local.reserve(1);
      });
      return await withNats(1, async (nc) => {
        const other = await connect({ servers: nc.getServer() });
        try {
          const o = { ip: 'bench', budgetPerMinute: 1e12 };
          const a = await KvRestBudget.open(nc, o);
          const b = await KvRestBudget.open(other, o);
          await a.reserve(1);
          let stop = false;
          const rival =
            racers === 2
              ? (async () => {
                  while (!stop) await b.reserve(1);
                })()
              : undefined;
          const r = await timed(count, async () => {
            await a.reserve(1);
          });
          stop = true;
          await rival;
          const extra: Record<string, number> = {
            localP50Us: Number(localResult.p50Us.toFixed(3)),
            racesLostPerReserve: Number((a.races / count).toFixed(2)),
          };
          if (racers === 1) {
            // Baseline, same run: the counter's get + compare-and-set alone, without the backoff read beside it.
            const kv = await new Kvm(jetstream(nc)).open(REST_BUDGET_BUCKET);
            const key = 'bench-counter-only.0';
            await kv.put(key, '0');
            const counterOnly = await timed(count, async () => {
              const e = await kv.get(key);
              await kv.update(key, String(Number(e!.string()) + 1), e!.revision);
            });
            // A node while another's 429 runs: the reservation answers with the backoff (no counter write).
            const held = await KvRestBudget.open(nc, { ...o, ip: 'bench-held' });
            await held.backOff(429, Date.now() + 3_600_000);
            const heldResult = await timed(count, async () => {
              await held.reserve(1);
            });
            extra.counterOnlyP50Us = Number(counterOnly.p50Us.toFixed(1));
            extra.ratioToCounterOnly = Number((r.p50Us / counterOnly.p50Us).toFixed(2));
            extra.heldReserveP50Us = Number(heldResult.p50Us.toFixed(1));
          }
          return { ...r, extra };
        } finally {
          await other.close();
        }
      });
    },
  };
}

/**
 * An approval up to the moment its order may leave, as on a cluster node: published with ack, pulled, fenced,
 * its attempt appended to the journal with a quorum ack (the venue request follows; it is the same for R1 and R3).
 * R1 on one server against R3 on three, each in its own run of servers, both in this run.
 */
function approvalToOrderCase(replicas: 1 | 3): BenchCase {
  return {
    name: `cluster approvals: approval stream + journal attempt R${replicas} (approval until the order may leave)`,
    async run(opts) {
      const count = opts.quick ? 200 : 2_000;
      return await withNats(replicas, async (nc) => {
        await retryUntil('approval stream', async () => {
          await ensureApprovalStream(nc, replicas);
          return true;
        });
        const journal = await retryUntil('journal stream', async () => await OrderJournalStream.open(nc, { replicas }));
        let arrived: (() => void) | undefined;
        const intake = new ApprovalIntake({
          nc,
          fence: new LeaderFence(),
          attempted: () => false,
          refuse: async () => {},
          submit: async (a) => {
            await journal.append({ ...attempt(Number(a.decisionId.split(':')[2])), ts: Date.now() });
            arrived?.();
          },
        });
        intake.setActive(true);
        const publisher = new ApprovalPublisher(nc);
        try {
          const once = async (i: number) => {
            const handed = new Promise<void>((resolve) => {
              arrived = resolve;
            });
            await publisher.publish(approval(i));
            await handed;
          };
          await once(-1); // consumer pulling, both streams' leaders elected and warm
          return await timed(count, once);
        } finally {
          await intake.stop();
        }
      });
    },
  };
}

export const suite: BenchSuite = {
  name: 'cluster durability',
  cases: [
    journalCase(1),
    journalCase(3),
    approvalCase,
    approvalToOrderCase(1),
    approvalToOrderCase(3),
    budgetCase(1),
    budgetCase(2),
  ],
};
