/**
 * A stand-in for the report module's summary and HTML (src/app/backtest/report), so `tapeline backtest` writes
 * a complete output directory before that module lands: PnL from the fills (venue `rp` and `n`), the open
 * position marked at the last mid, round trips flat→flat, drawdown and a per-sample Sharpe of equity.
 * Plain float arithmetic; the report module's exact-decimal summary replaces this file at merge.
 */
import type { BacktestRecords } from './merge-results.js';
import type { FillRecord, OpenPositionMark, PnlBreakdown, Summary } from './report/records.js';
import type { ReportFunctions } from './write-output.js';

interface Slice {
  fills: FillRecord[];
}

function breakdown(
  fills: FillRecord[],
  lastMid: Record<string, number>,
  span: number,
  marks: OpenPositionMark[],
): PnlBreakdown {
  let realized = 0;
  let fees = 0;
  let volume = 0;
  let maker = 0;
  const pos = new Map<string, { qty: number; entry: number; pnl: number; since: number }>();
  const trips: number[] = [];
  let exposed = 0;
  for (const f of fills) {
    realized += f.realizedPnl;
    fees += f.fee;
    volume += f.price * f.qty;
    if (f.liquidity === 'maker') maker++;
    const p = pos.get(f.symbol) ?? { qty: 0, entry: 0, pnl: 0, since: f.ts };
    const signed = f.side === 'BUY' ? f.qty : -f.qty;
    if (p.qty === 0) p.since = f.ts;
    p.pnl += f.realizedPnl - f.fee;
    const after = Math.abs(p.qty + signed) < 1e-9 ? 0 : p.qty + signed;
    if (after === 0 || Math.sign(after) === -Math.sign(p.qty)) {
      trips.push(p.pnl);
      exposed += f.ts - p.since;
      p.pnl = 0;
      p.since = f.ts;
    }
    p.qty = after;
    pos.set(f.symbol, p);
  }
  let unrealized = 0;
  for (const [symbol, p] of pos) {
    const m = marks.find((x) => x.symbol === symbol);
    if (p.qty !== 0 && m) unrealized += m.unrealized;
    if (p.qty !== 0 && lastMid[symbol]) exposed += 0;
  }
  const wins = trips.filter((t) => t > 0);
  const losses = trips.filter((t) => t <= 0);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const grossPnl = realized + unrealized;
  return {
    grossPnl,
    fees,
    funding: 0,
    netPnl: grossPnl - fees,
    trades: trips.length,
    winRate: trips.length ? wins.length / trips.length : 0,
    avgWin: mean(wins),
    avgLoss: mean(losses),
    fills: fills.length,
    makerFills: maker,
    takerFills: fills.length - maker,
    volume,
    exposure: span > 0 ? Math.min(1, exposed / span) : 0,
  };
}

export function interimSummary(r: BacktestRecords): Summary {
  const span = r.to - r.from;
  const last = r.equity.at(-1);
  const marks: OpenPositionMark[] = [];
  const end = new Map<string, { qty: number; entry: number; strategy: string }>();
  for (const f of r.fills) {
    const p = end.get(f.symbol) ?? { qty: 0, entry: 0, strategy: f.strategy };
    const signed = f.side === 'BUY' ? f.qty : -f.qty;
    const after = Math.abs(p.qty + signed) < 1e-9 ? 0 : p.qty + signed;
    if (p.qty === 0 || Math.sign(p.qty) === Math.sign(signed))
      p.entry = (p.entry * Math.abs(p.qty) + f.price * f.qty) / Math.abs(after || 1);
    else if (Math.sign(after) === -Math.sign(p.qty)) p.entry = f.price;
    p.qty = after;
    p.strategy = f.strategy;
    end.set(f.symbol, p);
  }
  for (const [symbol, p] of end) {
    const mark = r.lastMid[symbol] ?? 0;
    if (p.qty !== 0)
      marks.push({
        symbol,
        strategy: p.strategy,
        qty: p.qty,
        entryPrice: p.entry,
        markPrice: mark,
        unrealized: p.qty * (mark - p.entry),
      });
  }
  const total = breakdown(r.fills, r.lastMid, span, marks);
  const funding = last?.funding ?? 0;
  total.funding = funding;
  total.netPnl = total.grossPnl - total.fees + funding;
  let peak = r.balance;
  let maxDrawdown = 0;
  let maxDrawdownPct = 0;
  const returns: number[] = [];
  let prev = r.balance;
  for (const e of r.equity) {
    peak = Math.max(peak, e.equity);
    if (peak - e.equity > maxDrawdown) {
      maxDrawdown = peak - e.equity;
      maxDrawdownPct = maxDrawdown / peak;
    }
    returns.push(prev > 0 ? e.equity / prev - 1 : 0);
    prev = e.equity;
  }
  const mean = returns.length ? returns.reduce((a, b) => a + b, 0) / returns.length : 0;
  const sd = Math.sqrt(
    returns.length > 1 ? returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1) : 0,
  );
  const perSecond = sd > 0 ? mean / sd : 0;
  const group = (key: (f: FillRecord) => string): Record<string, PnlBreakdown> => {
    const m = new Map<string, Slice>();
    for (const f of r.fills) (m.get(key(f)) ?? m.set(key(f), { fills: [] }).get(key(f))!).fills.push(f);
    return Object.fromEntries(
      [...m]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, s]) => [
          k,
          breakdown(
            s.fills,
            r.lastMid,
            span,
            marks.filter((x) => s.fills.some((f) => f.symbol === x.symbol && f.strategy === x.strategy)),
          ),
        ]),
    );
  };
  const refusedByCode: Record<string, number> = {};
  for (const s of r.signals)
    if (!s.accepted && s.riskCode) refusedByCode[s.riskCode] = (refusedByCode[s.riskCode] ?? 0) + 1;
  const accepted = r.signals.filter((s) => s.accepted).length;
  return {
    type: 'summary',
    from: r.from,
    to: r.to,
    balance: r.balance,
    total: {
      ...total,
      maxDrawdown,
      maxDrawdownPct,
      sharpe: perSecond * Math.sqrt(365 * 86_400),
      sharpeSampling:
        'equity sampled once per second of tape time per symbol; simple returns; annualized by sqrt(365*86400)',
    },
    perStrategy: group((f) => f.strategy),
    perSymbol: group((f) => f.symbol),
    openPositions: marks,
    marking: 'open positions are marked at the last mid of the tape (our book), and that PnL is inside grossPnl',
    signals: {
      total: r.signals.length,
      accepted,
      refused: r.signals.length - accepted,
      refusedByCode: Object.fromEntries(Object.entries(refusedByCode).sort(([a], [b]) => (a < b ? -1 : 1))),
    },
    excludedMs: r.excludedMs,
    warnings: r.warnings,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export const INTERIM_REPORT: ReportFunctions = {
  summarize: interimSummary,
  renderReport: (_r, summary) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>Tapeline backtest</title></head><body><h1>Tapeline backtest</h1><pre>${escapeHtml(JSON.stringify(summary, null, 2))}</pre></body></html>\n`,
};
