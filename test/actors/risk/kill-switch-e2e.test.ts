/**
 * Safety invariants 1 and 2 (docs/contract.md) through the real supervisor, risk and execution threads against the simulated venue: armed with
 * EXECUTION_ENABLED=true an intent becomes an order at the venue; `kill` has blocked new orders when it
 * replies, and its cancel-all reaches the venue; the secret appears in no log file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clientOrderIdFor } from '../../../src/actors/execution/client-order-id.js';
import { startSupervisor } from '../../../src/app/supervisor.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { FIXTURES, testConfig, until } from '../../fixtures/runtime-config.js';

const KEY = 'e2e-key-abcdef';
const SECRET = 'e2e-SECRET-never-in-a-log-5a4b3c';

test('armed intent → order at the venue; kill blocks before replying and cancel-all reaches the venue', async () => {
  process.env.TAPELINE_QUIET = '1';
  const sim = await startSimVenue({ port: 0, seed: 5, symbols: ['BTCUSDT'], apiKey: KEY, apiSecret: SECRET });
  const config = testConfig({
    symbols: ['BTCUSDT'],
    executionEnabled: true,
    apiKey: KEY,
    apiSecret: SECRET,
    risk: { cooldownAfterOrderMs: 0, rampStart: 1, rampMax: 1 },
  });
  const sup = await startSupervisor(config, {
    venue: { kind: 'sim', rest: sim.rest, ws: sim.ws, apiKey: KEY, apiSecret: SECRET, stop: async () => {} },
    admin: false,
    modules: { ingest: FIXTURES.scriptedIngest, symbol: new URL('./fixtures/intent-symbol.js', import.meta.url).href },
  });
  const state = async () =>
    (await (await fetch(`${sim.rest}/_sim/state`)).json()) as {
      openOrders: Array<{ clientOrderId: string }>;
      orderLog: Array<{ method: string; path: string; params: Record<string, string> }>;
    };
  try {
    await until('execution reconciled', async () => (await sup.actorStatus('execution')).positionsReconciled === true);
    const depth = (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as {
      bids: [string, string][];
    };
    const bid = Number(depth.bids[0]![0]);
    const emit = (decisionId: string) =>
      sup.actorCommand('symbol/BTCUSDT', 'emit', {
        decisionId,
        price: Math.round(bid * 0.997 * 10) / 10,
        quantity: 0.002,
        mark: bid,
      });

    await emit('e2e-0');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(
      // Over REST or the WS API (execution's default order transport).
      (await state()).orderLog.filter((e) => e.path === '/fapi/v1/order' || e.path.startsWith('order.')).length,
      0,
      'engaged at start: nothing leaves',
    );

    await sup.arm('e2e');
    await emit('e2e-1');
    await until('order resting at the venue', async () =>
      (await state()).openOrders.some((o) => o.clientOrderId === clientOrderIdFor('e2e-1')),
    );

    const ks = await sup.kill('e2e kill');
    assert.equal(ks.engaged, true);
    await emit('e2e-2'); // after the reply: must be refused
    await until('cancel-all at the venue', async () =>
      (await state()).orderLog.some(
        (e) => e.method === 'DELETE' && e.path === '/fapi/v1/allOpenOrders' && e.params.symbol === 'BTCUSDT',
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const s = await state();
    assert.equal(s.openOrders.length, 0);
    assert.equal(
      s.orderLog.filter((e) => e.params.newClientOrderId === clientOrderIdFor('e2e-2')).length,
      0,
      'no order after kill',
    );
    const decisions = readFileSync(join(config.dataDir, 'logs', 'decisions.jsonl'), 'utf8');
    assert.match(decisions, /"decisionId":"e2e-2".*"code":"TL_RISK_GATE_KILL_SWITCH"/);
    assert.match(decisions, /"decisionId":"e2e-0".*"code":"TL_RISK_GATE_KILL_SWITCH"/);
  } catch (err) {
    throw new Error(`${(err as Error).message} (data dir ${config.dataDir})`);
  } finally {
    await sup.shutdown('test over');
    await sim.close();
  }
  const dir = join(config.dataDir, 'logs');
  for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f), 'utf8').includes(SECRET), `secret in ${f}`);
});
