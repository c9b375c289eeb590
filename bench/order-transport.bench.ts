/**
 * Order entry's two transports on loopback against the simulated venue, in the same run: one place + cancel
 * round trip (LIMIT GTX far from the market, then its cancel, each awaited) over the WebSocket API and over
 * REST (undici keep-alive pool), rounds alternating so both see the same machine load. The ratio REST / WS API
 * is the figure that justifies sending orders over the WS API when it is up (src/venues/binance/order-entry.ts).
 * Paced under the venue's ORDERS limit (300 per 10 s), which the sim enforces.
 */
import { OrderEntry } from '../src/venues/binance/order-entry.js';
import { SignedRest } from '../src/venues/binance/signed-rest.js';
import { WsApiClient } from '../src/venues/binance/ws-api-client.js';
import { startSimVenue } from '../src/venues/sim/index.js';
import { type BenchCase, type BenchSuite, type CaseResult, percentilesUs } from './harness.js';

const KEY = 'bench-order-key';
const SECRET = 'bench-order-secret';

interface Both {
  ws: CaseResult;
  rest: CaseResult;
}

let shared: Promise<Both> | undefined;

async function measure(quick: boolean): Promise<Both> {
  const rounds = quick ? 30 : 120;
  const sim = await startSimVenue({ port: 0, seed: 9, symbols: ['BTCUSDT'], apiKey: KEY, apiSecret: SECRET });
  const rest = new SignedRest({
    rest: sim.rest,
    apiKey: KEY,
    apiSecret: SECRET,
    timeoutMs: 10_000,
    recvWindowMs: 10_000,
  });
  const wsApi = new WsApiClient({
    url: sim.wsApi,
    apiKey: KEY,
    apiSecret: SECRET,
    limiter: rest.limiter,
    clockOffsetMs: () => rest.clockOffsetMs,
    timeoutMs: 10_000,
    recvWindowMs: 10_000,
  });
  const overWs = new OrderEntry(rest, wsApi);
  const overRest = new OrderEntry(rest, undefined);
  try {
    await rest.syncClock();
    wsApi.start();
    for (let i = 0; i < 600 && !wsApi.up; i++) await new Promise((r) => setTimeout(r, 50));
    if (!wsApi.up) throw new Error('the WS API did not connect within 30 s');
    const depth = (await (await fetch(`${sim.rest}/fapi/v1/depth?symbol=BTCUSDT&limit=5`)).json()) as {
      bids: [string, string][];
    };
    const price = (Math.round(Number(depth.bids[0]![0]) * 0.95 * 10) / 10).toFixed(1);
    let n = 0;
    const roundTrip = async (entry: OrderEntry): Promise<number> => {
      const id = `bench-${n++}`;
      const t = performance.now();
      const placed = await entry.place({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTX',
        quantity: '0.002',
        price,
        newClientOrderId: id,
        newOrderRespType: 'ACK',
      });
      await entry.cancel('BTCUSDT', id);
      const us = (performance.now() - t) * 1_000;
      if (placed.via !== (entry === overWs ? 'ws-api' : 'rest')) throw new Error(`round trip went over ${placed.via}`);
      return us;
    };
    // Warm both (connections, JIT), then alternate.
    for (let i = 0; i < 5; i++) {
      await roundTrip(overWs);
      await roundTrip(overRest);
    }
    const ws: number[] = [];
    const restUs: number[] = [];
    let wsMs = 0;
    let restMs = 0;
    for (let i = 0; i < rounds; i++) {
      const a = await roundTrip(overWs);
      const b = await roundTrip(overRest);
      ws.push(a);
      restUs.push(b);
      wsMs += a / 1_000;
      restMs += b / 1_000;
    }
    return { ws: percentilesUs(ws, wsMs), rest: percentilesUs(restUs, restMs) };
  } finally {
    wsApi.stop();
    await rest.close();
    await sim.close();
  }
}

function both(quick: boolean): Promise<Both> {
  shared ??= measure(quick);
  return shared;
}

const wsCase: BenchCase = {
  name: 'order transport: place+cancel round trip over the WS API (loopback sim)',
  async run(opts) {
    const { ws, rest } = await both(opts.quick);
    return {
      ...ws,
      extra: { restP50Us: Math.round(rest.p50Us), ratioRestToWsP50: Number((rest.p50Us / ws.p50Us).toFixed(2)) },
    };
  },
};

const restCase: BenchCase = {
  name: 'order transport: place+cancel round trip over REST (same run, baseline)',
  async run(opts) {
    return (await both(opts.quick)).rest;
  },
};

export const suite: BenchSuite = { name: 'order transport', cases: [wsCase, restCase] };
