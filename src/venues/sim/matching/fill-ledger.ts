/**
 * The account's history as the venue keeps it for queries: every fill (`GET /fapi/v1/userTrades`) and every
 * income entry (`GET /fapi/v1/income`: the opening transfer, realized PnL, commissions), in bounded rings
 * with contiguous ids. Pure bookkeeping; times come in as arguments.
 */

const KEEP = 10_000;

export interface UserTrade {
  symbol: string;
  id: number;
  orderId: number;
  buyer: boolean;
  maker: boolean;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  realizedPnl: string;
  time: number;
}

export interface IncomeEntry {
  symbol: string;
  incomeType: 'TRANSFER' | 'REALIZED_PNL' | 'COMMISSION';
  income: string;
  asset: string;
  info: string;
  time: number;
  tranId: number;
  tradeId: string;
}

export class FillLedger {
  readonly trades: UserTrade[] = [];
  readonly income: IncomeEntry[] = [];
  private nextTranId = 9_100_000_001;

  constructor(openingBalance: number, openedAt: number) {
    this.pushIncome({
      symbol: '',
      incomeType: 'TRANSFER',
      income: openingBalance.toFixed(8),
      asset: 'USDT',
      info: 'TRANSFER',
      time: openedAt,
      tranId: 0,
      tradeId: '',
    });
  }

  record(t: UserTrade, realized: number, commission: number): void {
    this.trades.push(t);
    if (this.trades.length > KEEP * 2) this.trades.splice(0, this.trades.length - KEEP);
    const base = { symbol: t.symbol, asset: 'USDT', time: t.time, tradeId: String(t.id) };
    if (realized !== 0)
      this.pushIncome({
        ...base,
        incomeType: 'REALIZED_PNL',
        income: realized.toFixed(8),
        info: 'REALIZED_PNL',
        tranId: 0,
      });
    this.pushIncome({
      ...base,
      incomeType: 'COMMISSION',
      income: (-commission).toFixed(8),
      info: 'COMMISSION',
      tranId: 0,
    });
  }

  private pushIncome(e: IncomeEntry): void {
    e.tranId = this.nextTranId++;
    this.income.push(e);
    if (this.income.length > KEEP * 2) this.income.splice(0, this.income.length - KEEP);
  }
}

/** A `GET /fapi/v1/userTrades` row, field order as the venue sends it. */
export function userTradeJson(t: UserTrade): Record<string, unknown> {
  return {
    buyer: t.buyer,
    commission: t.commission,
    commissionAsset: 'USDT',
    id: t.id,
    maker: t.maker,
    orderId: t.orderId,
    price: t.price,
    qty: t.qty,
    quoteQty: t.quoteQty,
    realizedPnl: t.realizedPnl,
    side: t.buyer ? 'BUY' : 'SELL',
    positionSide: 'BOTH',
    symbol: t.symbol,
    time: t.time,
  };
}
