/**
 * One fill, counted once: the venue reports each trade of ours twice on the user stream, first as TRADE_LITE
 * (the fast notice: quantity and price, no commission or realized PnL) and then inside ORDER_TRADE_UPDATE
 * (everything). Keyed by symbol and trade id `t`; remembers which of the two has been applied. Bounded: the
 * oldest keys go first (a trade's two events arrive milliseconds apart).
 */

/** 1: TRADE_LITE applied (order and position moved); 2: ORDER_TRADE_UPDATE applied (fill reported). */
export type TradeSeen = 0 | 1 | 2;

const KEEP = 4_096;

export class TradeDedupe {
  private readonly seen = new Map<string, 1 | 2>();

  get(symbol: string, tradeId: unknown): TradeSeen {
    return this.seen.get(`${symbol}:${String(tradeId)}`) ?? 0;
  }

  mark(symbol: string, tradeId: unknown, how: 1 | 2): void {
    const key = `${symbol}:${String(tradeId)}`;
    this.seen.delete(key);
    this.seen.set(key, how);
    if (this.seen.size > KEEP) this.seen.delete(this.seen.keys().next().value as string);
  }
}
