// One panel per symbol: headline numbers, live charts (price + microprice, CVD, OBI, delta z, OI, ATR), book
// health and the latest signal. Renders `metrics` fully; before the telemetry issue lands it shows the counts of
// `symbol-stats`. A panel with no update for STALE_MS is marked stale.
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
    this.signal = el('div', '', { class: 'signal-line', 'data-field': 'signal' });
    this.root.append(this.signal);
    const charts = el('div', undefined, { class: 'charts' });
    this.root.append(charts);
    container.append(this.root);
    this.charts = {
      price: new LiveChart(charts, 'price / microprice', ['price', 'microprice']),
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

  onStats(m) {
    this.touch();
    this.set('seq', String(m.seq));
    this.set('received', String(m.received));
    this.set('missed', String(m.missed));
    this.kinds.textContent = Object.entries(m.byKind)
      .map(([k, n]) => `${k}: ${n}`)
      .join(' · ');
    if (!this.hasMetrics) this.state('stats only', 'live');
  }

  onMetrics(m) {
    this.touch();
    this.hasMetrics = true;
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
    if (m.signalDisplay) this.showSignal(m.signalDisplay);
    const c = this.charts;
    c.price.push(m.ts, [p.last ?? p.mid, p.microprice]);
    c.cvd.push(m.ts, [m.cvd.session]);
    c.obi.push(m.ts, [m.obi.value]);
    c.deltaZ.push(m.ts, [m.deltaZ.z]);
    c.oi.push(m.ts, [m.openInterest.value]);
    c.atr.push(m.ts, [m.atr.value]);
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
