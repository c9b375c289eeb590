/**
 * Test helper: crafted venue frames (combined envelopes, REST bodies) and a pipeline wired to arrays, so the
 * ingest tests read as "these frames in → these inputs and requests out".
 */
import { IngestPipeline, type IngestPipelineOptions } from '../../../src/actors/ingest/ingest-pipeline.js';
import type { IngestRequest } from '../../../src/actors/ingest/ingest-requests.js';
import type { TapelineError } from '../../../src/runtime/errors.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';

export function depth(symbol: string, U: number, u: number, pu: number, E = u): string {
  const data = { e: 'depthUpdate', E, T: E, s: symbol, U, u, pu, b: [['100.0', '1']], a: [['101.0', '2']] };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@depth@100ms`, data });
}

export function aggTrade(symbol: string, a: number, E = 1000 + a): string {
  const data = { e: 'aggTrade', E, s: symbol, a, p: '100.5', q: '0.1', f: a * 10, l: a * 10, T: E, m: a % 2 === 0 };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@aggTrade`, data });
}

export function restAggTrades(ids: number[]): unknown {
  return ids.map((a) => ({ a, p: '100.5', q: '0.1', nq: '0.1', f: a * 10, l: a * 10, T: 1000 + a, m: false }));
}

export function bookTicker(symbol: string, u: number, E = u): string {
  const data = { e: 'bookTicker', u, E, T: E, s: symbol, b: '100.0', B: '1', a: '101.0', A: '2' };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@bookTicker`, data });
}

export function snapshot(lastUpdateId: number, E = lastUpdateId): unknown {
  return { lastUpdateId, E, T: E, bids: [['100.0', '5']], asks: [['101.0', '5']] };
}

export const depthUrl = (symbol: string) => `http://127.0.0.1:1/fapi/v1/depth?symbol=${symbol}&limit=1000`;
export const aggUrl = (symbol: string, fromId: number) =>
  `http://127.0.0.1:1/fapi/v1/aggTrades?symbol=${symbol}&fromId=${fromId}&limit=1000`;

export interface Harness {
  pipeline: IngestPipeline;
  inputs: SymbolInput[];
  requests: IngestRequest[];
  issues: TapelineError[];
  /** What one symbol received, as short strings: `snap:L`, `diff:U-u`, `reset`, `trade:a`, `ticker:u`. */
  trace(symbol: string): string[];
}

export function harness(
  options: IngestPipelineOptions = { symbols: ['BTCUSDT', 'ETHUSDT'], backfill: false },
): Harness {
  const inputs: SymbolInput[] = [];
  const requests: IngestRequest[] = [];
  const issues: TapelineError[] = [];
  const pipeline = new IngestPipeline(
    { onInput: (i) => inputs.push(i), onRequest: (r) => requests.push(r), onIssue: (e) => issues.push(e) },
    options,
  );
  // What construction emitted (backfill requests or markers of the initial symbols) is not under test here.
  inputs.length = 0;
  requests.length = 0;
  const trace = (symbol: string) =>
    inputs
      .filter((i) => i.symbol === symbol)
      .map((i) => {
        switch (i.kind) {
          case 'depthSnapshot':
            return `snap:${i.lastUpdateId}`;
          case 'depthUpdate':
            return `diff:${i.firstUpdateId}-${i.finalUpdateId}`;
          case 'aggTrade':
            return `trade:${i.aggTradeId}`;
          case 'bookTicker':
            return `ticker:${i.updateId}`;
          case 'bookReset':
            return 'reset';
          default:
            return i.kind;
        }
      });
  return { pipeline, inputs, requests, issues, trace };
}
