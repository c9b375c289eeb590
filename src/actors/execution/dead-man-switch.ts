/**
 * The venue's dead-man switch (countdownCancelAll, docs/venue-binance.md, dead-man switch) as a heartbeat: while armed, every
 * `intervalMs` each symbol's countdown is re-armed to `countdownMs`, so if this process dies or hangs the venue
 * cancels our open orders by itself. Disarming stops the refresh (the last countdown then runs out), and so does a
 * cluster node losing NATS (`followClusterLink`): cut off, it can hear neither a kill nor a new risk leader.
 */
import { errorMessage } from '../../schema/errors.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';

export class DeadManSwitch {
  private timer: NodeJS.Timeout | undefined;
  refreshes = 0;
  lastError = '';

  constructor(
    private readonly rest: SignedRest,
    private readonly symbols: () => readonly string[],
    private intervalMs: number,
    private countdownMs: number,
    private readonly onError: (message: string) => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    void this.refresh();
  }

  /** Live parameter change: a running heartbeat restarts on the new period at once. */
  retime(intervalMs: number, countdownMs: number): void {
    this.intervalMs = intervalMs;
    this.countdownMs = countdownMs;
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  get timing(): { intervalMs: number; countdownMs: number } {
    return { intervalMs: this.intervalMs, countdownMs: this.countdownMs };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async refresh(): Promise<void> {
    for (const symbol of this.symbols()) {
      try {
        await this.rest.signed('POST', '/fapi/v1/countdownCancelAll', { symbol, countdownTime: this.countdownMs });
        this.refreshes++;
      } catch (err) {
        this.lastError = errorMessage(err);
        this.onError(`countdownCancelAll ${symbol}: ${this.lastError}`);
      }
    }
  }
}

/**
 * A cluster node's NATS link changed (execution-actor.ts watches the connection's status): cut off → stop
 * refreshing and say what follows, so the venue cancels the open orders once the countdown runs out; back →
 * refresh again if still armed (a cut-off node usually is not: its risk heartbeat went stale and engaged it).
 */
export function followClusterLink(
  deadMan: DeadManSwitch | undefined,
  up: boolean,
  armed: boolean,
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void },
): void {
  if (up) {
    if (armed) deadMan?.start();
    log.info({ armed, deadManRunning: deadMan?.running ?? false }, 'NATS connection back');
    return;
  }
  deadMan?.stop();
  const countdownMs = deadMan?.timing.countdownMs;
  log.warn(
    { code: 'TL_NATS_UNREACHABLE', deadManCountdownMs: countdownMs ?? null },
    deadMan
      ? `NATS connection lost: no order leaves and the dead-man countdown is no longer refreshed, so the venue cancels this node's open orders within ${countdownMs} ms unless NATS returns`
      : 'NATS connection lost: no order leaves (no API keys, so no dead-man countdown at the venue)',
  );
}
