/**
 * The venue's dead-man switch (countdownCancelAll, docs/venue-binance.md, dead-man switch) as a heartbeat: while armed, every
 * `intervalMs` each symbol's countdown is re-armed to `countdownMs`, so if this process dies or hangs the venue
 * cancels our open orders by itself. Disarming stops the refresh (the last countdown then runs out).
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
