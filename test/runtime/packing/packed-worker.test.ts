/**
 * Packing (runtime.symbolsPerWorker > 1): symbol actors share a worker thread yet keep their own mailbox, state
 * and restart. A throwing member is restarted alone, on the same thread, and its mates lose nothing; a hung
 * thread restarts all its members; the default (1) plans a thread and a doorbell per symbol, as before.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSupervisor } from '../../../src/app/supervisor.js';
import { buildTopology } from '../../../src/app/topology.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../../fixtures/runtime-config.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];

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

test('topology: the default plans one thread and doorbell per symbol; symbolsPerWorker groups them', () => {
  const one = buildTopology(testConfig({ symbols: SYMBOLS }));
  const symbols = one.actors.filter((a) => a.kind === 'symbol');
  assert.ok(symbols.every((a) => a.pack === undefined));
  assert.equal(new Set(symbols.map((a) => a.doorbell)).size, 4);
  const config = testConfig({ symbols: [...SYMBOLS, 'ADAUSDT'] });
  config.runtime.symbolsPerWorker = 2;
  const packed = buildTopology(config).actors.filter((a) => a.kind === 'symbol');
  assert.deepEqual(
    packed.map((a) => a.pack),
    ['symbols/BTCUSDT+1', 'symbols/BTCUSDT+1', 'symbols/SOLUSDT+1', 'symbols/SOLUSDT+1', 'symbols/ADAUSDT+0'],
  );
  assert.equal(new Set(packed.map((a) => a.doorbell)).size, 3);
});

test('a throwing packed actor restarts alone on its thread; its mate keeps its state and loses nothing', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '400', TAPELINE_TEST_BOOM: 'ETHUSDT:150', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: SYMBOLS });
  config.runtime.symbolsPerWorker = 2;
  // Two symbols drain on one thread: a production-size mailbox, so a burst on a loaded machine is not dropped.
  config.runtime.marketChannelBytes = 1 << 20;
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
    const actors = await sup.actors();
    const threads = new Set(actors.filter((a) => a.kind === 'symbol').map((a) => a.threadId));
    assert.equal(threads.size, 2, 'four symbols on two threads');
    const btc = actors.find((a) => a.name === 'symbol/BTCUSDT')!;
    assert.equal(btc.threadId, eth.threadId, 'ETHUSDT restarted on the thread it shares with BTCUSDT');
    for (const name of ['symbol/BTCUSDT', 'symbol/SOLUSDT', 'symbol/XRPUSDT']) {
      const st = await until(`${name} received all`, async () => {
        const x = await sup.actorStatus(name);
        return x.received === 400 ? x : undefined;
      });
      assert.equal(st.missed, 0, `${name} lost nothing`);
      assert.equal(st.packed, true);
      assert.equal((await sup.actors()).find((a) => a.name === name)!.restarts, 0, `${name} never restarted`);
    }
    await until(
      'ETHUSDT drained its mailbox',
      async () => (await sup.actors()).find((a) => a.name === 'symbol/ETHUSDT')!.mailboxDepth === 0 || undefined,
    );
    assert.ok(((await sup.actorStatus('symbol/ETHUSDT')).received as number) > 0);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('a hung packed thread is terminated; its members restart, the other thread is untouched', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '200', TAPELINE_TEST_HANG: 'SOLUSDT:40', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: SYMBOLS });
  config.runtime.symbolsPerWorker = 2;
  // Long enough that a busy machine does not make a healthy actor look hung; the hang itself is forever.
  config.runtime.heartbeatTimeoutMs = 1_500;
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: FIXTURES.throwingSymbol },
  });
  try {
    for (const name of ['symbol/SOLUSDT', 'symbol/XRPUSDT']) {
      const a = await until(`${name} restarted`, async () => {
        const x = (await sup.actors()).find((y) => y.name === name);
        return x && x.restarts >= 1 && x.state === 'running' ? x : undefined;
      });
      assert.equal(a.lastError?.code, 'TL_ACTOR_HUNG');
    }
    const btc = await sup.actorStatus('symbol/BTCUSDT');
    assert.equal(btc.missed, 0);
    assert.equal((await sup.actors()).find((a) => a.name === 'symbol/BTCUSDT')!.restarts, 0);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});
