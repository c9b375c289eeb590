/**
 * Bearer-token check for `POST /api/kill-switch` (and, through gateway-access.ts, the read token) (docs/contract.md, HTTP endpoints and WS protocol): no token configured → 403, missing or wrong → 401.
 * Both sides are hashed to equal-length SHA-256 digests and compared with `timingSafeEqual`, so neither the
 * token's content nor its length leaks through response timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthVerdict = 'ok' | 'not-configured' | 'unauthorized';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of a presented token with the configured one. */
export function tokenMatches(presented: string, token: string): boolean {
  return timingSafeEqual(digest(presented), digest(token));
}

export function checkBearer(authorization: string, token: string | undefined): AuthVerdict {
  if (!token) return 'not-configured';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  // Compare even when the header is malformed so every 401 costs the same.
  const presented = digest(match?.[1] ?? '');
  const expected = digest(token);
  return timingSafeEqual(presented, expected) && match ? 'ok' : 'unauthorized';
}
