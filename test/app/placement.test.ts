/**
 * runtime.placement (issue 19): core actors grouped onto one thread keep their own mailbox, state and restart.
 * Checked: the setting's validation and errors, the topology it builds (one doorbell and pack per group), and
 * a supervisor run with ingest, risk, execution and gateway on one thread: messages flow through every member,
 * and a member that throws restarts alone, on the same thread, while its neighbours keep running and their state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoPlacement, parsePlacement } from '../../src/app/placement.js';
import { startSupervisor } from '../../src/app/supervisor.js';
import { buildTopology } from '../../src/app/topology.js';
import { TapelineError } from '../../src/schema/errors.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../fixtures/runtime-config.js';

test('placement: keywords, explicit groups, and the default per core count', () => {
  assert.deepEqual(parsePlacement('isolated'), []);
  assert.deepEqual(parsePlacement([['risk', 'execution'], ['ingest']]), [['risk', 'execution']]);
  assert.deepEqual(autoPlacement(2, 3), [['ingest', 'symbols', 'risk', 'execution']]);
  assert.deepEqual(autoPlacement(2, 500), [['ingest', 'risk', 'execution']]);
  assert.deepEqual(autoPlacement(2, 3, 2), [['ingest', 'risk', 'execution']], 'symbolsPerWorker keeps symbols apart');
  assert.deepEqual(autoPlacement(8, 3), [['risk', 'execution']]);
  assert.ok(Array.isArray(parsePlacement('auto')));
  assert.ok(Array.isArray(parsePlacement(undefined)));
});

test('placement: a bad setting is TL_CONFIG_INVALID naming the field and the value', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['packed', /runtime\.placement must be "auto", "isolated" or an array of groups \(got "packed"\)/],
    [[['risk', 'symbol/BTCUSDT']], /\[0\] names "symbol\/BTCUSDT", which is not a core actor/],
    [[['risk'], ['risk', 'execution']], /names "risk" in more than one group/],
    [[[]], /\[0\] must be a non-empty array of actor names/],
    [['risk'], /\[0\] must be a non-empty array of actor names \(got "risk"\)/],
  ];
  for (const [setting, message] of cases) {
    assert.throws(
      () => parsePlacement(setting),
      (err: unknown) => err instanceof TapelineError && err.code === 'TL_CONFIG_INVALID' && message.test(err.message),
      JSON.stringify(setting),
    );
  }
});

test('topology: a placement group shares one doorbell and one pack; isolated plans a thread each', () => {
  const isolated = buildTopology(testConfig());
  assert.ok(isolated.actors.every((a) => a.pack === undefined));
  const config = testConfig();
  config.runtime.placement = [['risk', 'execution', 'gateway']];
  const { actors, channels } = buildTopology(config);
  const core = ['risk', 'execution', 'gateway'].map((n) => actors.find((a) => a.name === n)!);
  assert.deepEqual(new Set(core.map((a) => a.pack)), new Set(['core/risk+execution+gateway']));
  assert.equal(new Set(core.map((a) => a.doorbell)).size, 1);
  assert.equal(actors.find((a) => a.name === 'ingest')!.pack, undefined);
  // Every channel into a group member rings the group's doorbell, so one park serves them all.
  for (const c of channels.filter((c) => ['risk', 'execution', 'gateway'].includes(c.to)))
    assert.equal(c.doorbell, core[0]!.doorbell, c.name);
});

test('ingest, risk, execution and gateway on one thread: messages flow; a throwing member restarts alone', async () => {
  process.env.TAPELINE_TEST_EVENTS = '300';
  process.env.TAPELINE_QUIET = '1';
  const config = testConfig({ symbols: ['BTCUSDT', 'ETHUSDT'] });
  config.runtime.placement = [['ingest', 'risk', 'execution', 'gateway']];
  config.runtime.marketChannelBytes = 1 << 20;
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: {
      ingest: FIXTURES.scriptedIngest,
      symbol: FIXTURES.throwingSymbol,
      risk: FIXTURES.relayCore,
      execution: FIXTURES.relayCore,
      gateway: FIXTURES.relayCore,
    },
  });
  const info = async (name: string) => (await sup.actors()).find((a) => a.name === name)!;
  const received = async (name: string, topic: string) =>
    ((await sup.actorStatus(name)).received as Record<string, number>)[topic] ?? 0;
  try {
    const core = await Promise.all(['ingest', 'risk', 'execution', 'gateway'].map(info));
    assert.equal(new Set(core.map((a) => a.threadId)).size, 1, 'four core actors on one thread');
    const symbols = await Promise.all(['symbol/BTCUSDT', 'symbol/ETHUSDT'].map(info));
    assert.ok(!symbols.some((s) => s.threadId === core[0]!.threadId), 'symbols on threads of their own');

    // ingest (packed) -> symbols -> gateway (packed): market data in, telemetry out.
    for (const name of ['symbol/BTCUSDT', 'symbol/ETHUSDT'])
      await until(`${name} received the script`, async () => (await sup.actorStatus(name)).received === 300, 60_000);
    await until('gateway received telemetry', async () => (await received('gateway', 'telemetry')) > 0, 60_000);

    // risk -> execution inside the shared thread.
    await sup.actorCommand('risk', 'send', { n: 50 });
    await until(
      'execution received 50',
      async () => (await received('execution', 'execution-commands')) === 50,
      60_000,
    );

    // A member that throws is dropped alone and restarted on the same thread.
    await sup.actorCommand('risk', 'poison');
    const restarted = await until(
      'execution restarted',
      async () => {
        const e = await info('execution');
        return e.restarts >= 1 && e.state === 'running' ? e : undefined;
      },
      60_000,
    );
    assert.match(restarted.lastError?.message ?? '', /boom/);
    assert.equal(restarted.threadId, core[0]!.threadId, 'restarted on the thread it shares');
    for (const name of ['ingest', 'risk', 'gateway']) assert.equal((await info(name)).restarts, 0, `${name} untouched`);
    await sup.actorCommand('risk', 'send', { n: 25 });
    await until(
      'execution receives again',
      async () => (await received('execution', 'execution-commands')) === 25,
      60_000,
    );
    assert.equal((await sup.actorStatus('risk')).sent, 75, 'risk kept its state across its neighbour restart');
  } finally {
    await sup.shutdown('test over');
    delete process.env.TAPELINE_TEST_EVENTS;
    delete process.env.TAPELINE_QUIET;
  }
});
