/**
 * Issue 18, item 3: the risk leader (a child process) is SIGKILLed; a standby takes the lease within TTL + one
 * renew period, engaged, with exposure and the attempted orders rebuilt from the journal before it reconciles;
 * an approval of the dead leader's term is then refused by execution's fence (TL_CLUSTER_STALE_LEADER).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { type LeadershipState, RiskLeadership } from '../../../src/actors/risk/risk-leadership.js';
import { ClusterOrderRelay } from '../../../src/runtime/nats/cluster-order-relay.js';
import { ApprovalPublisher, ensureApprovalStream } from '../../../src/runtime/nats/approval-stream.js';
import { LeaderFence } from '../../../src/runtime/nats/leader-fence.js';
import { followLeaseTerms, LeaderLease, openLeaseBucket } from '../../../src/runtime/nats/leader-lease.js';
import { OrderJournalStream } from '../../../src/runtime/nats/order-journal-stream.js';
import type { ApprovedOrder } from '../../../src/schema/order-messages.js';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

function order(decisionId: string): ApprovedOrder {
  const o = { symbol: 'BTCUSDT', side: 'BUY' as const, price: 1, quantity: 1, timeInForce: 'GTC' as const };
  return { type: 'approved-order', decisionId, ...o, ttlMs: 0, ts: 0 };
}

const NODE = fileURLToPath(new URL('../../fixtures/nats/risk-leader-node.js', import.meta.url));
const TTL = 15_000;

test('risk leader SIGKILLed: a standby takes over engaged, rebuilt, and the old term is fenced', {
  timeout: 90_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls });
  const child = spawn(process.execPath, [NODE, nats.urls.join(','), 'a', String(TTL)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let standby: RiskLeadership | undefined;
  let relay: ClusterOrderRelay | undefined;
  let unfollow = () => {};
  try {
    const journal = await OrderJournalStream.open(nc, { replicas: 1 });
    await journal.append({ ts: 1, kind: 'reconcile', positions: { BTCUSDT: 0.01 } });
    await journal.append({
      ts: 2,
      kind: 'attempt',
      clientOrderId: 'tl-old-1',
      symbol: 'BTCUSDT',
      decisionId: 'd-old-1',
    });
    await journal.append({ ts: 3, kind: 'fill', symbol: 'ETHUSDT', positionAmt: -0.5 });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const termA = await retryUntil('child a leads', async () => {
      const line = out.split('\n').find((l) => l.includes('"leading"'));
      return line ? (JSON.parse(line) as { term: number }).term : undefined;
    });
    const kv = await openLeaseBucket(nc, TTL, 1);
    const fence = new LeaderFence();
    unfollow = await followLeaseTerms(kv, 'risk', (term) => fence.observe(term));
    const steps: string[] = [];
    standby = new RiskLeadership({
      lease: new LeaderLease({ kv, key: 'risk', node: 'b', ttlMs: TTL }),
      journal,
      async reconcile() {
        steps.push(`reconcile after ${standby?.rebuiltFrom} records`);
        return { positions: { BTCUSDT: 0.03 }, openOrders: { BTCUSDT: 1 } };
      },
      onState: (state: LeadershipState) => steps.push(state),
    });
    standby.start();
    await new Promise((r) => setTimeout(r, 500)); // its first campaign has run (and lost)
    assert.equal(standby.state, 'standby');
    assert.equal((await kv.get('risk'))?.json<{ node: string }>().node, 'a');

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await retryUntil('standby b leads', async () => (standby?.state === 'leading' ? true : undefined), 45_000);
    const takeoverMs = Date.now() - killedAt;
    t.diagnostic(`takeover ${takeoverMs} ms after SIGKILL (TTL ${TTL} ms)`);
    assert.ok(takeoverMs <= TTL + TTL / 3 + 5_000, `takeover in ${takeoverMs} ms`);
    // 4 records: the three above and the dead leader's own reconciliation.
    assert.deepEqual([...steps], ['rebuilding', 'reconciling', 'reconcile after 4 records', 'leading']);
    assert.equal(standby.killEngaged, true, 'a new leader starts with the kill switch engaged');
    assert.ok(standby.known.has('tl-old-1'), 'attempted orders rebuilt from the journal');
    assert.equal(standby.exposure.positions.get('BTCUSDT'), 0.03, 'the venue wins over the journal');
    assert.equal(standby.exposure.positions.get('ETHUSDT'), undefined);
    assert.throws(() => standby!.approval(order('d1')), { code: 'TL_RISK_GATE_KILL_SWITCH' });
    standby.arm();
    assert.throws(() => standby!.approval(order('d-old-1')), { code: 'TL_RISK_DUPLICATE_DECISION' });
    const fresh = standby.approval(order('d1'));
    const holder = await kv.get('risk');
    assert.ok(fresh.term > termA, `term ${fresh.term} after ${termA}`);
    assert.equal(holder?.json<{ node: string }>().node, 'b');

    // Execution: the dead leader's late approval is refused, the new leader's goes out.
    await ensureApprovalStream(nc, 1);
    await retryUntil('fence knows the new term', async () => (fence.highest === fresh.term ? true : undefined));
    const placed: string[] = [];
    const refusals: string[] = [];
    relay = new ClusterOrderRelay({
      nc,
      journal,
      fence,
      clientOrderId: (a) => `c-${a.decisionId}`,
      async place(_a, clientOrderId) {
        placed.push(clientOrderId);
        return { status: 'NEW' };
      },
      onIssue: (m) => refusals.push(m),
    });
    await relay.start();
    const publisher = new ApprovalPublisher(nc);
    await publisher.publish({ ...fresh, decisionId: 'd-stale', term: termA });
    await publisher.publish(fresh);
    await retryUntil('both approvals handled', async () =>
      relay!.counters.sent + relay!.intakeCounters.refused >= 2 ? true : undefined,
    );
    assert.deepEqual(placed, ['c-d1']);
    assert.match(refusals.join('\n'), /TL_CLUSTER_STALE_LEADER/);
  } finally {
    child.kill('SIGKILL');
    unfollow();
    await relay?.stop();
    await standby?.stop(true);
    await nc.close();
    await nats.stop();
  }
});
