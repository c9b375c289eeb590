/**
 * What an operator meets when a request cannot be served, through the admin socket and the supervisor API:
 * TL_ACTOR_TIMEOUT (an actor that does not answer a control call), TL_ACTOR_UNAVAILABLE (its actor is down),
 * TL_SYMBOL_INGEST_FAILED (ingest refuses a new symbol), TL_SHUTTING_DOWN (a request racing a shutdown) and
 * TL_VENUE_START_FAILED (the embedded simulated venue does not start).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminRequest } from '../../src/app/admin/admin-client.js';
import { startSupervisor } from '../../src/app/supervisor.js';
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

/** The error code of an admin reply, or '' when it succeeded. */
function codeOf(reply: Awaited<ReturnType<typeof adminRequest>>): string {
  return reply.ok ? '' : reply.error.code;
}

test('config set on an actor that never answers: TL_ACTOR_TIMEOUT, and the value is not taken', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: ['BTCUSDT'] });
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    modules: { ingest: FIXTURES.scriptedIngest, risk: FIXTURES.stallingRisk },
  });
  try {
    const reply = await adminRequest(
      config.adminSocket,
      { cmd: 'config', set: { 'risk.maxOrderNotional': 500 } },
      { timeoutMs: 60_000 },
    );
    assert.equal(codeOf(reply), 'TL_ACTOR_TIMEOUT');
    assert.match(reply.ok ? '' : reply.error.message, /risk.*did not answer/);
    const got = await sup.config({ get: true });
    assert.notEqual((got.config as { risk: Record<string, unknown> }).risk.maxOrderNotional, 500);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('config set while a symbol actor is down: TL_ACTOR_UNAVAILABLE', async () => {
  const restore = withEnv({
    TAPELINE_TEST_EVENTS: '300',
    TAPELINE_TEST_BOOM: 'ETHUSDT:20,60,100',
    TAPELINE_QUIET: '1',
  });
  const config = testConfig({ symbols: ['BTCUSDT', 'ETHUSDT'] });
  config.runtime.restart = { maxRestarts: 1, windowMs: 60_000, backoffInitialMs: 10, backoffMaxMs: 40 };
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: FIXTURES.throwingSymbol },
  });
  try {
    await until(
      'ETHUSDT left failed',
      async () => (await sup.actors()).find((a) => a.name === 'symbol/ETHUSDT')?.state === 'failed',
      60_000,
    );
    const reply = await adminRequest(
      config.adminSocket,
      { cmd: 'config', set: { 'strategies.symbol.obiLevels': 5 } },
      { timeoutMs: 60_000 },
    );
    assert.equal(codeOf(reply), 'TL_ACTOR_UNAVAILABLE');
    assert.match(reply.ok ? '' : reply.error.message, /symbol\/ETHUSDT is not running; retry/);
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('symbols add that ingest refuses: TL_SYMBOL_INGEST_FAILED', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_TEST_INGEST_REFUSE: 'XRPUSDT', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: ['BTCUSDT'] });
  const sup = await startSupervisor(config, { venue: NO_VENUE, modules: { ingest: FIXTURES.scriptedIngest } });
  try {
    const reply = await adminRequest(config.adminSocket, { cmd: 'symbols', add: ['XRPUSDT'] }, { timeoutMs: 60_000 });
    assert.equal(codeOf(reply), 'TL_SYMBOL_INGEST_FAILED');
    assert.match(reply.ok ? '' : reply.error.message, /ingest could not addSymbol XRPUSDT: .*scripted refusal.*retry/);
    // The half-added symbol is taken out again, so the retry the message suggests is not a no-op.
    assert.deepEqual((await sup.status()).symbols, ['BTCUSDT']);
    assert.equal(
      (await sup.actors()).some((a) => a.name === 'symbol/XRPUSDT'),
      false,
    );
  } finally {
    await sup.shutdown('test over');
    restore();
  }
});

test('restart and symbols requested while the supervisor shuts down: TL_SHUTTING_DOWN', async () => {
  const restore = withEnv({ TAPELINE_TEST_EVENTS: '10', TAPELINE_QUIET: '1' });
  const config = testConfig({ symbols: ['BTCUSDT'] });
  const sup = await startSupervisor(config, {
    venue: NO_VENUE,
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest },
  });
  const closing = sup.shutdown('test over');
  try {
    await assert.rejects(sup.restart('risk'), { code: 'TL_SHUTTING_DOWN' });
    await assert.rejects(sup.symbols({ add: ['XRPUSDT'] }), { code: 'TL_SHUTTING_DOWN' });
  } finally {
    await closing;
    restore();
  }
});

test('the embedded simulated venue refuses its options: the supervisor fails with TL_VENUE_START_FAILED', async () => {
  const restore = withEnv({ TAPELINE_QUIET: '1' });
  // `tapeline run` checks symbol names before this point; the supervisor API hands the list to the sim as given.
  const config = testConfig({ symbols: ['BTC-USDT'] });
  try {
    const started = startSupervisor(config, { admin: false });
    await assert.rejects(started, (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TL_VENUE_START_FAILED');
      assert.match(err.message, /the simulated venue did not start: .*BTC-USDT/);
      return true;
    });
    // Had it started after all, do not leave its threads behind.
    await started.then((sup) => sup.shutdown('test over')).catch(() => undefined);
  } finally {
    restore();
  }
});
