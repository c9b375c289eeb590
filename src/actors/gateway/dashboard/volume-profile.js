// The volume profile beside the price chart: print volume per price bucket (buy and sell stacked), on the same
// price axis as the chart, with the engine's point of control and 70 % value area (from `metrics`). Built from
// the prints this page holds (the history's recent prints, then live `trades`), so it is the recent profile;
// the POC/VA lines are the engine's exact figures for its rolling window.
import { el, price } from './format.js';

const MAX_PRINTS = 50_000;

export class VolumeProfile {
  constructor(container, height) {
    this.root = el('div', undefined, { class: 'chart profile' });
    this.root.append(el('div', 'volume profile', { class: 'title' }));
    this.canvas = el('canvas', undefined, { 'data-field': 'profile' });
    this.root.append(this.canvas);
    this.info = el('div', '', { class: 'muted', 'data-field': 'profile-info' });
    this.root.append(this.info);
    container.append(this.root);
    this.height = height;
    this.prints = [];
    this.bucket = 0;
    this.buckets = new Map();
    this.summary = null;
  }

  clear() {
    this.prints = [];
    this.buckets.clear();
    this.summary = null;
  }

  /** Columns ts/price/qty/side (a `trades` message or the history's `trades`). */
  addPrints(t) {
    for (let i = 0; i < t.price.length; i++) {
      const p = { price: t.price[i], qty: t.qty[i], side: t.side[i] };
      this.prints.push(p);
      this.add(p);
    }
    if (this.prints.length > MAX_PRINTS) {
      this.prints.splice(0, this.prints.length - MAX_PRINTS / 2);
      this.rebuild();
    }
  }

  /** The engine's bucket and summary; a new bucket size re-buckets every print held. */
  onMetrics(m) {
    const vp = m.volumeProfile;
    if (!vp) return;
    this.summary = vp.window;
    if (vp.bucket && vp.bucket !== this.bucket) {
      this.bucket = vp.bucket;
      this.rebuild();
    }
  }

  rebuild() {
    this.buckets.clear();
    for (const p of this.prints) this.add(p);
  }

  add(p) {
    const bucket = this.bucket || autoBucket(p.price);
    if (!this.bucket) this.bucket = bucket;
    const k = Math.round(p.price / bucket);
    let b = this.buckets.get(k);
    if (!b) {
      b = { buy: 0, sell: 0 };
      this.buckets.set(k, b);
    }
    if (p.side === 1) b.buy += p.qty;
    else b.sell += p.qty;
  }

  /** Draws on the price chart's y range: `top`/`plotHeight` in CSS pixels of the chart's plotting area. */
  draw(yMin, yMax, top, plotHeight) {
    const dpr = window.devicePixelRatio || 1;
    const width = 160;
    const c = this.canvas;
    c.style.width = `${width}px`;
    c.style.height = `${this.height}px`;
    c.width = width * dpr;
    c.height = this.height * dpr;
    const g = c.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, width, this.height);
    if (!(yMax > yMin) || this.buckets.size === 0) return;
    let max = 0;
    for (const b of this.buckets.values()) max = Math.max(max, b.buy + b.sell);
    const yOf = (p) => top + ((yMax - p) / (yMax - yMin)) * plotHeight;
    const barH = Math.max(1, Math.abs(yOf(0) - yOf(this.bucket)) - 0.5);
    let drawn = 0;
    for (const [k, b] of this.buckets) {
      const y = yOf(k * this.bucket);
      if (y < top - barH || y > top + plotHeight + barH) continue;
      const wBuy = ((width - 4) * b.buy) / max;
      const wSell = ((width - 4) * b.sell) / max;
      g.fillStyle = '#2fbf71';
      g.fillRect(0, y - barH / 2, wBuy, barH);
      g.fillStyle = '#e5534b';
      g.fillRect(wBuy, y - barH / 2, wSell, barH);
      drawn++;
    }
    const s = this.summary;
    if (s && s.poc !== null) {
      for (const [p, color] of [
        [s.poc, '#f0b429'],
        [s.valueAreaHigh, '#7d8794'],
        [s.valueAreaLow, '#7d8794'],
      ]) {
        g.fillStyle = color;
        g.fillRect(0, yOf(p), width, 1);
      }
    }
    this.canvas.dataset.bars = String(drawn);
    this.info.textContent = s?.poc
      ? `POC ${price(s.poc)} · VA ${price(s.valueAreaLow)}–${price(s.valueAreaHigh)} · ${this.prints.length} prints`
      : `${this.prints.length} prints`;
  }
}

/** A readable bucket before the engine's is known: about 1/10 000 of the price, a power of ten. */
function autoBucket(p) {
  return 10 ** Math.floor(Math.log10(Math.max(p, 1e-9) / 10_000));
}
