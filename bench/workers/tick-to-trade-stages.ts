/**
 * The pipeline stages of the tick-to-trade bench, shared by the four actor fixtures and the collapsed
 * one-thread variant, so the two runs do exactly the same work and differ only in isolation (threads + rings).
 * Real parts: the Binance codec (ingest), SymbolEngine.apply (symbol), an HMAC-signed order request (execution).
 * Crafted parts: every trade yields an intent (the strategies do not fire on demand) and risk is a pass-through
 * with two checks (the real RiskCore needs armed gates and readiness, which the bench does not model).
 */
import { createHmac } from 'node:crypto';
import { SymbolEngine } from '../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../src/actors/symbol/symbol-params.js';
import { decodeStreamText } from '../../src/venues/binance/codec/index.js';
import type { StreamEvent } from '../../src/schema/market-events.js';
import type { OrderIntent } from '../../src/schema/internal-messages.js';
import type { ApprovedOrder, SymbolReadiness } from '../../src/schema/order-messages.js';

export const T2T_SYMBOL = 'BTCUSDT';
const T0 = 1_723_161_256_000;

/** Monotonic ms (CLOCK_MONOTONIC, one clock for every thread): for intervals measured across threads. */
export const monoMs = (): number => {
  const [s, ns] = process.hrtime();
  return s * 1_000 + ns / 1_000_000;
};
/**
 * Epoch offset of the bench clock, fixed once per process: the main thread computes it at import (bench/run.ts
 * imports this module first) and workers inherit it through their copy of process.env, so every thread adds the
 * same number. Computed per thread it would not be: CLOCK_REALTIME is stepped on this VM, and offsets taken at
 * different moments differed by up to 157 ms.
 */
process.env.TL_BENCH_CLOCK_OFFSET ??= String(Date.now() - monoMs());
const EPOCH_OFFSET_MS = Number(process.env.TL_BENCH_CLOCK_OFFSET);

/**
 * Wall-clock-like ms with sub-µs resolution, comparable across the threads of one process: process.hrtime
 * (CLOCK_MONOTONIC, one clock for every thread) plus one shared epoch offset, so it also stands in for
 * Date.now() (readiness ages). `performance.timeOrigin + performance.now()` is not comparable: each worker fixes
 * its own timeOrigin at start, and on this machine two threads' readings differed by 0.05–1.5 ms (issue 19),
 * which biased every cross-thread hop figure measured with it.
 */
export function nowMs(): number {
  return EPOCH_OFFSET_MS + monoMs();
}

/** One venue frame: a combined-stream aggTrade whose trade id `i` correlates frame, intent and order. */
export function venueFrame(i: number): string {
  const t = T0 + i;
  return `{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":${t},"s":"BTCUSDT","a":${i},"p":"61800.10","q":"0.012","f":${i},"l":${i},"T":${t},"m":${i % 2 === 0}}}\n`;
}

/**
 * Stage stamps live in shared memory, indexed by trade id, not in the messages: the messages keep the exact
 * shapes production sends (so the channel uses the same encodings), and a stamp costs one float store.
 * Layout per slot: [arrive, sentSym, recvSym, sentRisk, recvRisk, sentExec, recvExec, written].
 */
export const STAMPS = 8;
const SLOTS = 1024;

export function createStampBoard(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * STAMPS * 8);
}

export class StampBoard {
  private readonly f64: Float64Array;
  constructor(sab: SharedArrayBuffer) {
    this.f64 = new Float64Array(sab);
  }
  stamp(id: number, stage: number): void {
    this.set(id, stage, nowMs());
  }
  set(id: number, stage: number, at: number): void {
    this.f64[(id % SLOTS) * STAMPS + stage] = at;
  }
  row(id: number): number[] {
    const at = (id % SLOTS) * STAMPS;
    return Array.from(this.f64.subarray(at, at + STAMPS));
  }
}

export function ingestStage(text: string): StreamEvent | null {
  return decodeStreamText(text);
}

export function newEngine(): SymbolEngine {
  const engine = new SymbolEngine(T2T_SYMBOL, DEFAULT_SYMBOL_PARAMS);
  engine.apply(
    {
      kind: 'depthSnapshot',
      symbol: T2T_SYMBOL,
      eventTime: T0,
      transactionTime: T0,
      lastUpdateId: 1,
      bids: [[61_800, 1]],
      asks: [[61_800.2, 1]],
    },
    T0,
  );
  engine.apply({ kind: 'backfillDone', symbol: T2T_SYMBOL, eventTime: T0 }, T0);
  return engine;
}

/** The trade id a bench decision id carries (`BTCUSDT:bench:<id>`). */
export function tradeIdOf(decisionId: string): number {
  return Number(decisionId.slice(decisionId.lastIndexOf(':') + 1));
}

/** Applies the event to the real engine; crafts an intent, shaped as the symbol actor sends it, for every trade. */
export function symbolStage(
  engine: SymbolEngine,
  event: StreamEvent,
  recvTs: number,
): (OrderIntent & { readiness: Omit<SymbolReadiness, 'type' | 'symbol'> }) | null {
  engine.apply(event as never, recvTs);
  engine.drainStrategyOutputs();
  if (event.kind !== 'aggTrade') return null;
  return {
    type: 'intent',
    symbol: event.symbol,
    ts: event.eventTime,
    decisionId: `${event.symbol}:bench:${event.aggTradeId}`,
    side: event.side === 'buy' ? 'SELL' : 'BUY',
    price: event.price,
    quantity: event.qty,
    reason: 'bench: every trade',
    readiness: { ts: recvTs, bookInSync: true, backfillDone: true, dataFresh: true, markPrice: event.price },
  };
}

/** Pass-through risk with a notional cap and a price sanity check; the approved order as risk sends it. */
export function riskStage(intent: OrderIntent): ApprovedOrder | null {
  if (!(intent.price > 0) || intent.price * intent.quantity > 10_000) return null;
  return {
    type: 'approved-order',
    decisionId: intent.decisionId,
    symbol: intent.symbol,
    side: intent.side,
    price: intent.price,
    quantity: intent.quantity,
    timeInForce: 'GTC',
    ttlMs: 0,
    ts: intent.ts,
  };
}

/** The bytes of a signed LIMIT order request, as execution would send them (HTTP/1.1 keep-alive). */
export function orderBytes(o: ApprovedOrder, secret: string): Buffer {
  const query = `symbol=${o.symbol}&side=${o.side}&type=LIMIT&timeInForce=${o.timeInForce}&quantity=${o.quantity}&price=${o.price}&newClientOrderId=t2t-${tradeIdOf(o.decisionId)}&timestamp=${Date.now()}`;
  const signature = createHmac('sha256', secret).update(query).digest('hex');
  const body = `${query}&signature=${signature}`;
  return Buffer.from(
    `POST /fapi/v1/order HTTP/1.1\r\nhost: 127.0.0.1\r\nx-mbx-apikey: bench\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
  );
}

/** Splits a TCP byte stream into newline-terminated frames. */
export class LineSplitter {
  private rest = '';
  push(chunk: Buffer, onLine: (line: string) => void): void {
    const text = this.rest + chunk.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      onLine(text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }
}
