/**
 * Klines and the rolling 24 h window of tape mode, from the 1m bars the replayed prints built
 * (tape-market-state.ts), at the tape's exchange time. Minutes without a print are bars with zero volume at the
 * previous close, as the venue prints them; before the tape's first print there is no bar (a newly listed
 * symbol's answer). Other intervals aggregate the 1m bars on the venue's boundaries (market/klines.ts).
 */
import { barBounds, type KlineInterval } from '../market/klines.js';
import type { TapeBar, TapeSymbolMarket } from './tape-market-state.js';

const MINUTE = 60_000;
const DAY_BARS = 1440;

/** The 1m bars from the first print's minute to the minute holding `now`, gaps filled; oldest first. */
export function filledMinuteBars(m: TapeSymbolMarket, now: number): TapeBar[] {
  const src = m.bars;
  const first = src[0];
  if (first === undefined) return [];
  const lastOpen = Math.max(Math.floor(now / MINUTE) * MINUTE, (src[src.length - 1] as TapeBar).open);
  const out: TapeBar[] = [];
  let j = 0;
  let prev = first;
  for (let t = first.open; t <= lastOpen; t += MINUTE) {
    const bar = src[j];
    if (bar !== undefined && bar.open === t) {
      out.push(bar);
      prev = bar;
      j++;
      continue;
    }
    const c = prev.c;
    out.push({ open: t, o: c, h: c, l: c, c, v: 0, q: 0, n: 0, takerV: 0, takerQ: 0, firstId: -1, lastId: -1 });
  }
  return out;
}

export interface ServedBar extends TapeBar {
  close: number;
}

/** Bars of `interval` at tape time `now` with the venue's startTime/endTime/limit selection. */
export function tapeKlines(
  m: TapeSymbolMarket,
  interval: KlineInterval,
  now: number,
  limit: number,
  start?: number,
  end?: number,
): ServedBar[] {
  const out: ServedBar[] = [];
  let cur: ServedBar | undefined;
  for (const b of filledMinuteBars(m, now)) {
    const [open, close] = barBounds(interval, b.open);
    if (cur === undefined || cur.open !== open) {
      if (cur) out.push(cur);
      cur = { ...b, open, close };
      continue;
    }
    if (b.n > 0) {
      if (cur.n === 0) {
        cur.o = b.o;
        cur.h = b.h;
        cur.l = b.l;
        cur.firstId = b.firstId;
      }
      if (b.h > cur.h) cur.h = b.h;
      if (b.l < cur.l) cur.l = b.l;
      cur.lastId = b.lastId;
    }
    cur.c = b.c;
    cur.v += b.v;
    cur.q += b.q;
    cur.n += b.n;
    cur.takerV += b.takerV;
    cur.takerQ += b.takerQ;
  }
  if (cur) out.push(cur);
  const picked = out.filter((b) => (start === undefined || b.close >= start) && (end === undefined || b.open <= end));
  if (start !== undefined && end === undefined) return picked.slice(0, limit);
  return picked.slice(Math.max(0, picked.length - limit));
}

/** The venue's kline row. */
export function tapeKlineRow(m: TapeSymbolMarket, b: ServedBar): string {
  const pd = m.pd;
  const qd = m.qd;
  return `[${b.open},"${b.o.toFixed(pd)}","${b.h.toFixed(pd)}","${b.l.toFixed(pd)}","${b.c.toFixed(pd)}","${b.v.toFixed(qd)}",${b.close},"${b.q.toFixed(pd + qd)}",${b.n},"${b.takerV.toFixed(qd)}","${b.takerQ.toFixed(pd + qd)}","0"]`;
}

/** `ticker/24hr` over the last 24 h replayed (the 1440 closed 1m bars and the open one); undefined before a print. */
export function tapeTicker24h(m: TapeSymbolMarket, now: number): string | undefined {
  const last = m.last;
  if (last === undefined) return undefined;
  const bars = filledMinuteBars(m, now).slice(-(DAY_BARS + 1));
  const traded = bars.filter((b) => b.n > 0);
  // No print in the last 24 h (a tape with a long gap): a flat day at the last price.
  const first = traded[0] ?? { ...(bars[0] as TapeBar), o: last.price, h: last.price, l: last.price, firstId: last.a };
  let high = first.h;
  let low = first.l;
  let vol = 0;
  let quote = 0;
  let count = 0;
  for (const b of traded) {
    if (b.h > high) high = b.h;
    if (b.l < low) low = b.l;
    vol += b.v;
    quote += b.q;
    count += b.n;
  }
  const pd = m.pd;
  const open = first.o;
  const change = last.price - open;
  const pct = open > 0 ? (change / open) * 100 : 0;
  const wavg = vol > 0 ? quote / vol : last.price;
  return `{"symbol":"${m.symbol}","priceChange":"${change.toFixed(pd)}","priceChangePercent":"${pct.toFixed(3)}","weightedAvgPrice":"${wavg.toFixed(pd)}","lastPrice":"${last.p}","lastQty":"${last.q}","openPrice":"${open.toFixed(pd)}","highPrice":"${high.toFixed(pd)}","lowPrice":"${low.toFixed(pd)}","volume":"${vol.toFixed(m.qd)}","quoteVolume":"${quote.toFixed(2)}","openTime":${first.open},"closeTime":${Math.max(now, last.T)},"firstId":${first.firstId},"lastId":${last.l},"count":${count}}`;
}
