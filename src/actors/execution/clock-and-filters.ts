/**
 * What execution must know of the venue before an order may leave: the clock offset its signatures need (gate
 * `clockSynced`) and each symbol's exchangeInfo filters (an order without them is refused by the order core).
 * Both are loaded at start and retried every second until they succeed; filters go to risk too, which sizes on them.
 */
import type { Logger } from 'pino';
import { errorMessage } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';
import { parseExchangeFilters } from './exchange-filters.js';

const RETRY_MS = 1_000;

export interface ClockAndFiltersDeps {
  rest: SignedRest;
  /** The symbols traded now; changed in place when the operator adds or removes symbols. */
  symbols: readonly string[];
  /** Filters to risk (`execution-reports`). */
  sendFilters(f: SymbolFilters): void;
  /** After every clock sync attempt: the gate may have opened or closed. */
  clockChanged(): void;
  log: Logger;
}

export class ClockAndFilters {
  readonly filters = new Map<string, SymbolFilters>();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly d: ClockAndFiltersDeps) {}

  async syncClock(): Promise<void> {
    try {
      const offset = await this.d.rest.syncClock();
      this.d.log.info({ offsetMs: offset }, 'clock synced with the venue');
    } catch (err) {
      this.d.rest.markClockUnsynced();
      this.d.log.warn({ err: errorMessage(err) }, 'clock sync failed; retrying');
      if (!this.stopped) this.retry = setTimeout(() => void this.syncClock(), RETRY_MS);
    }
    this.d.clockChanged();
  }

  async loadFilters(): Promise<void> {
    try {
      const info = await this.d.rest.exchangeInfo();
      for (const [s, f] of parseExchangeFilters(info, [...this.d.symbols])) {
        this.filters.set(s, f);
        this.d.sendFilters(f);
      }
    } catch (err) {
      this.d.log.warn({ err: errorMessage(err) }, 'exchangeInfo failed; retrying');
      if (!this.stopped) setTimeout(() => void this.loadFilters(), RETRY_MS).unref();
    }
  }

  /** Symbols removed live lose their filters (an order for them is refused until they are added back). */
  keepOnly(symbols: readonly string[]): void {
    for (const s of [...this.filters.keys()]) if (!symbols.includes(s)) this.filters.delete(s);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }
}
