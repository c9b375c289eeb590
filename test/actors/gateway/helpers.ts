/**
 * Shared by the gateway tests: a real supervisor with the scripted ingest (optionally the gateway test
 * fixtures for metrics, orders and risk state), validators compiled from the served /api/schema, and a WS
 * client that collects decoded messages (JSON text or msgpack binary) and waits for one that matches.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { unpack } from 'msgpackr';
import WebSocket from 'ws';
import type { TapelineConfig } from '../../../src/runtime/config/config-schema.js';
import { startSupervisor } from '../../../src/runtime/supervisor.js';
import { NO_VENUE, testConfig } from '../../fixtures/runtime-config.js';

export const GATEWAY_FIXTURES = {
  marketIngest: new URL('./fixtures/market-ingest.js', import.meta.url).href,
  signalSymbol: new URL('./fixtures/signal-symbol.js', import.meta.url).href,
  orderExecution: new URL('./fixtures/order-execution.js', import.meta.url).href,
  riskWithState: new URL('./fixtures/risk-with-state.js', import.meta.url).href,
};

export type Msg = { type: string; [key: string]: unknown };

/**
 * `full`: also signals (symbol wrapper), orders (execution fixture) and full risk state (risk wrapper); else the
 * real symbol, risk and execution actors. Ingest is always the market fixture (real SymbolInput events).
 */
export async function startRuntime(
  opts: { full?: boolean; readyFile?: string; ticks?: number; config?: Partial<TapelineConfig> } = {},
) {
  process.env.TAPELINE_QUIET = '1';
  process.env.TAPELINE_GW_READY_FILE = opts.readyFile ?? '';
  process.env.TAPELINE_GW_TICKS = String(opts.ticks ?? 4000);
  const base = testConfig(opts.config);
  const config = { ...base, runtime: { ...base.runtime, snapshotIntervalMs: 250 } };
  const modules = opts.full
    ? {
        ingest: GATEWAY_FIXTURES.marketIngest,
        symbol: GATEWAY_FIXTURES.signalSymbol,
        execution: GATEWAY_FIXTURES.orderExecution,
        risk: GATEWAY_FIXTURES.riskWithState,
      }
    : { ingest: GATEWAY_FIXTURES.marketIngest };
  const sup = await startSupervisor(config, { venue: NO_VENUE, admin: false, modules });
  return { sup, http: sup.urls.dashboard.replace(/\/$/, ''), ws: sup.urls.ws };
}

export async function schemaValidators(http: string): Promise<{ server: ValidateFunction; client: ValidateFunction }> {
  const schema = (await (await fetch(`${http}/api/schema`)).json()) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(schema, 'doc');
  return {
    server: ajv.compile({ $ref: 'doc#/$defs/serverMessage' }),
    client: ajv.compile({ $ref: 'doc#/$defs/clientOp' }),
  };
}

export class Client {
  readonly messages: Msg[] = [];
  readonly socket: WebSocket;
  /** Frames whose encoding did not match the connection's format (text on msgpack or binary on JSON). */
  wrongFrames = 0;
  closed: { code: number } | undefined;

  constructor(
    url: string,
    readonly format: 'json' | 'msgpack' = 'json',
  ) {
    this.socket = new WebSocket(format === 'msgpack' ? `${url}?format=msgpack` : url);
    this.socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary !== (format === 'msgpack')) this.wrongFrames++;
      this.messages.push((isBinary ? unpack(data) : JSON.parse(String(data))) as Msg);
    });
    this.socket.on('close', (code) => {
      this.closed = { code };
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(op: unknown): void {
    this.socket.send(JSON.stringify(op));
  }

  /** Waits for a message (seen from index `from` on) matching `pred`. */
  async next(what: string, pred: (m: Msg) => boolean, from = 0, timeoutMs = 10_000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${this.messages.length} messages, types ${[...new Set(this.messages.map((m) => m.type))].join(',')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

export function assertAllValid(validate: ValidateFunction, messages: Msg[]): void {
  for (const m of messages) {
    if (!validate(m))
      throw new Error(
        `server message does not validate against /api/schema: ${JSON.stringify(m).slice(0, 300)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      );
  }
}
