/**
 * Conditional (algo) orders on the account, which we do not place but must not leave behind: STOP / TAKE_PROFIT
 * orders set by hand or by another tool live at the venue apart from plain orders (`/fapi/v1/algoOrder`) and
 * survive `DELETE allOpenOrders`. Known from reconciliation (`GET /fapi/v1/openAlgoOrders`) and ALGO_UPDATE
 * events, so the kill switch's cancel-all also covers their symbols (`DELETE /fapi/v1/algoOpenOrders`). Pure.
 */

/** Algo statuses that are still waiting at the venue; TRIGGERED has become a plain order (tracked as one). */
const OPEN = new Set(['NEW', 'TRIGGERING']);

export interface VenueAlgoOrder {
  algoId: number;
  clientAlgoId: string;
  symbol: string;
  algoStatus: string;
}

export class AlgoOrders {
  /** clientAlgoId → symbol, open ones only. */
  private readonly open = new Map<string, string>();

  /** Replaces what we know with the venue's open list (reconciliation). */
  reconciled(list: readonly VenueAlgoOrder[]): void {
    this.open.clear();
    for (const a of list) if (OPEN.has(a.algoStatus)) this.open.set(a.clientAlgoId, a.symbol);
  }

  /** An ALGO_UPDATE event; true when the open set changed. */
  onEvent(e: Record<string, unknown>): boolean {
    if (e.e !== 'ALGO_UPDATE') return false;
    const o = e.o as { caid?: unknown; s?: unknown; X?: unknown };
    const id = String(o.caid);
    if (OPEN.has(String(o.X))) {
      if (this.open.get(id) === String(o.s)) return false;
      this.open.set(id, String(o.s));
      return true;
    }
    return this.open.delete(id);
  }

  get count(): number {
    return this.open.size;
  }

  symbols(): string[] {
    return [...new Set(this.open.values())];
  }
}
