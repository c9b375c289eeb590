/**
 * One error hierarchy for Tapeline, after undici's: every error a user can meet has a stable `code`
 * (callers branch on codes, never on message text) and a message that says what to do about it.
 */

/**
 * Every code Tapeline uses, one closed list: a code not in it is a type error. Users meet most of them (CLI
 * exit lines, admin replies, WS and HTTP errors, logs); test/schema/error-codes.test.ts says for each which test
 * triggers it, or why none can. Add a code here, with its row there, before using it.
 */
export const ERROR_CODES = [
  'TL_BACKTEST_BAD_FILTERS',
  'TL_BACKTEST_NO_FILTERS',
  'TL_BACKTEST_FAILED',
  'TL_BACKTEST_EMPTY_TAPE',
  'TL_BACKTEST_EMPTY_RANGE',
  'TL_BACKTEST_NO_SYMBOL',
  'TL_BACKTEST_NO_SESSION',
  'TL_BACKTEST_OUT_OF_ORDER',
  'TL_BACKTEST_CLOCK_OFFSET',
  'TL_RISK_UNKNOWN',
  'TL_BACKTEST_UNKNOWN_ORDER',
  'TL_BACKTEST_FILL_WITHOUT_DETAIL',
  'TL_ACTOR_FAILED',
  'TL_ACTOR_HUNG',
  'TL_ACTOR_TIMEOUT',
  'TL_ACTOR_UNAVAILABLE',
  'TL_ACTOR_UNKNOWN',
  'TL_ADMIN_BAD_REPLY',
  'TL_ADMIN_BAD_REQUEST',
  'TL_ADMIN_LINE_TOO_LONG',
  'TL_ADMIN_LISTEN_FAILED',
  'TL_ADMIN_SOCKET_IN_USE',
  'TL_ADMIN_TIMEOUT',
  'TL_ADMIN_UNKNOWN_COMMAND',
  'TL_ADMIN_UNREACHABLE',
  'TL_BENCH_SKIP',
  'TL_CHANNEL_CORRUPT',
  'TL_CHANNEL_FRAME_TOO_LARGE',
  'TL_CLI_USAGE',
  'TL_CLUSTER_JOURNAL_UNAVAILABLE',
  'TL_CLUSTER_LEASE_TTL_TOO_SHORT',
  'TL_CLUSTER_REST_BUDGET_UNAVAILABLE',
  'TL_CLUSTER_STALE_LEADER',
  'TL_CLUSTER_TAPE_STREAM_MISSING',
  'TL_CLUSTER_BAD_ROLES',
  'TL_CLUSTER_SCHEMA_MISMATCH',
  'TL_CODEC_INVALID',
  'TL_CONFIG_INVALID',
  'TL_EXECUTION_PARAMS_INVALID',
  'TL_EXEC_BLOCKED',
  'TL_EXEC_DUPLICATE_DECISION',
  'TL_EXEC_HEDGE_MODE',
  'TL_EXEC_STP_EXPIRED',
  'TL_EXEC_EXPIRED',
  'TL_GATEWAY_DASHBOARD_MISSING',
  'TL_GATEWAY_EXPOSED_NO_TOKEN',
  'TL_GATEWAY_LISTEN_FAILED',
  'TL_GATEWAY_NO_SUPERVISOR',
  'TL_GATEWAY_TLS_INCOMPLETE',
  'TL_GATEWAY_TLS_INVALID',
  'TL_GATEWAY_UNAUTHORIZED',
  'TL_HTTP_BAD_BODY',
  'TL_HTTP_BODY_TOO_LARGE',
  'TL_HTTP_METHOD',
  'TL_HTTP_NOT_FOUND',
  'TL_INGEST_BAD_COMMAND',
  'TL_INGEST_MALFORMED_FRAME',
  'TL_INTERNAL',
  'TL_KILL_SWITCH_ARM_OVER_HTTP',
  'TL_KILL_SWITCH_ARM_REFUSED',
  'TL_KILL_SWITCH_NO_TOKEN',
  'TL_KILL_SWITCH_UNAUTHORIZED',
  'TL_NATS_AUTH_REFUSED',
  'TL_NATS_BAD_CREDENTIAL',
  'TL_NATS_BAD_URL',
  'TL_NATS_UNREACHABLE',
  'TL_REPLAY_FAILED',
  'TL_RISK_APPROVED',
  'TL_RISK_COOLDOWN',
  'TL_RISK_DAILY_LOSS',
  'TL_RISK_DUPLICATE_DECISION',
  'TL_RISK_GATE_EXECUTION_DISABLED',
  'TL_RISK_GATE_KILL_SWITCH',
  'TL_RISK_GATE_NOT_READY',
  'TL_RISK_GATE_NO_KEYS',
  'TL_RISK_GROSS_NOTIONAL',
  'TL_RISK_INVALID_INTENT',
  'TL_RISK_MIN_NOTIONAL',
  'TL_RISK_NO_FILTERS',
  'TL_RISK_OPEN_ORDERS',
  'TL_RISK_ORDER_NOTIONAL',
  'TL_RISK_ORDER_RATE',
  'TL_RISK_PARAMS_INVALID',
  'TL_RISK_POSITION_NOTIONAL',
  'TL_RISK_PRECISION',
  'TL_RISK_PRICE_BAND',
  'TL_SHUTTING_DOWN',
  'TL_SIM_BAD_OPTION',
  'TL_SIM_CHILD_FAILED',
  'TL_SIM_LISTEN_FAILED',
  'TL_SIM_TAPE_FAILED',
  'TL_SYMBOL_ADD_FAILED',
  'TL_SYMBOL_INGEST_FAILED',
  'TL_TAPE_MALFORMED',
  'TL_TAPE_READ_FAILED',
  'TL_TAPE_UNKNOWN_FORMAT',
  'TL_TAPE_UNSUPPORTED_VERSION',
  'TL_TAPE_WRITER_CLOSED',
  'TL_TAPE_WRITE_FAILED',
  'TL_TAPE_WRITE_INVALID',
  'TL_TOO_MANY_ACTORS',
  'TL_UWS_UNAVAILABLE',
  'TL_VENUE_BAD_REPLY',
  'TL_VENUE_BANNED',
  'TL_VENUE_CLOCK',
  'TL_VENUE_HTTP',
  'TL_VENUE_RATE_LIMITED',
  'TL_VENUE_REJECTED',
  'TL_VENUE_START_FAILED',
  'TL_VENUE_TIMEOUT',
  'TL_VENUE_UNKNOWN',
  'TL_VENUE_UNREACHABLE',
  'TL_VENUE_WS_ERROR',
  'TL_VENUE_WS_API_DOWN',
  'TL_WS_BAD_JSON',
  'TL_WS_BAD_MSGPACK',
  'TL_WS_BAD_OP',
  'TL_WS_BINARY_ON_JSON',
  'TL_WS_OP_TOO_LARGE',
  'TL_WS_RATE_LIMITED',
  'TL_WS_UNKNOWN_OP',
  'TL_WS_UNKNOWN_SYMBOL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure as data, for results that are returned rather than thrown: branch on `code`, show `detail`. */
export interface Failure<C extends ErrorCode = ErrorCode> {
  code: C;
  detail: string;
}

export class TapelineError extends Error {
  readonly code: ErrorCode;
  override readonly name = 'TapelineError';

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

/** The Tapeline code of anything thrown (or carried across a thread as a plain object), else `fallback`. */
export function tapelineCode(err: unknown, fallback: ErrorCode): ErrorCode {
  const code = errorCode(err, fallback);
  return isErrorCode(code) ? code : fallback;
}

/** Reads a code off anything thrown, so a foreign error still gets a stable code in replies and logs. */
export function errorCode(err: unknown, fallback = 'TL_INTERNAL'): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return fallback;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
