/**
 * One error hierarchy for Tapeline, after undici's: every error a user can meet has a stable `code`
 * (callers branch on codes, never on message text) and a message that says what to do about it.
 */

export type ErrorCode =
  | 'TL_CONFIG_INVALID'
  | 'TL_CLI_USAGE'
  | 'TL_UWS_UNAVAILABLE'
  | 'TL_ADMIN_BAD_REQUEST'
  | 'TL_ADMIN_UNKNOWN_COMMAND'
  | 'TL_ADMIN_LINE_TOO_LONG'
  | 'TL_ADMIN_UNREACHABLE'
  | 'TL_ACTOR_UNKNOWN'
  | 'TL_ACTOR_FAILED'
  | 'TL_ACTOR_TIMEOUT'
  | 'TL_RESTART_INTENSITY'
  | 'TL_CHANNEL_FRAME_TOO_LARGE'
  | 'TL_CHANNEL_CLOSED'
  | 'TL_KILL_SWITCH_ARM_REFUSED'
  | 'TL_SHUTTING_DOWN'
  | 'TL_VENUE_START_FAILED'
  | 'TL_EXECUTION_PARAMS_INVALID'
  | (string & {});

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

/** Reads a code off anything thrown, so a foreign error still gets a stable code in replies and logs. */
export function errorCode(err: unknown, fallback: ErrorCode = 'TL_INTERNAL'): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return fallback;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
