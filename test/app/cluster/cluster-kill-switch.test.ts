/**
 * The cluster kill switch (src/app/cluster/cluster-kill-switch.ts) on a real nats-server: a kill on one node
 * engages the others once per order (broadcast and KV key bring it twice), the sender is not re-engaged, and a
 * node engages by itself when risk's heartbeat goes silent for more than 1 s.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import pino from 'pino';
import { ClusterKillSwitch, type KillOrder } from '../../../src/app/cluster/cluster-kill-switch.js';
import { clusterSubjects } from '../../../src/runtime/nats/cluster-subjects.js';
import { connectNats, type NatsConnection } from '../../../src/runtime/nats/connect.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

test('cluster kill switch: kill reaches every node once; a silent risk engages every node', {
  timeout: 60_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const subjects = clusterSubjects('kstest');
  const engaged = new Map<string, Array<{ reason: string; order: KillOrder | undefined }>>();
  const switches = new Map<string, ClusterKillSwitch>();
  const conns: NatsConnection[] = [];
  try {
    for (const node of ['risky', 'b', 'c']) {
      const nc = await connectNats(nats.urls);
      conns.push(nc);
      const kv = await new Kvm(nc).create(subjects.controlBucket, { history: 1 });
      engaged.set(node, []);
      const ks = new ClusterKillSwitch({
        nc,
        kv,
        subjects,
        node,
        engage: async (reason, order) => {
          engaged.get(node)!.push({ reason, order });
        },
        riskAlive: () => node === 'risky',
        log: pino({ level: 'silent' }),
      });
      await ks.start();
      switches.set(node, ks);
    }
    // Risk beats: nobody engages for staleness while it does (checked after several beats were heard).
    await until('heartbeats heard on c', async () => {
      const beat = switches.get('c')!.riskHeartbeat();
      return beat.node === 'risky' && beat.ageMs !== undefined && beat.ageMs < 1_000 ? true : undefined;
    });
    const order = await switches.get('b')!.kill('operator');
    for (const node of ['risky', 'c']) {
      await until(`${node} engaged by the order`, async () =>
        engaged.get(node)!.some((e) => e.order?.id === order.id) ? true : undefined,
      );
    }
    await until('the KV copy arrived too', async () => {
      const kv = await new Kvm(conns[0]!).open(subjects.controlBucket);
      const e = await kv.get('kill-switch');
      return e?.json<KillOrder>().id === order.id ? true : undefined;
    });
    for (const node of ['risky', 'c']) {
      assert.equal(engaged.get(node)!.filter((e) => e.order?.id === order.id).length, 1, `${node} engaged once`);
      assert.match(engaged.get(node)![0]!.reason, /cluster kill from b: operator/);
    }
    assert.deepEqual(engaged.get('b'), [], 'the sender engaged itself before sending');

    // Risk goes silent: b and c engage on their own within the staleness bound.
    switches.get('risky')!.stop();
    for (const node of ['b', 'c']) {
      const e = await until(`${node} engaged on a stale heartbeat`, async () =>
        engaged.get(node)!.find((x) => x.order === undefined),
      );
      assert.match(e.reason, /no risk heartbeat for \d+ ms \(last from risky\)/);
    }
  } finally {
    for (const s of switches.values()) s.stop();
    for (const c of conns) await c.close();
    await nats.stop();
  }
});
