/**
 * The whole loop of a first run (issue 16): the default synthetic market, the real supervisor with its real
 * ingest, symbol, risk, execution and gateway actors, EXECUTION_ENABLED=true and `tapeline admin arm` over the
 * admin socket → a strategy signal becomes an order that fills, journaled in executions.jsonl before the venue
 * received it, and shown on the WS `orders` channel. Nothing is scripted: the signal comes from the sim's flow.
 *
 * Three settings differ from a bare `npm start`, all stated in the config below: an order quantity the venue's
 * MIN_NOTIONAL accepts (the strategies' default 0.001 base units is under BTC's 100 USDT and ETH's 20 USDT);
 * looser setups (a 3-bar range, lower thresholds, no OI gate) on five symbols, so a first signal comes within
 * about a minute rather than the several minutes the calibrated default rate implies (~10 per symbol-hour; the
 * rate itself is test/venues/sim/strategy-setups.test.ts's job); and GTC instead of the default GTX. The
 * strategies join the touch of the book they saw, which in a fast move is up to one depth update (100 ms) old,
 * so a post-only order is often rejected -5022 at arrival (2 of the first 3 in one measured run); GTC lets such
 * an order take liquidity instead, so the first signal usually ends in a fill. The venue runs in wall-clock
 * time, so the wait is bounded, not fixed: 35–110 s measured on an idle machine.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { adminRequest } from '../../../src/app/admin/admin-client.js';
import { startSupervisor } from '../../../src/app/supervisor.js';
import { startSimVenue } from '../../../src/venues/sim/index.js';
import { Client } from '../../actors/gateway/helpers.js';
import { armedRunConfig } from '../../fixtures/armed-run-config.js';
import { until } from '../../fixtures/runtime-config.js';

const KEY = 'first-run-key';
const SECRET = 'first-run-secret-0123456789';
const FILL_WITHIN_MS = 240_000;

interface OrderLogEntry {
  receivedAt: number;
  method: string;
  path: string;
  params: Record<string, string>;
}

test('armed run against the default sim: a signal becomes a filled order, journaled first, on the orders channel', {
  timeout: FILL_WITHIN_MS + 30_000,
}, async () => {
  process.env.TAPELINE_QUIET = '1';
  const sim = await startSimVenue({ port: 0, seed: 1, apiKey: KEY, apiSecret: SECRET });
  const config = armedRunConfig(['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT'], KEY, SECRET);
  config.risk.timeInForce = 'GTC';
  const sup = await startSupervisor(config, {
    venue: { kind: 'sim', rest: sim.rest, ws: sim.ws, apiKey: KEY, apiSecret: SECRET, stop: async () => {} },
  });
  const ws = new Client(sup.urls.ws);
  try {
    await ws.opened();
    const armed = await adminRequest(config.adminSocket, { cmd: 'arm', reason: 'first-run e2e' });
    assert.equal((armed as { ok: boolean }).ok, true, JSON.stringify(armed));
    const filled = await ws.next(
      'a FILLED order on the orders channel',
      (m) => m.type === 'order' && m.status === 'FILLED',
      0,
      FILL_WITHIN_MS,
    );
    const cid = String(filled.clientOrderId);
    const state = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as { orderLog: OrderLogEntry[] };
    const sent = state.orderLog.find(
      // Orders go over the WS API when it is up (order-entry.ts), REST otherwise: either is the venue receiving it.
      (e) =>
        ((e.method === 'POST' && e.path === '/fapi/v1/order') || (e.method === 'WS' && e.path === 'order.place')) &&
        e.params.newClientOrderId === cid,
    );
    assert.ok(sent, `the venue received ${cid}`);
    const journal = await until('the attempt in executions.jsonl', () => {
      const lines = readFileSync(join(config.dataDir, 'logs', 'executions.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean);
      return lines
        .map((l) => JSON.parse(l) as { kind: string; clientOrderId?: string; ts: number })
        .find((r) => r.kind === 'attempt' && r.clientOrderId === cid);
    });
    assert.ok(journal.ts <= sent.receivedAt, `journaled at ${journal.ts}, received by the venue at ${sent.receivedAt}`);
    const signal = ws.messages.find((m) => m.type === 'signal');
    assert.ok(signal, 'the strategy signal that led to it is on the signals channel');
  } finally {
    ws.close();
    await sup.shutdown('test over');
    await sim.close();
  }
});
