/**
 * One-for-one restart decisions for one actor: exponential back-off between consecutive failures, and a
 * restart-intensity limit (more than `maxRestarts` failures within `windowMs` escalates), as in Erlang/OTP.
 * Pure: the caller passes the clock, so the policy is tested without timers.
 */
import type { RestartPolicyConfig } from '../schema/config/config-schema.js';

export type RestartDecision =
  | { action: 'restart'; delayMs: number; attempt: number }
  | { action: 'escalate'; reason: string };

export class RestartPolicy {
  private readonly cfg: RestartPolicyConfig;
  private failures: number[] = [];
  private consecutive = 0;
  private lastStart = 0;

  constructor(cfg: RestartPolicyConfig) {
    this.cfg = cfg;
  }

  /** The actor (re)started at `now`. */
  started(now: number): void {
    this.lastStart = now;
  }

  onFailure(now: number): RestartDecision {
    // An actor that stayed up for a whole window has recovered: its back-off starts over.
    if (this.lastStart > 0 && now - this.lastStart >= this.cfg.windowMs) this.consecutive = 0;
    this.failures = this.failures.filter((t) => now - t < this.cfg.windowMs);
    this.failures.push(now);
    if (this.failures.length > this.cfg.maxRestarts) {
      return {
        action: 'escalate',
        reason: `${this.failures.length} failures within ${this.cfg.windowMs} ms (limit ${this.cfg.maxRestarts})`,
      };
    }
    this.consecutive++;
    const delayMs = Math.min(this.cfg.backoffMaxMs, this.cfg.backoffInitialMs * 2 ** (this.consecutive - 1));
    return { action: 'restart', delayMs, attempt: this.consecutive };
  }
}
