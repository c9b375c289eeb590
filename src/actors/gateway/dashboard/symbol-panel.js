// The selected symbol's view: headline numbers, the price chart with bands and markers beside its volume
// profile, charts over minutes (CVD, OBI, delta z, OI, funding, ATR), book health and the latest liquidation
// and signal. `show(symbol)` empties it for another symbol; `loadHistory` draws what the gateway remembers
// (the `history` op), then live `metrics` extend it. Stale (no update for STALE_MS) is shown on the badge.
import { LiveChart } from './charts.js';
import { ago, el, num, price } from './format.js';
import { PriceChart } from './price-chart.js';
import { STALE_MS } from './symbol-picker.js';
import { VolumeProfile } from './volume-profile.js';

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
  ['received', 'prints'],
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

const PRICE_HEIGHT = 260;

export class SymbolPanel {
  constructor(container) {
    this.symbol = undefined;
    this.lastUpdate = 0;
    this.root = el('section', undefined, { class: 'symbol panel', 'data-symbol': '' });
    const header = el('header');
    this.title = el('h2', '—', { 'data-field': 'symbol' });
    header.append(this.title);
    this.badge = el('span', 'waiting', { class: 'badge', 'data-field': 'state', 'data-state': 'waiting' });
    header.append(this.badge);
    this.historyInfo = el('span', '', { class: 'muted', 'data-field': 'history' });
    header.append(this.historyInfo);
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
    this.signal = el('div', '', { class: 'signal-line', 'data-field': 'signal' });
    this.root.append(this.liquidation, this.signal);
    const priceRow = el('div', undefined, { class: 'price-row' });
    this.root.append(priceRow);
    const charts = el('div', undefined, { class: 'charts' });
    this.root.append(charts);
    container.append(this.root);
    this.price = new PriceChart(priceRow, PRICE_HEIGHT);
    this.profile = new VolumeProfile(priceRow, PRICE_HEIGHT);
    this.price.afterDraw = (u) => {
      const y = u.scales.y;
      const dpr = window.devicePixelRatio || 1;
      this.profile.draw(y.min, y.max, u.bbox.top / dpr, u.bbox.height / dpr);
    };
    this.charts = {
      cvd: new LiveChart(charts, 'CVD (session)', ['cvd']),
      obi: new LiveChart(charts, 'OBI', ['obi']),
      deltaZ: new LiveChart(charts, 'delta z', ['z']),
      oi: new LiveChart(charts, 'open interest', ['oi']),
      funding: new LiveChart(charts, 'funding rate %', ['funding']),
      atr: new LiveChart(charts, 'ATR', ['atr']),
    };
  }

  /** Empties the view for `symbol` (its history is asked for by the caller). */
  show(symbol) {
    this.symbol = symbol;
    this.root.dataset.symbol = symbol;
    this.title.textContent = symbol;
    this.lastUpdate = 0;
    this.stale = undefined;
    this.historyInfo.textContent = 'loading history…';
    for (const f of Object.values(this.fields)) f.textContent = '—';
    this.liquidation.textContent = '';
    this.signal.textContent = '';
    this.price.clear();
    this.profile.clear();
    for (const c of Object.values(this.charts)) c.clear();
    this.state('waiting', 'waiting');
  }

  /** A `history` reply: points into every chart, prints into the profile, signals and orders as markers. */
  loadHistory(h) {
    const p = h.points;
    this.price.load(p);
    const c = this.charts;
    for (let i = 0; i < p.ts.length; i++) {
      const t = p.ts[i];
      c.cvd.push(t, [p.cvd[i]]);
      c.obi.push(t, [p.obi[i]]);
      c.deltaZ.push(t, [p.deltaZ[i]]);
      c.oi.push(t, [p.openInterest[i]]);
      c.funding.push(t, [p.fundingRate[i] === null ? null : p.fundingRate[i] * 100]);
      c.atr.push(t, [p.atr[i]]);
    }
    this.profile.addPrints(h.trades);
    for (const s of h.signals) {
      if (s.type === 'signal') this.price.onSignal(s);
      else this.price.onVerdict(s);
    }
    for (const o of h.orders) this.price.onOrder(o);
    const minutes = p.ts.length ? Math.round((p.ts[p.ts.length - 1] - p.ts[0]) / 6000) / 10 : 0;
    this.historyInfo.textContent = `history: ${p.ts.length} points (${minutes} min), ${h.trades.ts.length} prints`;
  }

  set(key, text) {
    const f = this.fields[key];
    if (f && f.textContent !== text) f.textContent = text;
  }

  onMetrics(m) {
    this.showNumbers(m, Date.now());
    this.price.push(m);
    this.profile.onMetrics(m);
    const c = this.charts;
    c.cvd.push(m.ts, [m.cvd.session]);
    c.obi.push(m.ts, [m.obi.value]);
    c.deltaZ.push(m.ts, [m.deltaZ.z]);
    c.oi.push(m.ts, [m.openInterest.value]);
    c.funding.push(m.ts, [typeof m.funding?.fundingRate === 'number' ? m.funding.fundingRate * 100 : null]);
    c.atr.push(m.ts, [m.atr.value]);
  }

  /** The numbers of a `metrics` message received at `receivedAt` (also the latest one, on a switch). */
  showNumbers(m, receivedAt) {
    this.lastUpdate = receivedAt;
    if (this.stale) {
      this.stale = false;
      this.root.classList.remove('stale');
    }
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

  onTrades(t) {
    this.profile.addPrints(t);
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

  /** Called every second: marks the view stale when nothing arrived for STALE_MS. */
  tick(now) {
    this.set('updated', ago(this.lastUpdate, now));
    const stale = this.lastUpdate !== 0 && now - this.lastUpdate > STALE_MS;
    if (stale === this.stale) return;
    this.stale = stale;
    this.root.classList.toggle('stale', stale);
    if (stale) {
      this.badge.textContent = 'stale';
      this.badge.dataset.state = 'stale';
    }
  }

  redraw() {
    this.price.redraw();
    for (const c of Object.values(this.charts)) c.redraw();
  }

  resize() {
    const w = this.root.clientWidth;
    this.price.resize(w - 190);
    for (const c of Object.values(this.charts)) c.resize(w / 2 - 12);
  }
}
