/**
 * A symbol worker killed mid-stream (real ingest against the simulated venue, real symbol actors): restarted
 * within 500 ms, its state rebuilt (ready again from a fresh snapshot), the other symbol never restarted and
 * never stalled (its snapshot seq keeps climbing through the restart).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSupervisor } from '../../src/runtime/supervisor.js';
import { startSimVenue } from '../../src/venues/sim/index.js';
import { testConfig, until } from '../fixtures/runtime-config.js';

// The restarted actor asks the supervisor for a rebuild (ingest redoes its book sync and backfill). The time to
// restart is reported as a diagnostic, not asserted: tests never time anything (the soak script measures it).
test('symbol worker killed mid-stream: restarted < 500 ms, rebuilt, the other symbol unaffected', async (t) => {
  process.env.TAPELINE_QUIET = '1';
  const sim = await startSimVenue({ port: 0, seed: 13, symbols: ['BTCUSDT', 'ETHUSDT'] });
  const base = testConfig({
    symbols: ['BTCUSDT', 'ETHUSDT'],
    ingest: { klineBackfillLimit: 30, openInterestHistLimit: 6, reconnectInitialMs: 50 } as never,
  });
  // A roomy market channel: the real feed's snapshot frames are large.
  const config = { ...base, runtime: { ...base.runtime, marketChannelBytes: 1 << 22 } };
  const sup = await startSupervisor(config, {
    venue: { kind: 'sim', rest: sim.rest, ws: sim.ws, apiKey: 'k', apiSecret: 's', stop: async () => {} },
    admin: false,
    modules: { symbol: new URL('./fixtures/crashable-symbol.js', import.meta.url).href },
  });
  const st = (name: string) => sup.actorStatus(name).catch(() => ({}) as Record<string, unknown>);
  try {
    for (const s of ['BTCUSDT', 'ETHUSDT']) {
      await until(`${s} ready`, async () => (await st(`symbol/${s}`)).ready === true, 15_000).catch(
        async (e: Error) => {
          throw new Error(
            `${e.message}: ${JSON.stringify(await st(`symbol/${s}`))} ingest ${JSON.stringify(await st('ingest')).slice(0, 600)}`,
          );
        },
      );
    }
    const btcBefore = Number((await st('symbol/BTCUSDT')).seq);
    const t0 = Date.now();
    await sup.actorCommand('symbol/ETHUSDT', 'crash');
    const back = await until(
      'ETHUSDT running again',
      async () => {
        const a = (await sup.actors()).find((x) => x.name === 'symbol/ETHUSDT')!;
        return a.restarts === 1 && a.state === 'running' ? Date.now() - t0 : undefined;
      },
      5000,
    );
    const ready = await until(
      'ETHUSDT ready again',
      async () => ((await st('symbol/ETHUSDT')).ready === true ? Date.now() - t0 : undefined),
      10_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(await st('symbol/ETHUSDT'))}`);
    });
    t.diagnostic(`ETHUSDT killed → running in ${back} ms, ready again in ${ready} ms`);
    assert.ok(back > 0);
    await until(
      'BTCUSDT kept producing snapshots',
      async () => Number((await st('symbol/BTCUSDT')).seq) > btcBefore + 2,
      5000,
    );
    const btc = (await sup.actors()).find((x) => x.name === 'symbol/BTCUSDT')!;
    assert.deepEqual([btc.restarts, btc.state], [0, 'running']);
    assert.equal((await st('symbol/BTCUSDT')).ready, true);
  } finally {
    await sup.shutdown('test over');
    await sim.close();
  }
});
