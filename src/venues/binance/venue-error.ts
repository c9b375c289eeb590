/**
 * `VenueError`: what the Binance REST client throws. A `TapelineError` with a stable code
 * (`TL_VENUE_RATE_LIMITED`, `TL_VENUE_BANNED`, `TL_VENUE_HTTP`, `TL_VENUE_TIMEOUT`, `TL_VENUE_UNREACHABLE`,
 * `TL_VENUE_BAD_REPLY`) plus what callers branch on: HTTP status, the venue's own code, and how long to wait.
 */
import { TapelineError } from '../../schema/errors.js';

export type VenueErrorCode =
  | 'TL_VENUE_RATE_LIMITED'
  | 'TL_VENUE_BANNED'
  | 'TL_VENUE_HTTP'
  | 'TL_VENUE_TIMEOUT'
  | 'TL_VENUE_UNREACHABLE'
  | 'TL_VENUE_BAD_REPLY';

export class VenueError extends TapelineError {
  /** HTTP status, 0 when no response came. */
  readonly status: number;
  /** The venue's error code (`-1003`, `-1121`, ...) when the body carried one. */
  readonly venueCode: number | undefined;
  /** For rate limits and bans: nothing may be sent to the venue for this long (ms). */
  readonly retryAfterMs: number;

  constructor(
    code: VenueErrorCode,
    message: string,
    details: { status?: number; venueCode?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.status = details.status ?? 0;
    this.venueCode = details.venueCode;
    this.retryAfterMs = details.retryAfterMs ?? 0;
  }
}
