/**
 * The records a backtest writes, one JSON object per line (orders.jsonl, fills.jsonl, signals.jsonl,
 * equity.jsonl), and the summary.json shape. Plain data only: the composition builds them, the report reads
 * them back. Times are tape ms (exchange time unless a field says otherwise); prices, quantities and money are
 * JS numbers holding the venue's decimal values (at most 15 significant digits, so `String(n)` gives back the
 * venue's decimal exactly and the summary re-reads them as exact decimals; see src/venues/paper/fixed-decimal.ts).
 */

export type Side = 'BUY' | 'SELL';

/** One line of orders.jsonl: every state change of every order, in the order the composition saw it. */
export interface OrderRecord {
  type: 'order';
  /** Tape ms the composition observed the change (a reply or user-stream event arrives after the latency). */
  ts: number;
  symbol: string;
  clientOrderId: string;
  /** The risk decision the order came from (`SYMBOL:strategy:setupStart`). */
  decisionId: string;
  /** The strategy behind the decision ('sweepFade', 'imbalanceBreakout'). */
  strategy: string;
  side: Side;
  /** LIMIT price as sent (on the symbol's tick grid). */
  price: number;
  /** Original quantity as sent (on the symbol's step grid). */
  qty: number;
  timeInForce: 'GTX' | 'GTC' | 'IOC';
  /**
   * SENT (our request left), NEW, PARTIALLY_FILLED, FILLED, CANCEL_SENT, CANCELED, EXPIRED (TTL or IOC rest),
   * REJECTED (the venue refused it: `code` says why, e.g. -5022 GTX would cross).
   */
  status: 'SENT' | 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCEL_SENT' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  /** Cumulative filled quantity after this change. */
  executedQty: number;
  /** Venue error code for REJECTED or a failed cancel (e.g. -5022, -2011); 0 otherwise. */
  code: number;
  /** Why: the venue's message, 'ttl', 'cancel-all', ... ('' when nothing to say). */
  reason: string;
}

/** One line of fills.jsonl: one venue TRADE execution, with why it filled. */
export interface FillRecord {
  type: 'fill';
  /** Venue transaction time of the execution (tape ms), before the response latency. */
  ts: number;
  symbol: string;
  side: Side;
  /** Execution price (the venue's `L`). */
  price: number;
  /** Executed quantity of this fill (the venue's `l`). */
  qty: number;
  /** 'maker' when our resting order was hit, 'taker' when our order crossed the book. */
  liquidity: 'maker' | 'taker';
  /** Commission in quote (USDT): positive = paid, negative = rebate. The venue's `n`. */
  fee: number;
  /** Realized PnL of this fill in quote, commission excluded (the venue's `rp`). */
  realizedPnl: number;
  clientOrderId: string;
  decisionId: string;
  strategy: string;
  /** Visible quantity ahead of the order in its price level when it joined the queue (0 for a taker fill). */
  queueAhead: number;
  /** Entry latency the order met (ms from our send to the venue accepting it). */
  latencyMs: number;
}

/** One line of signals.jsonl: a strategy signal and risk's verdict on it. */
export interface SignalRecord {
  type: 'signal';
  /** Exchange time of the event that fired the signal. */
  ts: number;
  symbol: string;
  strategy: string;
  decisionId: string;
  side: Side;
  /** LIMIT entry price the strategy asked for. */
  entry: number;
  invalidation: number;
  target: number;
  /** 0..1. */
  strength: number;
  /** Quantity the strategy asked for (before the sizing ramp). */
  quantity: number;
  /** The strategy's one-line reason. */
  reason: string;
  /** Risk approved the order. */
  accepted: boolean;
  /** Risk's refusal code (TL_RISK_*, see src/actors/risk/checks/risk-check.ts); null when accepted. */
  riskCode: string | null;
  /** Risk's detail naming the value and the limit ('' when accepted). */
  riskDetail: string;
}

/** A funding payment (from ACCOUNT_UPDATE reason FUNDING_FEE), kept for the summary's attribution. */
export interface FundingRecord {
  type: 'funding';
  /** The funding time (venue ms). */
  ts: number;
  symbol: string;
  /** Balance change in quote: positive = received (the venue's `bc`). */
  amount: number;
  /** Mark price and funding rate the payment was computed from (the last markPrice event before the funding time). */
  markPrice: number;
  fundingRate: number;
}

/** One line of equity.jsonl: the account marked at the tape's mid, sampled by the composition. */
export interface EquityPoint {
  type: 'equity';
  ts: number;
  /** balance + realized + unrealized − fees + funding (quote). */
  equity: number;
  /** Realized PnL since the start, commission excluded. */
  realized: number;
  /** Open positions marked at each symbol's mid. */
  unrealized: number;
  /** Commissions paid since the start (rebates negative). */
  fees: number;
  /** Funding since the start: positive = received. */
  funding: number;
  /** Signed position (base asset) per symbol; flat symbols may be absent. */
  positions: Record<string, number>;
}

/** PnL figures of one slice (the whole run, one strategy, or one symbol). Money in quote (USDT). */
export interface PnlBreakdown {
  /** Realized PnL of closed quantity plus the open position marked at the tape's last mid; fees and funding excluded. */
  grossPnl: number;
  /** Commissions (rebates negative). */
  fees: number;
  /** Funding: positive = received. */
  funding: number;
  /** grossPnl − fees + funding. */
  netPnl: number;
  /** Round trips: a position opened from flat and brought back to flat (a flip closes one and opens the next). */
  trades: number;
  /** Share of round trips whose PnL net of their fills' fees was > 0 (funding not attributed); 0 when no trades. */
  winRate: number;
  /** Mean PnL (net of fees) of winning round trips (0 when none). */
  avgWin: number;
  /** Mean PnL (net of fees) of losing round trips, a negative number (0 when none). */
  avgLoss: number;
  fills: number;
  makerFills: number;
  takerFills: number;
  /** Traded notional (sum of price × qty). */
  volume: number;
  /** Share of the run's time (0..1) with a nonzero position. */
  exposure: number;
}

/** An open position at the end of the tape, marked at the last mid. */
export interface OpenPositionMark {
  symbol: string;
  strategy: string;
  qty: number;
  entryPrice: number;
  markPrice: number;
  unrealized: number;
}

/** summary.json. */
export interface Summary {
  type: 'summary';
  /** First and last tape ms seen. */
  from: number;
  to: number;
  /** Starting balance (quote). */
  balance: number;
  total: PnlBreakdown & {
    /** Largest peak-to-trough fall of equity (quote, positive) and the same as a share of the peak. */
    maxDrawdown: number;
    maxDrawdownPct: number;
    /** Annualized Sharpe ratio of equity returns; how it was sampled is in `sharpeSampling`. */
    sharpe: number;
    sharpeSampling: string;
  };
  perStrategy: Record<string, PnlBreakdown>;
  perSymbol: Record<string, PnlBreakdown>;
  /** Positions still open at the end, marked at the tape's last mid (their PnL is inside grossPnl). */
  openPositions: OpenPositionMark[];
  /** States how open positions were marked. */
  marking: string;
  signals: {
    total: number;
    accepted: number;
    refused: number;
    /** Refusals per risk code (TL_RISK_*). */
    refusedByCode: Record<string, number>;
  };
  /** Tape ms per symbol during which no fill was simulated (book out of sync or symbol not ready). */
  excludedMs: Record<string, number>;
  /** Counted warnings of the run (events out of order, unknown fills, ...), by code. */
  warnings: Record<string, number>;
}
