/**
 * A real cluster on one machine (test/fixtures/cluster/cluster-processes.ts): one nats-server with JetStream, one
 * `tapeline sim`, three full nodes and one gateway-only node, all child processes. Checks: every symbol has
 * exactly one owner running it; the gateway-only node serves /api/schema and /ws metrics from NATS; a SIGKILLed
 * node's symbols get exactly one live owner again and their metrics resume; `admin kill` on one node engages
 * every node; a gateway started late gets the last values at once; a frame with another schema hash is refused
 * and counted; a node with another schema hash is refused (TL_CLUSTER_SCHEMA_MISMATCH) before it starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { connect, headers } from '@nats-io/transport-node';
import { NODE_HEADER, SCHEMA_HEADER } from '../../../src/runtime/nats/frame-header.js';
import { clusterSubjects } from '../../../src/runtime/nats/cluster-subjects.js';
import type { StatusReply } from '../../../src/schema/supervisor-api.js';
import {
  type ClusterProcess,
  MetricsWatch,
  startNode,
  startSim,
  stopAll,
} from '../../fixtures/cluster/cluster-processes.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];
const WAIT_MS = 60_000;
const ARMABLE = { EXECUTION_ENABLED: 'true' };

/** The owners map once every symbol has one live owner that really runs it, else undefined. */
async function settledOwners(nodes: ClusterProcess[], alive: Set<string>): Promise<Record<string, string> | undefined> {
  const statuses = new Map<string, StatusReply>();
  for (const n of nodes) if (alive.has(n.name)) statuses.set(n.name, await n.status());
  const view = statuses.values().next().value?.cluster;
  if (!view) return undefined;
  for (const s of SYMBOLS) {
    const owner = view.owners[s];
    if (!owner || !alive.has(owner)) return undefined;
    const runners = [...statuses].filter(([, st]) => st.symbols.includes(s)).map(([name]) => name);
    if (runners.length !== 1 || runners[0] !== owner) return undefined;
  }
  return view.owners;
}

test('cluster: ownership, gateway-only node, SIGKILL failover, cluster kill, schema refusal', {
  timeout: 240_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const sim = await startSim(SYMBOLS);
  const nodes: ClusterProcess[] = [];
  const extra: ClusterProcess[] = [];
  let watch: MetricsWatch | undefined;
  try {
    const base = { nats: nats.urls, venueRest: sim.rest, symbols: SYMBOLS, extraEnv: ARMABLE };
    for (const name of ['a', 'b', 'c']) nodes.push(startNode({ ...base, name }));
    const g = startNode({ ...base, name: 'g', roles: 'gateway' });
    extra.push(g);
    await Promise.all([...nodes, g].map((n) => n.started));
    const all = new Set(['a', 'b', 'c']);

    const owners = await until('one running owner per symbol', () => settledOwners(nodes, all), WAIT_MS);
    // Under load a heartbeat can be late for a moment: the view is awaited, not sampled once.
    const gStatus = await until(
      'g sees every node alive and a risk leader',
      async () => {
        const st = await g.status();
        const alive = st.cluster?.nodes.filter((n) => n.alive).map((n) => n.id);
        const leader = st.cluster?.riskLeader;
        return alive?.join() === 'a,b,c,g' && leader && all.has(leader) ? st : undefined;
      },
      WAIT_MS,
    );
    assert.deepEqual(gStatus.symbols, [], 'the gateway-only node runs no symbol');
    assert.deepEqual(gStatus.cluster?.nodes.find((n) => n.id === 'g')?.roles, ['gateway']);

    // The gateway-only node: /api/schema as anywhere, and metrics of every symbol carried over NATS.
    const dashboard = await g.started;
    const schema = await fetch(new URL('/api/schema', dashboard));
    assert.equal(schema.status, 200);
    assert.equal(((await schema.json()) as { title: string }).title, 'Tapeline client messages');
    watch = new MetricsWatch(dashboard.replace('http', 'ws') + 'ws');
    const w = watch;
    await until(
      'metrics of every symbol on the gateway-only node',
      async () => (SYMBOLS.every((s) => w.lastSeen.has(s)) ? true : undefined),
      WAIT_MS,
    );

    // SIGKILL the owner of BTCUSDT: its symbols move to the two others, once each, and their metrics resume.
    const victim = nodes.find((n) => n.name === owners.BTCUSDT)!;
    const moved = SYMBOLS.filter((s) => owners[s] === victim.name);
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    all.delete(victim.name);
    const after = await until('one live owner per symbol after SIGKILL', () => settledOwners(nodes, all), WAIT_MS);
    const failoverMs = Date.now() - killedAt;
    for (const s of moved) assert.notEqual(after[s], victim.name);
    t.diagnostic(
      `failover of ${moved.join(',')} from ${victim.name}: every symbol owned and running again after ${failoverMs} ms`,
    );
    await until(
      'metrics of the moved symbols resume',
      async () => (moved.every((s) => (w.lastSeen.get(s) ?? 0) > killedAt + 1_000) ? true : undefined),
      WAIT_MS,
    );
    const deadView = (await g.status()).cluster!.nodes.find((n) => n.id === victim.name);
    assert.equal(deadView?.alive, false, 'the killed node shows dead');

    // Kill switch: one risk for the cluster, so only the risk lease holder arms (a standby refuses and stays
    // engaged, docs/cluster-durability.md); a kill on another node engages the leader.
    const survivors = nodes.filter((n) => all.has(n.name));
    const leader = await until(
      'a live risk leader (the lease moves within TTL + TTL/3 if the victim held it)',
      async () => {
        const l = (await survivors[0]!.status()).cluster?.riskLeader;
        return survivors.find((n) => n.name === l);
      },
      WAIT_MS,
    );
    const standbyNode = survivors.find((n) => n !== leader)!;
    const armRefused = await standbyNode.admin({ cmd: 'arm', reason: 'test' });
    assert.equal(armRefused.ok, false, 'a standby refuses to arm');
    assert.match(JSON.stringify(armRefused), /TL_KILL_SWITCH_ARM_REFUSED.*not the risk leader/);
    const armed = await until(
      `arm ${leader.name}`,
      async () => {
        const r = await leader.admin({ cmd: 'arm', reason: 'test' });
        return r.ok === true ? r : undefined;
      },
      WAIT_MS,
    );
    assert.equal((armed.killSwitch as { engaged: boolean }).engaged, false);
    const [first, others] = [standbyNode, [leader]];
    const sentAt = Date.now();
    const killed = await first!.admin({ cmd: 'kill', reason: 'cluster test' });
    assert.equal(killed.ok, true);
    for (const n of others) {
      const st = await until(
        `${n.name} engaged`,
        async () => {
          const s = await n.status();
          return s.killSwitch.engaged ? s : undefined;
        },
        WAIT_MS,
      );
      assert.match(st.killSwitch.reason ?? '', new RegExp(`cluster kill from ${first!.name}: cluster test`));
    }
    t.diagnostic(
      `kill on ${first!.name} seen engaged on ${others.map((n) => n.name).join(',')} within ${Date.now() - sentAt} ms (status polling)`,
    );

    // A gateway that starts late gets the last values from the publishing nodes: the kill switch state (sent
    // only when it changes) reaches its new client at once.
    const late = startNode({ ...base, name: 'late', roles: 'gateway' });
    extra.push(late);
    const lateWatch = new MetricsWatch(`${(await late.started).replace('http', 'ws')}ws`, ['risk']);
    try {
      const ks = await until(
        'the kill switch state on the late gateway',
        async () => {
          const m = lateWatch.lastOfType.get('kill-switch');
          return m?.engaged === true ? m : undefined;
        },
        WAIT_MS,
      );
      assert.equal(ks.engaged, true);
    } finally {
      lateWatch.close();
    }

    // A frame written with another schema is refused by the bridge, counted, never decoded.
    const nc = await connect({ servers: nats.urls });
    const bad = headers();
    bad.set(SCHEMA_HEADER, 'ffffffffffffffff');
    bad.set(NODE_HEADER, 'old');
    nc.publish(clusterSubjects().frame('telemetry', 'BTCUSDT'), new Uint8Array([0x80]), { headers: bad });
    const refused = await until(
      'the bad frame counted on g',
      async () => {
        const bridge = (await g.status()).cluster?.bridge;
        return typeof bridge?.refusedSchema === 'number' && bridge.refusedSchema > 0 ? bridge : undefined;
      },
      WAIT_MS,
    );
    assert.match(String(refused.firstRefusal), /node old speaks schema ffffffffffffffff/);

    // A node built from another schema: a live member with another hash makes the newcomer refuse to join.
    const kv = await new Kvm(nc).open(clusterSubjects().nodesBucket);
    const fake = JSON.stringify({ id: 'old', roles: ['gateway'], schema: 'ffffffffffffffff', pid: 1, startedAt: 0 });
    await kv.put('old', fake);
    const beat = setInterval(() => void kv.put('old', fake).catch(() => undefined), 300);
    try {
      const x = startNode({ ...base, name: 'x', roles: 'gateway' });
      extra.push(x);
      const code = await x.exited;
      assert.equal(code, 1);
      assert.match(x.output(), /TL_CLUSTER_SCHEMA_MISMATCH: refused to join: node old speaks schema ffffffffffffffff/);
    } finally {
      clearInterval(beat);
      await kv.delete('old');
      await nc.close();
    }
  } finally {
    watch?.close();
    await stopAll([...nodes, ...extra], sim);
    await nats.stop();
  }
});
