/**
 * Paper trading a recorded day end to end (issue 15 item 6): the simulated venue replays the recorded
 * BTCUSDT and ETHUSDT 2024-08-08 tapes (skipped visibly without the data) and matches orders against the
 * replayed books with the backtest's fill model; the real supervisor (ingest, symbol, risk, execution,
 * gateway actors) runs against it with EXECUTION_ENABLED=true and is armed over the admin socket. A strategy
 * signal on the recorded market becomes an order that fills: visible on the WS `orders` channel, as a `fill`
 * record in executions.jsonl, and as gross notional in use on the risk panel. Strategy settings are looser than the defaults (stated below) so a
 * signal comes within the tapes' six minutes at 4x speed; the wait is bounded, not fixed. Every market-data
 * answer comes from the tapes (docs/venue-sim.md, market data in tape mode): each signal's quoted range and price,
 * and the venue's ticker price, lie inside what the tape of that symbol traded or quoted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { adminRequest } from '../../../../src/app/admin/admin-client.js';
import { startSupervisor } from '../../../../src/app/supervisor.js';
import { startSimVenue } from '../../../../src/venues/sim/index.js';
import { Client } from '../../../actors/gateway/helpers.js';
import { armedRunConfig } from '../../../fixtures/armed-run-config.js';
import { until } from '../../../fixtures/runtime-config.js';
import { readTape } from '../../../../src/venues/tape/read-tape.js';
import { recordedDataDir } from '../sim-client.js';

/** Lowest and highest price the tape traded or quoted (bookTicker), read in place. */
async function tapeRange(path: string): Promise<[number, number]> {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for await (const f of readTape(path)) {
    const d = f.data as Record<string, unknown> | undefined;
    const prices = d?.e === 'trade' ? [d.p] : d?.e === 'bookTicker' ? [d.b, d.a] : [];
    for (const p of prices) {
      lo = Math.min(lo, Number(p));
      hi = Math.max(hi, Number(p));
    }
  }
  return [lo, hi];
}

const KEY = 'tape-paper-key';
const SECRET = 'tape-paper-secret-0123456789';
const FILL_WITHIN_MS = 240_000;

test('armed run against sim --tape: a signal on the recorded market becomes a paper fill', {
  timeout: FILL_WITHIN_MS + 60_000,
}, async (t) => {
  const dir = recordedDataDir();
  if (!dir) {
    t.skip('recorded data absent: set TAPELINE_RECORDED_DATA or provide ../shared/data');
    return;
  }
  process.env.TAPELINE_QUIET = '1';
  const tapes = {
    BTCUSDT: join(dir, 'hftbacktest/usdm/btcusdt_20240808.gz'),
    ETHUSDT: join(dir, 'hftbacktest/usdm/ethusdt_20240808.gz'),
  };
  const ranges: Record<string, [number, number]> = {
    BTCUSDT: await tapeRange(tapes.BTCUSDT),
    ETHUSDT: await tapeRange(tapes.ETHUSDT),
  };
  const sim = await startSimVenue({
    tape: [tapes.BTCUSDT, tapes.ETHUSDT],
    speed: 4,
    apiKey: KEY,
    apiSecret: SECRET,
  });
  const config = armedRunConfig(['BTCUSDT', 'ETHUSDT'], KEY, SECRET);
  const sup = await startSupervisor(config, {
    venue: { kind: 'sim', rest: sim.rest, ws: sim.ws, apiKey: KEY, apiSecret: SECRET, stop: async () => {} },
  });
  const ws = new Client(sup.urls.ws);
  try {
    await ws.opened();
    const armed = await adminRequest(config.adminSocket, { cmd: 'arm', reason: 'tape paper e2e' });
    assert.equal((armed as { ok: boolean }).ok, true, JSON.stringify(armed));
    const filled = await ws.next(
      'a (partly) filled order on the orders channel',
      (m) => m.type === 'order' && (m.status === 'FILLED' || m.status === 'PARTIALLY_FILLED'),
      0,
      FILL_WITHIN_MS,
    );
    const cid = String(filled.clientOrderId);
    const fill = await until('the fill in executions.jsonl', () =>
      readFileSync(join(config.dataDir, 'logs', 'executions.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r.kind === 'fill' && r.clientOrderId === cid),
    );
    assert.ok(Number(fill.price) > 0 && Number(fill.qty) > 0, JSON.stringify(fill));
    assert.ok(fill.liquidity === 'maker' || fill.liquidity === 'taker');
    // The position reaches the dashboard's risk panel: gross notional in use (position + open orders).
    await ws.next(
      'the risk panel with the position',
      (m) => m.type === 'risk' && (m.budgets as { grossNotional: { used: number } }).grossNotional.used > 0,
      0,
      60_000,
    );
    const state = (await (await fetch(`${sim.rest}/_sim/state`)).json()) as {
      tape: { paper: { orders: number; fills: number }; tapeTime: number };
    };
    assert.ok(state.tape.paper.fills >= 1, JSON.stringify(state.tape));
    // The strategies' ranges are built from the tape's bars (no synthetic backfill): every level they quote is a
    // price of that symbol's tape. So is the venue's ticker price.
    const signalList = ws.messages.filter((m) => m.type === 'signal');
    for (const sig of signalList) {
      const [lo, hi] = ranges[String(sig.symbol)] as [number, number];
      const metrics = sig.metrics as Record<string, unknown>;
      for (const k of ['rangeHigh', 'rangeLow', 'price', 'sweepExtreme']) {
        const v = metrics[k];
        if (typeof v !== 'number') continue;
        assert.ok(
          v >= lo && v <= hi,
          `${sig.symbol} ${sig.strategy} ${k} ${v} outside its tape's ${lo}..${hi}: ${sig.reason}`,
        );
      }
    }
    for (const [symbol, [lo, hi]] of Object.entries(ranges)) {
      const tick = (await (await fetch(`${sim.rest}/fapi/v1/ticker/price?symbol=${symbol}`)).json()) as {
        price: string;
      };
      assert.ok(
        Number(tick.price) >= lo && Number(tick.price) <= hi,
        `${symbol} ticker ${tick.price} outside ${lo}..${hi}`,
      );
    }
    const signals = signalList.length;
    t.diagnostic(
      `paper e2e: ${signals} signals, ${state.tape.paper.orders} orders, ${state.tape.paper.fills} fills at tape time ${new Date(state.tape.tapeTime).toISOString()}`,
    );
  } finally {
    ws.close();
    await sup.shutdown('test over');
    await sim.close();
  }
});
