/**
 * A secret reaches only the code that signs: every actor but execution is started with a config that holds
 * neither API key nor secret (only `keysPresent`), and the operator's status replies never carry them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSupervisor } from '../../src/app/supervisor.js';
import { FIXTURES, NO_VENUE, testConfig, until } from '../fixtures/runtime-config.js';

test('only the execution actor is given the API key and secret', async () => {
  const config = testConfig({ symbols: ['BTCUSDT'] });
  const echo = FIXTURES.configEcho;
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: echo, symbol: echo, risk: echo, gateway: echo, execution: echo },
  });
  try {
    const seen = new Map<string, string>();
    for (const name of ['ingest', 'symbol/BTCUSDT', 'risk', 'gateway', 'execution']) {
      const status = await until(
        `${name} status`,
        async () => (await sup.actorStatus(name)) as { configJson?: string },
      );
      seen.set(name, status.configJson ?? '');
    }
    // The check can fail: the signer does get them.
    assert.ok(seen.get('execution')!.includes(NO_VENUE.apiSecret!), 'execution is given the secret');
    for (const [name, json] of seen) {
      if (name === 'execution') continue;
      assert.ok(!json.includes(NO_VENUE.apiSecret!), `${name} was given the API secret`);
      assert.ok(!json.includes(NO_VENUE.apiKey!), `${name} was given the API key`);
      assert.equal((JSON.parse(json) as { keysPresent: boolean }).keysPresent, true, `${name} knows keys exist`);
    }
    const status = JSON.stringify(await sup.status());
    assert.ok(!status.includes(NO_VENUE.apiSecret!), 'status reply holds the secret');
  } finally {
    await sup.shutdown('test done');
  }
});
