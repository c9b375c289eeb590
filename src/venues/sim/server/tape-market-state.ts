/**
 * Tape mode's market history per symbol, built from the frames replayed so far (tape-replay.ts feeds every
 * frame): the trade prints (ring), 1m bars from those prints, the last bookTicker, markPrice and open
 * interest the tape carried. Its clock is the tape's exchange time (the newest `E` replayed), never the wall
 * clock, so every REST answer agrees with the streams (docs/venue-sim.md, tape mode's market data).
 * Invariant: nothing here invents a price — every number comes from a recorded frame.
 */

const MINUTE = 60_000;
const RING = 20_000;

/** One trade print as the venue's aggTrades row: a `trade` frame is a one-trade aggregate (a = f = l = t). */
export interface TapePrint {
  a: number;
  f: number;
  l: number;
  p: string;
  q: string;
  price: number;
  qty: number;
  T: number;
  m: boolean;
}

/** A 1m bar built from prints; gaps between bars are filled when served (tape-klines.ts). */
export interface TapeBar {
  open: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  q: number;
  n: number;
  takerV: number;
  takerQ: number;
  firstId: number;
  lastId: number;
}

export interface TapeBookTicker {
  b: string;
  B: string;
  a: string;
  A: string;
  u: number;
  T: number;
  E: number;
}

export interface TapeMark {
  p: string;
  i: string;
  P: string;
  r: string;
  T: number;
  E: number;
}

function decimals(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

export class TapeSymbolMarket {
  private readonly ring: Array<TapePrint | undefined> = new Array(RING);
  private head = 0;
  private count = 0;
  readonly bars: TapeBar[] = [];
  last: TapePrint | undefined;
  bbo: TapeBookTicker | undefined;
  mark: TapeMark | undefined;
  oi: { value: string; time: number } | undefined;
  /** Decimals of the tape's own price and quantity strings, so answers print as the venue does. */
  pd = 0;
  qd = 0;
  /** The first trade-carrying stream seen ('trade' or 'aggTrade'): the other is the same prints, not added twice. */
  source: string | undefined;

  constructor(readonly symbol: string) {}

  size(): number {
    return this.count;
  }

  /** i-th oldest kept print. */
  at(i: number): TapePrint {
    return this.ring[(this.head - this.count + i + RING * 2) % RING] as TapePrint;
  }

  /**
   * Rows of a recorded 1m `klines` reply (our `run --record` tapes hold the ingest's backfill): the venue's own
   * history, kept for the minutes before the first bar the replayed trades built (those stand as replayed).
   */
  seedKlines(rows: unknown[]): void {
    const firstOpen = this.bars[0]?.open ?? Number.POSITIVE_INFINITY;
    const seeded: TapeBar[] = [];
    for (const r of rows) {
      if (!Array.isArray(r) || typeof r[0] !== 'number' || r[0] >= firstOpen) continue;
      if (seeded.length > 0 && r[0] <= (seeded[seeded.length - 1] as TapeBar).open) continue;
      // Row: [open, o, h, l, c, volume, closeTime, quoteVolume, count, takerBuyBase, takerBuyQuote, ignore].
      const x = [1, 2, 3, 4, 5, 7, 9, 10].map((i) => Number(r[i]));
      if (!x.every((n) => Number.isFinite(n)) || !(Math.min(...x.slice(0, 4)) > 0)) continue;
      const pd = decimals(String(r[1]));
      const qd = decimals(String(r[5]));
      if (pd > this.pd) this.pd = pd;
      if (qd > this.qd) this.qd = qd;
      const [o, h, l, c, v, q, takerV, takerQ] = x as [number, number, number, number, number, number, number, number];
      seeded.push({
        open: r[0],
        o,
        h,
        l,
        c,
        v,
        q,
        n: Number(r[8]),
        takerV,
        takerQ,
        firstId: -1,
        lastId: -1,
      });
    }
    this.bars.unshift(...seeded);
  }

  addPrint(t: TapePrint): void {
    this.ring[this.head] = t;
    this.head = (this.head + 1) % RING;
    if (this.count < RING) this.count++;
    this.last = t;
    const pd = decimals(t.p);
    const qd = decimals(t.q);
    if (pd > this.pd) this.pd = pd;
    if (qd > this.qd) this.qd = qd;
    const open = Math.floor(t.T / MINUTE) * MINUTE;
    let bar = this.bars[this.bars.length - 1];
    if (bar === undefined || open > bar.open) {
      bar = {
        open,
        o: t.price,
        h: t.price,
        l: t.price,
        c: t.price,
        v: 0,
        q: 0,
        n: 0,
        takerV: 0,
        takerQ: 0,
        firstId: t.f,
        lastId: t.l,
      };
      this.bars.push(bar);
    }
    // A print older than the open bar (tapes merged by receive time) still counts in the open bar.
    if (t.price > bar.h) bar.h = t.price;
    if (t.price < bar.l) bar.l = t.price;
    bar.c = t.price;
    bar.v += t.qty;
    bar.q += t.qty * t.price;
    bar.n += t.l - t.f + 1;
    bar.lastId = t.l;
    if (!t.m) {
      bar.takerV += t.qty;
      bar.takerQ += t.qty * t.price;
    }
  }
}

/** Every symbol's tape history plus the tape's exchange clock. */
export class TapeMarketState {
  readonly symbols = new Map<string, TapeSymbolMarket>();
  /** Exchange time (ms) of the newest replayed frame: the clock tape-mode market data answers at. */
  now = 0;

  get(symbol: string): TapeSymbolMarket {
    let m = this.symbols.get(symbol);
    if (m === undefined) {
      m = new TapeSymbolMarket(symbol);
      this.symbols.set(symbol, m);
    }
    return m;
  }

  /** One replayed stream payload of `symbol` (upper case). */
  onEvent(symbol: string, d: Record<string, unknown>): void {
    const E = typeof d.E === 'number' ? d.E : typeof d.T === 'number' ? d.T : 0;
    if (E > this.now) this.now = E;
    switch (d.e) {
      case 'trade':
      case 'aggTrade':
        this.onTrade(symbol, d);
        return;
      case 'bookTicker': {
        // Updated in place: bookTicker is the tape's most frequent frame (72 % of the ETHUSDT 2024-08-08 tape).
        const m = this.get(symbol);
        m.bbo ??= { b: '', B: '', a: '', A: '', u: 0, T: 0, E: 0 };
        const b = m.bbo;
        b.b = String(d.b);
        b.B = String(d.B);
        b.a = String(d.a);
        b.A = String(d.A);
        b.u = Number(d.u);
        b.T = Number(d.T ?? E);
        b.E = E;
        return;
      }
      case 'markPriceUpdate':
        this.get(symbol).mark = {
          p: String(d.p),
          i: String(d.i ?? d.p),
          P: String(d.P ?? d.p),
          r: String(d.r ?? ''),
          T: Number(d.T ?? 0),
          E,
        };
        return;
      default:
    }
  }

  /** A recorded REST reply: 1m `klines` seed the history before the tape, `openInterest` is the tape's OI. */
  onRest(url: string, body: unknown): void {
    const kl = /\/fapi\/v1\/klines\?(.*)$/.exec(url);
    if (kl && Array.isArray(body)) {
      const q = new URLSearchParams(kl[1]);
      const symbol = q.get('symbol')?.toUpperCase();
      if (symbol && q.get('interval') === '1m') this.get(symbol).seedKlines(body);
      return;
    }
    if (!/\/fapi\/v1\/openInterest\?/.test(url) || !body || typeof body !== 'object') return;
    const b = body as { symbol?: unknown; openInterest?: unknown; time?: unknown };
    if (typeof b.symbol !== 'string' || typeof b.openInterest !== 'string') return;
    const time = Number(b.time ?? 0);
    this.get(b.symbol.toUpperCase()).oi = { value: b.openInterest, time };
    if (time > this.now) this.now = time;
  }

  private onTrade(symbol: string, d: Record<string, unknown>): void {
    const kind = d.e as string;
    // Only market prints trade on the venue's tape (insurance fund / ADL prints are left out of klines too).
    if (kind === 'trade' && d.X !== undefined && d.X !== 'MARKET') return;
    const m = this.get(symbol);
    m.source ??= kind;
    if (m.source !== kind) return;
    const id = Number(kind === 'trade' ? d.t : d.a);
    const p = String(d.p);
    const q = String(d.q);
    m.addPrint({
      a: id,
      f: kind === 'trade' ? id : Number(d.f),
      l: kind === 'trade' ? id : Number(d.l),
      p,
      q,
      price: Number(p),
      qty: Number(q),
      T: Number(d.T ?? d.E),
      m: d.m === true,
    });
  }
}
