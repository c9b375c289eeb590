/**
 * The supervisor end to end with real worker threads: one thread per actor, reported over comlink and the
 * admin socket; one-for-one restart of a throwing symbol actor while the others lose nothing; escalation;
 * the kill switch engaged at start, by `kill`, and when risk or execution fails.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import WebSocket from 'ws';
import { adminRequest } from '../../src/app/admin/admin-client.js';
import { startSupervisor } from '../../src/app/supervisor.js';
import type { KillSwitchState } from '../../src/schema/supervisor-api.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../fixtures/runtime-config.js';

function withEnv(vars: Record<string, string>): () => void {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

test('starts one thread per actor and reports them over comlink and the admin socket', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '100', TAPELINE_QUIET: '1' });
  const config = testConfig();
  const sup = await startSupervisor(config, { venue: NO_VENUE, modules: { ingest: FIXTURES.scriptedIngest } });
  try {
    const actors = await sup.actors();
    const names = actors.map((a) => a.name).sort();
    assert.deepEqual(names, [
      'execution',
      'gateway',
      'ingest',
      'risk',
      'supervisor',
      'symbol/BTCUSDT',
      'symbol/ETHUSDT',
      'symbol/SOLUSDT',
    ]);
    const threads = actors.filter((a) => a.name !== 'supervisor').map((a) => a.threadId);
    assert.equal(new Set(threads).size, threads.length, 'every actor on its own thread');
    assert.ok(threads.every((t) => t > 0));
    assert.ok(actors.every((a) => a.state === 'running'));

    const mode = statSync(config.adminSocket).mode & 0o777;
    assert.equal(mode, 0o600);
    const reply = (await adminRequest(config.adminSocket, { cmd: 'status' })) as Record<string, unknown> & {
      ok: boolean;
    };
    assert.equal(reply.ok, true);
    const ks = reply.killSwitch as KillSwitchState;
    assert.equal(ks.engaged, true, 'kill switch engaged at start');
    assert.deepEqual((reply.gates as Record<string, boolean>).executionEnabled, false);
    const listed = (reply.actors as Array<{ name: string }>).map((a) => a.name);
    assert.ok(listed.includes('symbol/ETHUSDT'));

    // Every symbol actor receives every scripted event, in order (no missed sequence numbers).
    for (const s of config.symbols) {
      const st = await until(`${s} received all`, async () => {
        const x = await sup.actorStatus(`symbol/${s}`);
        return x.received === 100 ? x : undefined;
      });
      assert.equal(st.missed, 0);
    }
  } finally {
    await sup.shutdown('test over');
    restore();
  }
  assert.throws(() => statSync(config.adminSocket), /ENOENT/, 'socket removed on shutdown');
});

test('a throwing symbol actor is restarted with back-off; the others keep running and lose nothing', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '400', TAPELINE_TEST_BOOM: 'ETHUSDT:150', TAPELINE_QUIET: '1' });
  const config = testConfig();
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: FIXTURES.throwingSymbol },
  });
  try {
    const eth = await until('ETHUSDT restarted', async () => {
      const a = (await sup.actors()).find((x) => x.name === 'symbol/ETHUSDT');
      return a && a.restarts >= 1 && a.state === 'running' ? a : undefined;
    });
    assert.equal(eth.restarts, 1);
    assert.match(eth.lastError?.message ?? '', /boom/);
    assert.equal(
      eth.lastError?.code,
      'TL_ACTOR_FAILED',
      'a plain Error thrown by an actor gets the actor-failure code',
    );
    const stats = await until('other symbols complete', async () => {
      const st = (await sup.status()).actors;
      const btc = st.find((a) => a.name === 'symbol/BTCUSDT')!;
      const sol = st.find((a) => a.name === 'symbol/SOLUSDT')!;
      return btc.mailboxDepth === 0 && sol.mailboxDepth === 0 ? st : undefined;
    });
    for (const name of ['symbol/BTCUSDT', 'symbol/SOLUSDT']) {
      const a = stats.find((x) => x.name === name)!;
      assert.equal(a.restarts, 0, `${name} never restarted`);
      assert.equal(a.dropped, 0, `${name} dropped nothing`);
    }
    for (const name of ['symbol/BTCUSDT', 'symbol/SOLUSDT']) {
      const st = await until(`${name} received all`, async () => {
        const x = await sup.actorStatus(name);
        return x.received === 400 ? x : undefined;
      });
      assert.equal(st.missed, 0, `${name} lost nothing`);
    }
    // The restarted actor resumes from its snapshot and keeps consuming the same mailbox.
    const ethStatus = await until('ETHUSDT drained', async () => {
      const x = await sup.actorStatus('symbol/ETHUSDT');
      return (await sup.actors()).find((a) => a.name === 'symbol/ETHUSDT')!.mailboxDepth === 0 ? x : undefined;
    });
    assert.ok((ethStatus.received as number) > 0);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('restart intensity exceeded by a symbol actor: it is left failed while the others run', async () => {
  const restore = withEnv({
    TAPELINE_TEST_EVENTS: '300',
    TAPELINE_TEST_BOOM: 'ETHUSDT:20,60,100,140,180',
    TAPELINE_QUIET: '1',
  });
  const config = testConfig();
  config.runtime.restart = { maxRestarts: 2, windowMs: 30_000, backoffInitialMs: 10, backoffMaxMs: 40 };
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: FIXTURES.throwingSymbol },
  });
  try {
    const eth = await until('ETHUSDT failed', async () => {
      const a = (await sup.actors()).find((x) => x.name === 'symbol/ETHUSDT');
      return a?.state === 'failed' ? a : undefined;
    });
    assert.equal(eth.restarts, 2);
    const btc = await sup.actorStatus('symbol/BTCUSDT');
    assert.equal(btc.missed, 0);
    const all = await sup.actors();
    assert.ok(all.filter((a) => a.name !== 'symbol/ETHUSDT').every((a) => a.state === 'running'));
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('restart intensity exceeded by a core actor: the supervisor shuts down SAFE with exit code 1', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '50', TAPELINE_TEST_INGEST_EXIT_MS: '80', TAPELINE_QUIET: '1' });
  const config = testConfig();
  config.runtime.restart = { maxRestarts: 2, windowMs: 30_000, backoffInitialMs: 10, backoffMaxMs: 40 };
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest },
  });
  await Promise.race([
    sup.closed,
    new Promise((_, reject) => setTimeout(() => reject(new Error('supervisor did not escalate')), 15_000)),
  ]);
  restore();
  assert.equal(sup.exitCode, 1, 'escalation exits 1');
});

test('kill engages before it replies; arm is refused without EXECUTION_ENABLED', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_QUIET: '1' });
  const config = testConfig();
  const sup = await startSupervisor(config, { venue: NO_VENUE, modules: { ingest: FIXTURES.scriptedIngest } });
  try {
    const killed = await adminRequest(config.adminSocket, { cmd: 'kill', reason: 'manual test' });
    assert.equal(killed.ok, true);
    const ks = (await sup.actorCommand('risk', 'killSwitch')) as KillSwitchState;
    assert.equal(ks.engaged, true);
    assert.equal(ks.reason, 'manual test');
    await until('execution received cancel-all', async () => {
      const st = await sup.actorStatus('execution');
      return st.cancelAllReceived === 1 ? st : undefined;
    });
    const armed = await adminRequest(config.adminSocket, { cmd: 'arm', reason: 'try' });
    assert.equal(armed.ok, false);
    assert.match(JSON.stringify(armed), /EXECUTION_ENABLED/);
    const still = (await sup.actorCommand('risk', 'killSwitch')) as KillSwitchState;
    assert.equal(still.engaged, true);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('a failed execution actor engages the kill switch; a failed risk actor restarts engaged', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_QUIET: '1' });
  const config = testConfig({ executionEnabled: true });
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, risk: FIXTURES.crashableRisk, execution: FIXTURES.crashableExecution },
  });
  try {
    let ks = await sup.arm('operator arms');
    assert.equal(ks.engaged, false, 'armed with EXECUTION_ENABLED=true');
    await sup.actorCommand('execution', 'crash');
    ks = await until('kill switch engaged by escalation', async () => {
      const k = (await sup.status()).killSwitch;
      return k.engaged ? k : undefined;
    });
    assert.match(ks.reason, /execution actor failed/);

    ks = await sup.arm('operator arms again');
    assert.equal(ks.engaged, false);
    await sup.actorCommand('risk', 'crash');
    const risk = await until('risk restarted', async () => {
      const a = (await sup.actors()).find((x) => x.name === 'risk');
      return a && a.restarts >= 1 && a.state === 'running' ? a : undefined;
    });
    assert.equal(risk.restarts, 1);
    ks = (await sup.status()).killSwitch;
    assert.equal(ks.engaged, true, 'risk restarts with the kill switch engaged');
    assert.match(ks.reason, /restarted/);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('a hung actor (no heartbeat) is terminated and restarted', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '200', TAPELINE_TEST_HANG: 'SOLUSDT:40', TAPELINE_QUIET: '1' });
  const config = testConfig();
  // Long enough that a busy machine does not make a healthy actor look hung; the hang itself is forever.
  config.runtime.heartbeatTimeoutMs = 1_500;
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: FIXTURES.throwingSymbol },
  });
  try {
    const sol = await until('SOLUSDT restarted after hanging', async () => {
      const a = (await sup.actors()).find((x) => x.name === 'symbol/SOLUSDT');
      return a && a.restarts >= 1 && a.state === 'running' ? a : undefined;
    });
    assert.equal(sol.lastError?.code, 'TL_ACTOR_HUNG');
    const btc = await sup.actorStatus('symbol/BTCUSDT');
    assert.equal(btc.missed, 0);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('symbols are added and removed live; nothing else restarts', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '50', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: ['BTCUSDT', 'ETHUSDT'] });
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest },
  });
  try {
    const before = await sup.actors();
    const added = await sup.symbols({ add: ['XRPUSDT'] });
    assert.deepEqual(added.added, ['XRPUSDT']);
    assert.deepEqual(added.symbols, ['BTCUSDT', 'ETHUSDT', 'XRPUSDT']);
    const xrp = await until('XRPUSDT receives its stream', async () => {
      const s = await sup.actorStatus('symbol/XRPUSDT');
      return s.received === 100 ? s : undefined;
    });
    assert.equal(xrp.missed, 0);
    const gateway = await until('gateway got XRP telemetry', async () => {
      const g = await sup.actorStatus('gateway');
      const published = Object.values(g.published as Record<string, number>).reduce((a, b) => a + b, 0);
      return published > 0 ? g : undefined;
    });
    assert.ok(gateway);

    const removed = await sup.symbols({ remove: ['ETHUSDT'] });
    assert.deepEqual(removed.removed, ['ETHUSDT']);
    const after = await sup.actors();
    assert.equal(
      after.some((a) => a.name === 'symbol/ETHUSDT'),
      false,
    );
    for (const a of before.filter((x) => x.name !== 'symbol/ETHUSDT')) {
      const now = after.find((x) => x.name === a.name)!;
      assert.equal(now.threadId, a.threadId, `${a.name} kept its thread`);
      assert.equal(now.restarts, 0);
    }
    const hello = await new Promise<{ symbols: string[] }>((resolve, reject) => {
      const ws = new WebSocket(sup.urls.ws);
      ws.once('message', (data) => {
        ws.close();
        resolve(JSON.parse(String(data)));
      });
      ws.once('error', reject);
    });
    assert.deepEqual([...hello.symbols].sort(), ['BTCUSDT', 'XRPUSDT'], 'the gateway knows the removal');
    const exec = (await sup.actorCommand('execution', 'executionState')) as { openOrders: Record<string, number> };
    assert.deepEqual(
      Object.keys(exec.openOrders).sort(),
      ['BTCUSDT', 'XRPUSDT'],
      'execution knows the add and the removal',
    );
    const again = await sup.symbols({ add: ['XRPUSDT'] });
    assert.deepEqual(again.added, [], 'adding a running symbol is a no-op');
    await assert.rejects(sup.symbols({ remove: ['BTCUSDT', 'XRPUSDT'] }), /last symbol/);
    assert.deepEqual((await sup.status()).symbols, ['BTCUSDT', 'XRPUSDT'], 'a refused request changes nothing');
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('config set changes risk and symbol parameters live; bad values change nothing', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_QUIET: '1' });
  const sup = await startSupervisor(testConfig(), {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest },
  });
  try {
    const reply = await sup.config({ set: { 'risk.maxOrderNotional': 500, 'strategies.symbol.obiLevels': 5 } });
    assert.deepEqual((reply.config as { risk: Record<string, unknown> }).risk.maxOrderNotional, 500);
    const params = (await sup.actorCommand('risk', 'params')) as Record<string, unknown>;
    assert.equal(params.maxOrderNotional, 500);
    await assert.rejects(sup.config({ set: { 'risk.maxOrderNotional': 'lots' } }), { code: 'TL_CONFIG_INVALID' });
    await assert.rejects(sup.config({ set: { 'risk.maxOrderNotional': 1, nonsense: 2 } }), /not a live parameter/);
    const still = (await sup.actorCommand('risk', 'params')) as Record<string, unknown>;
    assert.equal(still.maxOrderNotional, 500, 'a refused change leaves the old value');
    const got = await sup.config({ get: true });
    assert.deepEqual((got.config as { strategies: { symbol: Record<string, unknown> } }).strategies.symbol, {
      obiLevels: 5,
    });
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});
