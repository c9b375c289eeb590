/**
 * An ExecutionEngine in-process against a real simulated venue on a loopback port (port 0), with helpers to
 * read `/_sim/state`, inject faults and wait. Everything it opens, `close()` closes.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionEngine } from '../../../src/actors/execution/execution-engine.js';
import { parseExecutionParams } from '../../../src/actors/execution/execution-params.js';
import { createLogger } from '../../../src/runtime/log/logger.js';
import type { ApprovedOrder } from '../../../src/schema/order-messages.js';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';

export const KEY = 'exec-test-key-0123456789';
export const SECRET = 'exec-test-SECRET-must-never-leak-9f8e7d';

export interface OrderLogEntry {
  method: string;
  path: string;
  params: Record<string, string>;
  status: number;
  receivedAt: number;
}

export async function startSim(symbols: string[] = ['BTCUSDT']): Promise<SimVenueHandle> {
  return startSimVenue({ port: 0, seed: 11, symbols, apiKey: KEY, apiSecret: SECRET });
}

export async function simState(sim: SimVenueHandle): Promise<{
  openOrders: Array<{ clientOrderId: string }>;
  orderLog: OrderLogEntry[];
  countdowns: Array<{ symbol: string }>;
}> {
  return (await (await fetch(`${sim.rest}/_sim/state`)).json()) as never;
}

export async function fault(sim: SimVenueHandle, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${sim.rest}/_sim/fault`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  if (!r.ok) throw new Error(`fault ${JSON.stringify(body)}: HTTP ${r.status}`);
}

export async function bestBid(sim: SimVenueHandle, symbol = 'BTCUSDT'): Promise<number> {
  const d = (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=${symbol}&limit=5`)).json()) as {
    bids: [string, string][];
  };
  return Number(d.bids[0]![0]);
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 8_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface EngineRig {
  engine: ExecutionEngine;
  sent: Array<{ topic: string; message: { type: string; [k: string]: unknown } }>;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEngine(
  sim: { rest: string; ws: string },
  opts: { dataDir?: string; params?: Record<string, unknown>; rest?: string; wsApi?: string; arm?: boolean } = {},
): Promise<EngineRig> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tl-exec-'));
  const sent: EngineRig['sent'] = [];
  const log = createLogger({ dataDir, base: { actor: 'execution' }, stderr: false });
  const engine = new ExecutionEngine({
    rest: opts.rest ?? sim.rest,
    ws: sim.ws,
    ...(opts.wsApi ? { wsApi: opts.wsApi } : {}),
    apiKey: KEY,
    apiSecret: SECRET,
    dataDir,
    symbols: ['BTCUSDT'],
    executionEnabled: true,
    // REST unless a test asks for the WS API: the REST fault tests inject faults on REST paths.
    params: parseExecutionParams({ requestTimeoutMs: 2_000, orderTransport: 'rest', ...opts.params }),
    send: (topic, message) => sent.push({ topic, message: message as never }),
    log,
  });
  await engine.start();
  await until('reconciled', () => engine.reconciled && engine.stream?.live);
  if (engine.entry?.wsApiEnabled) await until('WS API connected', () => engine.wsApi?.up, 60_000);
  if (opts.arm !== false)
    engine.onMessage({ type: 'kill-switch', engaged: false, symbol: '', reason: 'test arm', ts: Date.now() });
  return { engine, sent, dataDir, stop: () => engine.stop() };
}

export function approved(decisionId: string, price: number, over: Partial<ApprovedOrder> = {}): ApprovedOrder {
  return {
    type: 'approved-order',
    decisionId,
    symbol: 'BTCUSDT',
    side: 'BUY',
    price,
    quantity: 0.002,
    timeInForce: 'GTX',
    ttlMs: 0,
    ts: Date.now(),
    ...over,
  };
}

/** Every request that placed `clientOrderId`, over REST (`POST /fapi/v1/order`) or the WS API (`order.place`). */
export function postsOf(log: OrderLogEntry[], clientOrderId: string): OrderLogEntry[] {
  return log.filter(
    (e) =>
      ((e.method === 'POST' && e.path === '/fapi/v1/order') || (e.method === 'WS' && e.path === 'order.place')) &&
      e.params.newClientOrderId === clientOrderId,
  );
}

/** Every file under dataDir/logs, concatenated (for the secret grep). */
export function allLogText(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}
