/**
 * `config set execution.<param>` reaches the execution actor and is in force at once (it used to be kept under
 * `risk`, reported as changed, and applied only after a restart); a bad value changes nothing; the old
 * `risk.requestTimeoutMs` spelling is refused with a message naming the new key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSupervisor } from '../../../src/app/supervisor.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../../fixtures/runtime-config.js';

test('config set execution.requestTimeoutMs is applied by the running execution actor', async () => {
  const config = testConfig({ symbols: ['BTCUSDT'] });
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest },
  });
  try {
    const inForce = async () =>
      ((await sup.actorStatus('execution')) as { paramsInForce: Record<string, number> }).paramsInForce;
    await until('execution running', async () => (await inForce())?.timeoutMs === 5_000);
    await sup.config({ set: { 'execution.requestTimeoutMs': 300, 'execution.recvWindowMs': 2_500 } });
    const now = await inForce();
    assert.equal(now.timeoutMs, 300, 'the REST client uses the new timeout');
    assert.equal(now.recvWindowMs, 2_500);
    const got = (await sup.config({ get: true })) as { config: { execution: Record<string, unknown> } };
    assert.equal(got.config.execution.requestTimeoutMs, 300, 'kept for an actor restarted later');

    await assert.rejects(sup.config({ set: { 'execution.requestTimeoutMs': 10 } }), { code: 'TL_CONFIG_INVALID' });
    assert.equal((await inForce()).timeoutMs, 300, 'a refused value changes nothing');
    await assert.rejects(sup.config({ set: { 'risk.requestTimeoutMs': 300 } }), { code: 'TL_CONFIG_INVALID' });

    // Restarted, the actor starts with the changed value.
    await sup.restart('execution');
    await until(
      'restarted with the live value',
      async () => (await inForce().catch(() => undefined))?.timeoutMs === 300,
    );
  } finally {
    await sup.shutdown('test done');
  }
});
