/**
 * Issue 18, item 3 on real processes: two `tapeline run --nats` nodes with risk and execution, one `tapeline
 * sim`, one nats-server. The test plays the symbols node: it publishes intents on the bridge's NATS subject.
 * Checks: the risk leader's approvals travel through the replicated approval stream and reach the venue exactly
 * once (the sim's order log); the leader SIGKILLed → the standby takes the lease engaged, rebuilds exposure from
 * the journal equal to the old leader's (positions, open orders, realized PnL today); an approval of the old
 * term is refused (TL_CLUSTER_STALE_LEADER) and never sent; after arm its orders flow, no clientOrderId twice.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { clientOrderIdFor } from '../../../src/actors/execution/client-order-id.js';
import { ApprovalPublisher } from '../../../src/runtime/nats/approval-stream.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import { type ClusterProcess, startNode, startSim, stopAll } from '../../fixtures/cluster/cluster-processes.js';
import { IntentPublisher } from '../../fixtures/cluster/intent-publisher.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

const SYMBOL = 'BTCUSDT';
const WAIT_MS = 60_000;

interface ExposureView {
  positions: Record<string, number>;
  openOrders: Record<string, number>;
  realizedToday: number;
}
interface Leadership {
  state: string;
  term: number | null;
  rebuiltFrom: number;
  rebuilt?: ExposureView;
}

/** This node's risk as `admin status` shows it (cluster.risk). */
async function riskOf(n: ClusterProcess): Promise<{ leadership?: Leadership; exposure?: ExposureView }> {
  return ((await n.status()).cluster?.risk ?? {}) as { leadership?: Leadership; exposure?: ExposureView };
}

/** The symbols node's side: numbered intents on BTCUSDT. */
class IntentSource {
  private readonly publisher: IntentPublisher;
  private n = 0;
  constructor(nc: NatsConnection) {
    this.publisher = new IntentPublisher(nc);
  }

  send(prefix: string, side: 'BUY' | 'SELL', price: number, mark: number): string {
    const decisionId = `${prefix}-${this.n++}`;
    this.publisher.publish({
      symbol: SYMBOL,
      decisionId,
      side,
      price,
      quantity: 0.005,
      mark,
      reason: 'run-approvals test',
    });
    return decisionId;
  }
}

interface LogEntry {
  params: Record<string, string>;
  status: number;
}

test('run --nats: approvals through the replicated stream, exactly once; leader SIGKILLed → standby rebuilt, stale term refused', {
  timeout: 180_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const sim = await startSim([SYMBOL]);
  const dir = mkdtempSync(join(tmpdir(), 'tl-run-approvals-'));
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      risk: {
        timeInForce: 'GTC',
        orderTtlMs: 0,
        priceBandBps: 500,
        cooldownAfterOrderMs: 0,
        cooldownAfterLossMs: 0,
        rampStart: 1,
        rampMax: 1,
        maxOrderNotional: 5_000,
        maxPositionNotional: 1e6,
        maxGrossNotional: 1e6,
      },
    }),
  );
  const nodes: ClusterProcess[] = [];
  const nc = await connect({ servers: nats.urls });
  try {
    const base = {
      nats: nats.urls,
      venueRest: sim.rest,
      symbols: [SYMBOL],
      roles: 'risk,execution,gateway',
      extraEnv: { EXECUTION_ENABLED: 'true' },
      extraArgs: ['--config', config],
    };
    const placed = async (): Promise<LogEntry[]> => {
      const state = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as { orderLog: LogEntry[] };
      return state.orderLog.filter((e) => e.params.newClientOrderId !== undefined);
    };
    const mark = async (): Promise<number> => {
      const r = (await (await fetch(`${sim.rest}/fapi/v1/premiumIndex?symbol=${SYMBOL}`)).json()) as {
        markPrice: string;
      };
      return Number(r.markPrice);
    };
    const intents = new IntentSource(nc);
    /** Sends intents until one reaches the venue (risk may still refuse the first: readiness, filters). */
    const order = async (prefix: string, side: 'BUY' | 'SELL', offset: number): Promise<string> => {
      return await until(
        `${prefix} ${side} order at the venue`,
        async () => {
          const m = await mark();
          const id = clientOrderIdFor(intents.send(prefix, side, Math.round(m * (1 + offset) * 10) / 10, m));
          const deadline = Date.now() + 8_000;
          while (Date.now() < deadline) {
            if ((await placed()).some((e) => e.params.newClientOrderId === id)) return id;
            await new Promise((r) => setTimeout(r, 200));
          }
          return undefined;
        },
        WAIT_MS,
      );
    };

    const a = startNode({ ...base, name: 'a' });
    nodes.push(a);
    await a.started;
    await until(
      'a leads, rebuilt and reconciled',
      async () => {
        return (await riskOf(a)).leadership?.state === 'leading' ? true : undefined;
      },
      WAIT_MS,
    );
    const b = startNode({ ...base, name: 'b' });
    nodes.push(b);
    await b.started;
    await until(
      'b is an engaged standby',
      async () => {
        const st = await b.status();
        const l = (st.cluster?.risk as { leadership?: Leadership } | undefined)?.leadership;
        return l?.state === 'standby' && st.cluster?.riskLeader === 'a' ? true : undefined;
      },
      WAIT_MS,
    );
    const refused = await b.admin({ cmd: 'arm', reason: 'test' });
    assert.equal(refused.ok, false, 'the standby refuses to arm');
    const termA = (await riskOf(a)).leadership!.term!;
    await until(
      'arm a',
      async () => ((await a.admin({ cmd: 'arm', reason: 'test' })).ok === true ? true : undefined),
      WAIT_MS,
    );

    // Orders through the approval stream: two fills one way, one back (realized PnL), two resting.
    const sent = [
      await order('a', 'BUY', 0.002),
      await order('a', 'BUY', 0.002),
      await order('a', 'SELL', -0.002),
      await order('a', 'BUY', -0.02),
      await order('a', 'BUY', -0.02),
    ];
    const approvalsA = (await a.status()).cluster?.approvals as { handedOn: number } | undefined;
    assert.ok(
      (approvalsA?.handedOn ?? 0) >= sent.length,
      `a's execution pulled the approvals: ${JSON.stringify(approvalsA)}`,
    );
    const before = await until(
      'a has the venue picture (2 resting, a position)',
      async () => {
        const e = (await riskOf(a)).exposure;
        const venue = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as {
          positions: Array<{ symbol: string; positionAmt: string }>;
        };
        const amt = Number(venue.positions.find((p) => p.symbol === SYMBOL)?.positionAmt ?? 0);
        return e && e.openOrders[SYMBOL] === 2 && amt !== 0 && e.positions[SYMBOL] === amt ? e : undefined;
      },
      WAIT_MS,
    );
    assert.notEqual(before.realizedToday, 0, 'fees and the round trip left a realized PnL');
    t.diagnostic(`a's exposure before the SIGKILL: ${JSON.stringify(before)}`);

    // The leader dies: b takes the lease engaged and rebuilds from the journal what a knew.
    const killedAt = Date.now();
    await a.kill('SIGKILL');
    const leadershipB = await until(
      'b leads after the SIGKILL',
      async () => {
        const l = (await riskOf(b)).leadership;
        return l?.state === 'leading' ? l : undefined;
      },
      WAIT_MS,
    );
    t.diagnostic(
      `b leads ${Date.now() - killedAt} ms after a's SIGKILL, rebuilt from ${leadershipB.rebuiltFrom} records`,
    );
    assert.ok(leadershipB.term! > termA, `term ${leadershipB.term} after ${termA}`);
    const rebuilt = leadershipB.rebuilt!;
    assert.deepEqual(rebuilt.positions, before.positions, 'positions rebuilt from the journal');
    assert.deepEqual(rebuilt.openOrders, before.openOrders, 'open orders rebuilt from the journal');
    assert.ok(
      Math.abs(rebuilt.realizedToday - before.realizedToday) < 1e-9,
      `PnL ${rebuilt.realizedToday} vs ${before.realizedToday}`,
    );
    assert.equal((await b.status()).killSwitch.engaged, true, 'the new leader starts engaged');

    // An approval of the dead leader's term reaches b's execution: refused, journaled, never sent.
    const stale = `stale-${Date.now()}`;
    await new ApprovalPublisher(nc).publish({
      type: 'approved-order',
      decisionId: stale,
      symbol: SYMBOL,
      side: 'BUY',
      price: Math.round((await mark()) * 0.98),
      quantity: 0.005,
      timeInForce: 'GTC',
      ttlMs: 0,
      ts: Date.now(),
      term: termA,
    });
    await until(
      'b refuses the stale approval',
      async () => {
        const ap = (await b.status()).cluster?.approvals as { refused?: number } | undefined;
        return (ap?.refused ?? 0) >= 1 ? true : undefined;
      },
      WAIT_MS,
    );
    const journal = await OrderJournalStream.open(nc, { replicas: 1 });
    const refusal = (await journal.readAll()).find((r) => r.kind === 'refused' && r.decisionId === stale);
    assert.equal(refusal?.code, 'TL_CLUSTER_STALE_LEADER', 'the refusal is in the replicated journal');

    // Armed, b's orders continue.
    await until(
      'arm b',
      async () => ((await b.admin({ cmd: 'arm', reason: 'test' })).ok === true ? true : undefined),
      WAIT_MS,
    );
    sent.push(await order('b', 'BUY', -0.02), await order('b', 'SELL', -0.002));

    const ids = (await placed()).map((e) => e.params.newClientOrderId!);
    assert.equal(new Set(ids).size, ids.length, `no clientOrderId sent twice: ${ids.join(',')}`);
    for (const id of sent) assert.equal(ids.filter((x) => x === id).length, 1, `${id} reached the venue once`);
    assert.ok(!ids.includes(clientOrderIdFor(stale)), 'the stale approval never reached the venue');
  } finally {
    await nc.close();
    await stopAll(nodes, sim);
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
