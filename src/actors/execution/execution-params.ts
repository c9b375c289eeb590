/**
 * Execution's own parameters (config section `execution`): how it talks to the venue, not what it may trade
 * (that is risk's). Validated whole, like risk's, so a bad patch never half-applies; a live `config set
 * execution.<param>` reaches the execution actor and takes effect on its next request.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { TapelineError } from '../../schema/errors.js';

export const ExecutionParamsSchema = Type.Object(
  {
    /** Dead-man switch (countdownCancelAll) refresh period and countdown while armed (ms). */
    deadManIntervalMs: Type.Integer({ minimum: 50, default: 30_000 }),
    deadManCountdownMs: Type.Integer({ minimum: 1_000, default: 120_000 }),
    /** A REST reply slower than this is a timeout, i.e. status UNKNOWN, reconciled and never resent (ms). */
    requestTimeoutMs: Type.Integer({ minimum: 50, maximum: 60_000, default: 5_000 }),
    /** listenKey keep-alive period (ms); the venue expires keys after 60 min. */
    listenKeyKeepAliveMs: Type.Integer({ minimum: 1_000, default: 30 * 60_000 }),
    /** recvWindow sent with signed requests (ms). */
    recvWindowMs: Type.Integer({ minimum: 1, maximum: 60_000, default: 5_000 }),
    /**
     * How orders, cancels and modifies go out: 'ws-api' = over the WebSocket API while it is connected, REST
     * while it is not (src/venues/binance/order-entry.ts); 'rest' = REST only. A live change applies to the next
     * request.
     */
    orderTransport: Type.Union([Type.Literal('ws-api'), Type.Literal('rest')], { default: 'ws-api' }),
    /** Self-trade prevention mode sent with every order; a live change applies to the next order. */
    selfTradePreventionMode: Type.Union(
      [Type.Literal('EXPIRE_MAKER'), Type.Literal('EXPIRE_TAKER'), Type.Literal('EXPIRE_BOTH'), Type.Literal('NONE')],
      { default: 'EXPIRE_MAKER' },
    ),
  },
  { additionalProperties: false },
);

export type ExecutionParams = Static<typeof ExecutionParamsSchema>;

export const DEFAULT_EXECUTION_PARAMS: Readonly<ExecutionParams> = Object.freeze(Value.Create(ExecutionParamsSchema));

/** `config.execution` (possibly partial) → complete, validated params; errors name the field. */
export function parseExecutionParams(raw: Record<string, unknown> | undefined, source = 'config'): ExecutionParams {
  const merged = { ...DEFAULT_EXECUTION_PARAMS, ...(raw ?? {}) };
  if (Value.Check(ExecutionParamsSchema, merged)) return merged;
  const first = [...Value.Errors(ExecutionParamsSchema, merged)][0];
  const field = first ? first.path.replace(/^\//, '').replace(/\//g, '.') || '(root)' : '(root)';
  throw new TapelineError(
    'TL_EXECUTION_PARAMS_INVALID',
    `${source}: execution.${field} ${first?.message ?? 'invalid'} (got ${JSON.stringify(first?.value)})`,
  );
}
