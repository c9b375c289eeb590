/**
 * HistoryStore: each symbol's recent past in the gateway's memory, for the `history` op (docs/contract.md): one
 * point per second of `metrics` snapshots (the last one of each second) for HISTORY_MAX_MINUTES, the latest
 * prints from `trades`, and short lists of liquidations, signals (with verdicts) and orders. Bounded: fixed rings
 * (≈ 0.3 MB per symbol that has traffic), whatever the feed rate. Windows are in exchange time (the newest point's
 * time), so a replay's history is as long as a live run's.
 */
import { HISTORY_MAX_MINUTES, type HistoryMessage, type HistoryPoints } from '../../schema/history-messages.js';
import type { MetricsMessage, TradesMessage } from '../../schema/metrics-message.js';
import { ColumnRing } from './column-ring.js';
import type { ServerMessage } from './last-values.js';

export const HISTORY_STEP_MS = 1_000;
const POINTS_KEPT = (HISTORY_MAX_MINUTES * 60_000) / HISTORY_STEP_MS;
/** Prints kept per symbol for a new client's tape and volume histogram. */
export const TRADES_KEPT = 3_000;
/** Liquidations, signals and orders kept per symbol. */
export const EVENTS_KEPT = 200;

type PointName = Exclude<keyof HistoryPoints, 'ts'>;
const POINT_FIELDS: readonly PointName[] = [
  'last',
  'mid',
  'vwap',
  'upper1',
  'lower1',
  'upper2',
  'lower2',
  'cvd',
  'obi',
  'deltaZ',
  'openInterest',
  'fundingRate',
  'atr',
];

function n(v: number | null | undefined): number {
  return typeof v === 'number' ? v : Number.NaN;
}

/** The point's values in POINT_FIELDS order; tolerant of blocks missing (an older engine, a test's stub). */
function pointValues(m: Partial<MetricsMessage>): number[] {
  const v = m.vwap;
  return [
    n(m.price?.last),
    n(m.price?.mid),
    n(v?.vwap),
    n(v?.upper1),
    n(v?.lower1),
    n(v?.upper2),
    n(v?.lower2),
    n(m.cvd?.session),
    n(m.obi?.value),
    n(m.deltaZ?.z),
    n(m.openInterest?.value),
    n(m.funding?.fundingRate),
    n(m.atr?.value),
  ];
}

function pushBounded(list: ServerMessage[], m: ServerMessage): void {
  list.push(m);
  if (list.length > EVENTS_KEPT * 2) list.splice(0, list.length - EVENTS_KEPT);
}

class SymbolHistory {
  /** Column 0 is the boundary, then POINT_FIELDS. */
  readonly points = new ColumnRing(POINTS_KEPT, 1 + POINT_FIELDS.length);
  /** ts, price, qty, side. */
  readonly trades = new ColumnRing(TRADES_KEPT, 4);
  omitted = 0;
  readonly liquidations: ServerMessage[] = [];
  readonly signals: ServerMessage[] = [];
  readonly orders: ServerMessage[] = [];

  onMetrics(m: MetricsMessage): void {
    if (typeof m.boundary !== 'number') return;
    const ring = this.points;
    const newest = ring.newest();
    const ts = (ring.columns[0] as Float64Array)[newest] as number;
    // Same second as the newest point: this later snapshot replaces it.
    const slot =
      newest >= 0 && Math.floor(ts / HISTORY_STEP_MS) === Math.floor(m.boundary / HISTORY_STEP_MS)
        ? newest
        : ring.push();
    (ring.columns[0] as Float64Array)[slot] = m.boundary;
    const values = pointValues(m);
    for (let c = 0; c < values.length; c++) (ring.columns[c + 1] as Float64Array)[slot] = values[c] as number;
  }

  onTrades(m: TradesMessage): void {
    if (!Array.isArray(m.ts)) return;
    const [ts, price, qty, side] = this.trades.columns as [Float64Array, Float64Array, Float64Array, Float64Array];
    for (let i = 0; i < m.ts.length; i++) {
      const slot = this.trades.push();
      ts[slot] = m.ts[i] as number;
      price[slot] = m.price[i] as number;
      qty[slot] = m.qty[i] as number;
      side[slot] = m.side[i] as number;
    }
    this.omitted += m.omitted;
  }

  reply(symbol: string, minutes: number): HistoryMessage {
    const ring = this.points;
    const newestTs = ring.size ? ring.get(ring.size - 1, 0) : 0;
    const cutoff = newestTs - minutes * 60_000;
    const from = ring.firstAtLeast(0, cutoff);
    const points = { ts: ring.slice(0, from) as number[] } as HistoryPoints;
    POINT_FIELDS.forEach((name, c) => {
      points[name] = ring.slice(c + 1, from);
    });
    const t = this.trades;
    const tradesFrom = t.firstAtLeast(0, cutoff);
    const recent = <T extends ServerMessage>(list: ServerMessage[]) =>
      list.filter((m) => typeof m.ts === 'number' && m.ts >= cutoff).slice(-EVENTS_KEPT) as unknown as T[];
    return {
      type: 'history',
      symbol,
      from: points.ts[0] ?? cutoff,
      points,
      trades: {
        ts: t.slice(0, tradesFrom) as number[],
        price: t.slice(1, tradesFrom) as number[],
        qty: t.slice(2, tradesFrom) as number[],
        side: t.slice(3, tradesFrom) as Array<1 | -1>,
        omitted: this.omitted,
      },
      liquidations: recent(this.liquidations),
      signals: recent(this.signals),
      orders: recent(this.orders),
    };
  }
}

export class HistoryStore {
  private readonly bySymbol = new Map<string, SymbolHistory>();

  private of(symbol: string): SymbolHistory {
    let h = this.bySymbol.get(symbol);
    if (!h) {
      h = new SymbolHistory();
      this.bySymbol.set(symbol, h);
    }
    return h;
  }

  /** Every message the gateway publishes passes here; the kinds kept are picked by `type`. */
  record(m: ServerMessage): void {
    if (typeof m.symbol !== 'string' || m.symbol === '') return;
    switch (m.type) {
      case 'metrics':
        this.of(m.symbol).onMetrics(m as unknown as MetricsMessage);
        return;
      case 'trades':
        this.of(m.symbol).onTrades(m as unknown as TradesMessage);
        return;
      case 'liquidation':
        pushBounded(this.of(m.symbol).liquidations, m);
        return;
      case 'signal':
      case 'signal-verdict':
        pushBounded(this.of(m.symbol).signals, m);
        return;
      case 'order':
        pushBounded(this.of(m.symbol).orders, m);
        return;
      default:
        return;
    }
  }

  /** The `history` reply for a symbol (empty columns when nothing arrived yet). */
  reply(symbol: string, minutes = HISTORY_MAX_MINUTES): HistoryMessage {
    return (this.bySymbol.get(symbol) ?? new SymbolHistory()).reply(symbol, minutes);
  }

  forget(symbol: string): void {
    this.bySymbol.delete(symbol);
  }
}
