// The price chart: last price with session VWAP and its ±1σ/±2σ bands at one point per second, and markers
// for strategy signals (triangles: green accepted, red refused, grey awaiting risk; the reason and any refusal
// code on hover) and our orders and fills (circles). Markers are DOM elements over the plot, placed after each
// draw, so they carry their own tooltip and a test can find them.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { axes, SecondSeries, seriesOf } from './charts.js';
import { el, num, price, time } from './format.js';

const NAMES = ['price', 'vwap', '+1σ', '−1σ', '+2σ', '−2σ'];
const MAX_MARKERS = 300;

export class PriceChart {
  constructor(container, height = 260) {
    this.root = el('div', undefined, { class: 'chart price-chart' });
    this.root.append(el('div', 'price · VWAP ±1σ ±2σ · signals ▲▼ · orders ●', { class: 'title' }));
    container.append(this.root);
    this.height = height;
    this.series = new SecondSeries(NAMES.length);
    this.markers = [];
    this.byDecision = new Map();
    this.tip = el('div', '', { class: 'tip', 'data-field': 'marker-tip' });
    this.tip.hidden = true;
    this.afterDraw = () => {};
    this.plot = new uPlot(
      {
        width: Math.max(300, container.clientWidth - 180),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: axes(),
        series: seriesOf(NAMES),
        hooks: { draw: [(u) => this.place(u)] },
      },
      this.series.data,
      this.root,
    );
    this.plot.over.append(this.tip);
  }

  push(m) {
    const v = m.vwap ?? {};
    const p = m.price;
    this.series.push(m.ts, [p.last ?? p.mid, v.vwap, v.upper1, v.lower1, v.upper2, v.lower2]);
  }

  /** History columns (one point per second). */
  load(points) {
    const cols = [points.last, points.vwap, points.upper1, points.lower1, points.upper2, points.lower2];
    for (let i = 0; i < points.ts.length; i++)
      this.series.push(
        points.ts[i],
        cols.map((c) => c[i]),
      );
  }

  clear() {
    this.series.clear();
    for (const mk of this.markers) mk.node.remove();
    this.markers = [];
    this.byDecision.clear();
  }

  addMarker(mk) {
    mk.node = el('div', mk.kind === 'signal' ? (mk.side === 'BUY' ? '▲' : '▼') : '●', {
      class: `marker ${mk.kind} ${mk.side}`,
      'data-kind': mk.kind,
    });
    mk.node.addEventListener('mouseenter', () => this.showTip(mk));
    mk.node.addEventListener('mouseleave', () => {
      this.tip.hidden = true;
    });
    this.plot.over.append(mk.node);
    this.markers.push(mk);
    if (this.markers.length > MAX_MARKERS) this.markers.shift().node.remove();
    this.describe(mk);
    this.series.dirty = true;
    return mk;
  }

  onSignal(s) {
    const mk = this.addMarker({ kind: 'signal', ts: s.ts, side: s.side, price: null, signal: { ...s } });
    if (s.decisionId) this.byDecision.set(s.decisionId, mk);
  }

  onVerdict(v) {
    const mk = this.byDecision.get(v.decisionId);
    if (!mk) return;
    mk.signal.accepted = v.accepted;
    mk.signal.refusal = v.refusal;
    this.describe(mk);
  }

  onOrder(o) {
    const filled = o.status === 'FILLED' || o.status === 'PARTIALLY_FILLED';
    if (!filled && o.status !== 'NEW' && o.status !== 'PENDING') return;
    this.addMarker({ kind: filled ? 'fill' : 'order', ts: o.ts, side: o.side, price: o.avgPrice ?? o.price, order: o });
  }

  describe(mk) {
    let text;
    let state;
    if (mk.kind === 'signal') {
      const s = mk.signal;
      state = s.accepted === true ? 'accepted' : s.accepted === false ? 'refused' : 'pending';
      const verdict = state === 'refused' ? `refused${s.refusal ? ` (${s.refusal})` : ''}` : state;
      text = `${time(s.ts)} ${s.side} ${s.strategy} ${num(s.strength, 2)} — ${verdict}: ${s.reason}`;
    } else {
      const o = mk.order;
      state = mk.kind;
      text = `${time(o.ts)} ${o.side} ${o.orderType} ${o.status} ${num(o.filledQuantity, 4)}/${num(o.quantity, 4)} @ ${price(o.avgPrice ?? o.price)} ${o.clientOrderId}`;
    }
    mk.node.dataset.state = state;
    mk.node.setAttribute('title', text);
    mk.text = text;
  }

  showTip(mk) {
    this.tip.textContent = mk.text;
    this.tip.hidden = false;
    this.tip.style.left = mk.node.style.left;
    this.tip.style.top = mk.node.style.top;
  }

  place(u) {
    for (const mk of this.markers) {
      const x = mk.ts / 1000;
      const y = mk.price ?? this.series.valueAt(1, Math.floor(x));
      const left = u.valToPos(x, 'x');
      const top = y === null ? Number.NaN : u.valToPos(y, 'y');
      const visible = Number.isFinite(left) && Number.isFinite(top) && left >= 0 && left <= u.over.clientWidth;
      mk.node.hidden = !visible;
      if (visible) {
        mk.node.style.left = `${left}px`;
        mk.node.style.top = `${top}px`;
      }
    }
    this.afterDraw(u);
  }

  redraw() {
    if (!this.series.dirty) return;
    this.series.dirty = false;
    this.plot.setData(this.series.data);
  }

  resize(width) {
    this.plot.setSize({ width: Math.max(300, width), height: this.height });
  }
}
