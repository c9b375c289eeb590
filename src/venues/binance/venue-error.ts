/**
 * `VenueError`: the one error class of the Binance adapter, for market data and orders alike. A `TapelineError`
 * with a stable code plus what callers branch on: what the failure means for the request (`kind`), the HTTP
 * status, the venue's own code, and how long to wait. Never carries a query string, a signature or a secret.
 */
import { TapelineError } from '../../schema/errors.js';

export type VenueErrorCode =
  | 'TL_VENUE_RATE_LIMITED'
  | 'TL_VENUE_BANNED'
  | 'TL_VENUE_HTTP'
  | 'TL_VENUE_REJECTED'
  | 'TL_VENUE_CLOCK'
  | 'TL_VENUE_UNKNOWN'
  | 'TL_VENUE_TIMEOUT'
  | 'TL_VENUE_UNREACHABLE'
  | 'TL_VENUE_BAD_REPLY'
  | 'TL_VENUE_WS_API_DOWN';

/**
 * What a failure means for the request that met it: `rejected` (the venue refused; nothing happened),
 * `rate-limited` (429/418: nothing but cancels until Retry-After has passed), `clock` (-1021: resync, then
 * retry), `unknown` (5xx, timeout, transport: it may have executed — reconcile, never resend).
 */
export type FailureKind = 'rejected' | 'rate-limited' | 'clock' | 'unknown';

const KIND_BY_CODE: Record<VenueErrorCode, FailureKind> = {
  TL_VENUE_RATE_LIMITED: 'rate-limited',
  TL_VENUE_BANNED: 'rate-limited',
  TL_VENUE_HTTP: 'rejected',
  TL_VENUE_REJECTED: 'rejected',
  TL_VENUE_CLOCK: 'clock',
  TL_VENUE_UNKNOWN: 'unknown',
  TL_VENUE_TIMEOUT: 'unknown',
  TL_VENUE_UNREACHABLE: 'unknown',
  TL_VENUE_BAD_REPLY: 'unknown',
  // The WS API request could not leave (socket not open): nothing happened, the order-entry policy uses REST.
  TL_VENUE_WS_API_DOWN: 'rejected',
};

export class VenueError extends TapelineError {
  override readonly code: VenueErrorCode;
  readonly kind: FailureKind;
  /** HTTP status, 0 when no response came (or the request was refused before it left). */
  readonly status: number;
  /** The venue's error code (`-1003`, `-1121`, ...) when the body carried one. */
  readonly venueCode: number | undefined;
  /** For rate limits and bans: nothing but cancels may be sent to the venue for this long (ms). */
  readonly retryAfterMs: number;

  constructor(
    code: VenueErrorCode,
    message: string,
    details: { status?: number; venueCode?: number; retryAfterMs?: number; kind?: FailureKind; cause?: unknown } = {},
  ) {
    super(code, message, { cause: details.cause });
    this.code = code;
    this.status = details.status ?? 0;
    this.venueCode = details.venueCode;
    this.retryAfterMs = details.retryAfterMs ?? 0;
    this.kind = details.kind ?? (code === 'TL_VENUE_HTTP' && this.status >= 500 ? 'unknown' : KIND_BY_CODE[code]);
  }
}
