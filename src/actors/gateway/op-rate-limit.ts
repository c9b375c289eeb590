/**
 * Per-connection op rate limit: a token bucket (refill `OPS_PER_SEC`, burst `OPS_BURST`). Over the limit an op is
 * answered with TL_WS_RATE_LIMITED and ignored; a client that keeps hammering (`ABUSE_REJECTS` in a row) is cut.
 */
export const OPS_PER_SEC = 20;
export const OPS_BURST = 40;
export const ABUSE_REJECTS = 200;

export interface RateState {
  tokens: number;
  refilledAt: number;
  rejectsInRow: number;
}

export function newRateState(now: number): RateState {
  return { tokens: OPS_BURST, refilledAt: now, rejectsInRow: 0 };
}

export type RateVerdict = 'ok' | 'limited' | 'abusive';

export function takeToken(state: RateState, now: number): RateVerdict {
  const elapsed = Math.max(0, now - state.refilledAt);
  state.tokens = Math.min(OPS_BURST, state.tokens + (elapsed * OPS_PER_SEC) / 1000);
  state.refilledAt = now;
  if (state.tokens >= 1) {
    state.tokens -= 1;
    state.rejectsInRow = 0;
    return 'ok';
  }
  state.rejectsInRow++;
  return state.rejectsInRow >= ABUSE_REJECTS ? 'abusive' : 'limited';
}
