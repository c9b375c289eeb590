/**
 * The kill switch (docs/contract.md, safety invariants): global plus per symbol, engaged at construction — so at every start — and
 * disengaged only by an explicit arm. Pure state with the clock passed in; the risk actor owns the only copy.
 */
import type { KillSwitchEntry, KillSwitchState } from '../../schema/supervisor-api.js';

export class KillSwitch {
  private global: KillSwitchEntry;
  private readonly perSymbol = new Map<string, KillSwitchEntry>();

  constructor(now: number, reason = 'engaged at start') {
    this.global = { engaged: true, reason, since: now };
  }

  engage(reason: string, now: number, symbol?: string): void {
    const entry = { engaged: true, reason, since: now };
    if (symbol) this.perSymbol.set(symbol, entry);
    else this.global = entry;
  }

  disengage(reason: string, now: number, symbol?: string): void {
    const entry = { engaged: false, reason, since: now };
    if (symbol) this.perSymbol.set(symbol, entry);
    else this.global = entry;
  }

  /** True when no new order for `symbol` may leave. */
  blocks(symbol: string): boolean {
    return this.global.engaged || this.perSymbol.get(symbol)?.engaged === true;
  }

  get engaged(): boolean {
    return this.global.engaged;
  }

  state(): KillSwitchState {
    return { ...this.global, symbols: Object.fromEntries(this.perSymbol) };
  }
}
