/**
 * History for backfills: candles and open interest before the venue started (a seeded coarse walk that ends
 * exactly where the live market begins), joined to the live 1m bars and 5m OI samples, so a backfill and the
 * live stream agree at the seam. Generated lazily per symbol: 500 symbols cost nothing until asked.
 */
import { barBounds, type KlineBar, type KlineInterval } from '../market/klines.js';
import { hash32, Rng } from '../market/rng.js';
import type { SymbolMarket } from '../market/symbol-market.js';

const MINUTE = 60_000;
const OI_STEP = 5 * MINUTE;
const OI_PERIODS: Record<string, number> = {
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '4h': 240,
  '6h': 360,
  '12h': 720,
  '1d': 1440,
};

interface Start {
  time: number;
  tick: number;
  oi: number;
  tradeId: number;
}

interface OiSample {
  time: number;
  oi: number;
  price: number;
}

export class MarketHistory {
  private readonly starts = new Map<string, Start>();
  private readonly bars = new Map<string, KlineBar[]>();
  private readonly oi = new Map<string, OiSample[]>();

  constructor(
    private readonly seed: number,
    private readonly days = 7,
  ) {}

  /** Remembers where the live market begins (call before its first step). */
  register(m: SymbolMarket): void {
    this.starts.set(m.symbol, { time: m.time, tick: m.lastTradeTick, oi: m.openInterest, tradeId: m.tradeId });
    // The live market's stops rest beyond the same recent range a backfilled client sees (15 bars: cheap).
    m.stopRuns.prior = this.walkBack(m, 15);
  }

  /** Records a live OI sample; the driver calls it on every 5-minute boundary. */
  sampleOi(m: SymbolMarket): void {
    this.oiSeries(m).push({ time: m.time, oi: m.openInterest, price: m.markTick * m.spec.tickSize });
  }

  private preBars(m: SymbolMarket): KlineBar[] {
    let bars = this.bars.get(m.symbol);
    if (bars) return bars;
    bars = this.walkBack(m, this.days * 1440);
    this.bars.set(m.symbol, bars);
    return bars;
  }

  /** The last `n` pre-start 1m bars, oldest first: a walk backwards from the live start (same bars for any n). */
  private walkBack(m: SymbolMarket, n: number): KlineBar[] {
    const start = this.starts.get(m.symbol) as Start;
    const rng = new Rng(this.seed, hash32(`${m.symbol}/klines`));
    const bars = new Array<KlineBar>(n);
    const firstOpen = barBounds('1m', start.time)[0];
    let close = start.tick;
    let lastId = start.tradeId - 1;
    // Walk backwards: each bar closes where the next one opened.
    for (let i = n - 1; i >= 0; i--) {
      const open = Math.max(1, Math.round(close * Math.exp(0.0008 * rng.normal())));
      const hi = Math.max(open, close) + Math.round(Math.abs(close * 0.0004 * rng.normal()));
      const lo = Math.max(1, Math.min(open, close) - Math.round(Math.abs(close * 0.0004 * rng.normal())));
      const v = Math.max(1, Math.round(rng.logNormal(m.spec.typicalUnits * 300, 0.6)));
      const count = Math.max(1, Math.round(v / m.spec.typicalUnits));
      const mid = ((open + close) / 2) * m.spec.tickSize * m.spec.stepSize;
      const takerV = Math.round(v * (0.35 + 0.3 * rng.next()));
      const t0 = firstOpen - (n - i) * MINUTE;
      bars[i] = {
        interval: '1m',
        open: t0,
        close: t0 + MINUTE - 1,
        firstId: lastId - count + 1,
        lastId,
        o: open,
        h: hi,
        l: lo,
        c: close,
        v,
        q: v * mid,
        n: count,
        takerV,
        takerQ: takerV * mid,
      };
      lastId -= count;
      close = open;
    }
    return bars;
  }

  /** Bars of `interval`, oldest first, the current (open) bar last — as Binance returns them. */
  klines(m: SymbolMarket, interval: KlineInterval, limit: number, start?: number, end?: number): KlineBar[] {
    const ones = [...this.preBars(m), ...m.klines.closed1m, m.klines.get('1m')];
    const from = start ?? Number.NEGATIVE_INFINITY;
    const to = end ?? Number.POSITIVE_INFINITY;
    let out: KlineBar[];
    if (interval === '1m') {
      out = ones.filter((b) => b.open >= from && b.open <= to);
    } else {
      out = [];
      let cur: KlineBar | undefined;
      for (const b of ones) {
        const [open, close] = barBounds(interval, b.open);
        if (!cur || cur.open !== open) {
          if (cur) out.push(cur);
          cur = { ...b, interval, open, close };
          continue;
        }
        if (b.n > 0 || cur.n === 0) {
          if (cur.n === 0) {
            cur.o = b.o;
            cur.h = b.h;
            cur.l = b.l;
            cur.firstId = b.firstId;
          }
          cur.h = Math.max(cur.h, b.h);
          cur.l = Math.min(cur.l, b.l);
          cur.c = b.c;
          cur.v += b.v;
          cur.q += b.q;
          cur.n += b.n;
          cur.takerV += b.takerV;
          cur.takerQ += b.takerQ;
          cur.lastId = b.lastId;
        }
      }
      if (cur) out.push(cur);
      out = out.filter((b) => b.open >= from - (b.close - b.open) && b.open <= to);
    }
    if (start !== undefined && end === undefined) return out.slice(0, limit);
    return out.slice(Math.max(0, out.length - limit));
  }

  private oiSeries(m: SymbolMarket): OiSample[] {
    let series = this.oi.get(m.symbol);
    if (series) return series;
    const start = this.starts.get(m.symbol) as Start;
    const rng = new Rng(this.seed, hash32(`${m.symbol}/oi`));
    const n = 30 * 288;
    series = new Array<OiSample>(n);
    let oi = start.oi;
    let price = start.tick * m.spec.tickSize;
    const last = Math.floor(start.time / OI_STEP) * OI_STEP;
    for (let i = n - 1; i >= 0; i--) {
      series[i] = { time: last - (n - 1 - i) * OI_STEP, oi, price };
      oi = Math.max(m.spec.typicalUnits * 1000, oi * (1 + 0.004 * rng.normal()));
      price *= 1 + 0.002 * rng.normal();
    }
    this.oi.set(m.symbol, series);
    return series;
  }

  /** openInterestHist rows (JSON) or undefined for an unknown period. */
  openInterestHist(m: SymbolMarket, period: string, limit: number, start?: number, end?: number): string | undefined {
    const minutes = OI_PERIODS[period];
    if (minutes === undefined) return undefined;
    const stepMs = minutes * MINUTE;
    const rows = this.oiSeries(m).filter(
      (s) => s.time % stepMs === 0 && (start === undefined || s.time >= start) && (end === undefined || s.time <= end),
    );
    const picked =
      start !== undefined && end === undefined ? rows.slice(0, limit) : rows.slice(Math.max(0, rows.length - limit));
    const step = m.spec.stepSize;
    return `[${picked
      .map(
        (s) =>
          `{"symbol":"${m.symbol}","sumOpenInterest":"${(s.oi * step).toFixed(8)}","sumOpenInterestValue":"${(s.oi * step * s.price).toFixed(8)}","CMCCirculatingSupply":"0","timestamp":${s.time}}`,
      )
      .join(',')}]`;
  }
}
