// One panel per symbol: headline numbers, live charts (price + microprice + session VWAP and its ±1σ band, CVD,
// OBI, delta z, OI, ATR), book health, the order-flow figures (funding, liquidations, profile, CVD by size, late
// prints; docs/telemetry.md) with the latest liquidation, and the latest signal, all from `metrics`. A panel with
// no update for STALE_MS is marked stale.
import { LiveChart } from './charts.js';
import { ago, el, num, price } from './format.js';

export const STALE_MS = 5_000;

const FIELDS = [
  ['last', 'last'],
  ['mid', 'mid'],
  ['spread', 'spread'],
  ['microprice', 'micro'],
  ['cvd', 'CVD'],
  ['obi', 'OBI'],
  ['deltaZ', 'Δz'],
  ['oi', 'OI'],
  ['atr', 'ATR'],
  ['rate', 'trades/s'],
  ['seq', 'seq'],
  ['received', 'events'],
  ['missed', 'missed'],
  ['inSync', 'in sync'],
  ['gaps', 'gaps'],
  ['resyncs', 'resyncs'],
  ['feedLag', 'lag ms'],
  ['updated', 'updated'],
  ['vwap', 'VWAP ±1σ'],
  ['funding', 'funding %'],
  ['basis', 'basis bps'],
  ['liqs', 'liqs buy/sell'],
  ['poc', 'POC [VA]'],
  ['cvdLarge', 'CVD large/small'],
  ['deltaNow', 'Δ now'],
  ['late', 'late prints'],
];

export class SymbolPanel {
  constructor(container, symbol) {
    this.symbol = symbol;
    this.lastUpdate = 0;
    this.root = el('section', undefined, { class: 'symbol panel', 'data-symbol': symbol });
    const header = el('header');
    header.append(el('h2', symbol));
    this.badge = el('span', 'waiting', { class: 'badge', 'data-field': 'state', 'data-state': 'waiting' });
    header.append(this.badge);
    this.kinds = el('span', '', { class: 'muted', 'data-field': 'kinds' });
    header.append(this.kinds);
    this.root.append(header);
    const dl = el('dl', undefined, { class: 'stats' });
    this.fields = {};
    for (const [key, label] of FIELDS) {
      dl.append(el('dt', label));
      this.fields[key] = el('dd', '—', { 'data-field': key });
      dl.append(this.fields[key]);
    }
    this.root.append(dl);
    this.liquidation = el('div', '', { class: 'signal-line', 'data-field': 'liquidation' });
    this.root.append(this.liquidation);
    this.signal = el('div', '', { class: 'signal-line', 'data-field': 'signal' });
    this.root.append(this.signal);
    const charts = el('div', undefined, { class: 'charts' });
    this.root.append(charts);
    container.append(this.root);
    this.charts = {
      price: new LiveChart(charts, 'price / microprice / VWAP ±1σ', ['price', 'microprice', 'vwap', '+1σ', '−1σ']),
      cvd: new LiveChart(charts, 'CVD (session)', ['cvd']),
      obi: new LiveChart(charts, 'OBI', ['obi']),
      deltaZ: new LiveChart(charts, 'delta z', ['z']),
      oi: new LiveChart(charts, 'open interest', ['oi']),
      atr: new LiveChart(charts, 'ATR', ['atr']),
    };
  }

  set(key, text) {
    const f = this.fields[key];
    if (f && f.textContent !== text) f.textContent = text;
  }

  touch() {
    this.lastUpdate = Date.now();
    if (this.stale) {
      this.stale = false;
      this.root.classList.remove('stale');
    }
  }

  onMetrics(m) {
    this.touch();
    const p = m.price;
    this.set('last', price(p.last));
    this.set('mid', price(p.mid));
    this.set('spread', num(p.spread, 4));
    this.set('microprice', price(p.microprice));
    this.set('cvd', num(m.cvd.session, 3));
    this.set('obi', num(m.obi.value, 3));
    this.set('deltaZ', num(m.deltaZ.z, 2));
    this.set('oi', num(m.openInterest.value, 0));
    this.set('atr', num(m.atr.value, 3));
    this.set('rate', num(m.timeAndSales.rate, 1));
    this.set('seq', String(m.seq));
    this.set('received', String(m.timeAndSales.count));
    this.set('inSync', m.book.inSync ? 'yes' : 'NO');
    this.set('gaps', String(m.book.gaps));
    this.set('resyncs', String(m.book.resyncs));
    this.set('feedLag', num(m.book.feedLagMs, 0));
    this.state(m.ready ? 'ready' : 'not ready', m.ready ? 'live' : 'not-ready');
    this.onOrderFlow(m);
    if (m.signalDisplay) this.showSignal(m.signalDisplay);
    const c = this.charts;
    const v = m.vwap ?? {};
    c.price.push(m.ts, [p.last ?? p.mid, p.microprice, v.vwap, v.upper1, v.lower1]);
    c.cvd.push(m.ts, [m.cvd.session]);
    c.obi.push(m.ts, [m.obi.value]);
    c.deltaZ.push(m.ts, [m.deltaZ.z]);
    c.oi.push(m.ts, [m.openInterest.value]);
    c.atr.push(m.ts, [m.atr.value]);
  }

  /** The order-flow blocks; absent in messages from an older engine, shown as dashes then. */
  onOrderFlow(m) {
    const v = m.vwap;
    if (v) this.set('vwap', v.vwap === null ? '—' : `${price(v.vwap)} ±${num(v.std, 2)}`);
    const f = m.funding;
    if (f) {
      this.set('funding', f.fundingRate === null ? '—' : num(f.fundingRate * 100, 4));
      this.set('basis', num(f.basisBps, 2));
    }
    const l = m.liquidations;
    if (l) this.set('liqs', `${num(l.buyNotional, 0)} / ${num(l.sellNotional, 0)} (${l.count})`);
    const s = m.volumeProfile?.session;
    if (s)
      this.set('poc', s.poc === null ? '—' : `${price(s.poc)} [${price(s.valueAreaLow)}–${price(s.valueAreaHigh)}]`);
    const b = m.cvdBySize;
    if (b) this.set('cvdLarge', `${num(b.largeSession, 3)} / ${num(b.smallSession, 3)}`);
    if (m.deltaZ?.inProgress !== undefined) this.set('deltaNow', num(m.deltaZ.inProgress, 3));
    if (m.timeAndSales?.lateTrades !== undefined) this.set('late', String(m.timeAndSales.lateTrades));
  }

  /** A `liquidation` print: the latest one, side-coloured (sell = a long was liquidated). */
  onLiquidation(m) {
    this.liquidation.textContent = '';
    const when = new Date(m.ts).toISOString().slice(11, 23);
    this.liquidation.append(
      el('span', `LIQ ${m.side === 'sell' ? 'long' : 'short'} `, { class: m.side === 'sell' ? 'SELL' : 'BUY' }),
      el('span', `${num(m.qty, 3)} @ ${price(m.price)} = ${num(m.notional, 0)} at ${when}`),
    );
  }

  showSignal(s) {
    this.signal.textContent = '';
    this.signal.append(
      el('span', `${s.side} `, { class: s.side }),
      el('span', `${s.strategy} ${num(s.strength, 2)} — ${s.reason}`),
    );
  }

  state(text, kind) {
    if (this.stale) return;
    this.badge.textContent = text;
    this.badge.dataset.state = kind;
  }

  /** Called every second: marks the panel stale when nothing arrived for STALE_MS. */
  tick(now) {
    this.set('updated', ago(this.lastUpdate, now));
    const stale = this.lastUpdate === 0 || now - this.lastUpdate > STALE_MS;
    if (stale === this.stale) return;
    this.stale = stale;
    this.root.classList.toggle('stale', stale);
    if (stale) {
      this.badge.textContent = this.lastUpdate ? 'stale' : 'waiting';
      this.badge.dataset.state = 'stale';
    }
  }

  redraw() {
    for (const c of Object.values(this.charts)) c.redraw();
  }

  resize() {
    const w = this.root.clientWidth / 2 - 12;
    for (const c of Object.values(this.charts)) c.resize(w);
  }
}
