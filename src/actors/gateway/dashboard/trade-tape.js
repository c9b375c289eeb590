// The time & sales tape: newest print on top, side-coloured, the size bar and font scaled by notional, large
// prints (≥ the engine's large-trade notional) and liquidations highlighted. Prints queue between redraws and
// are rendered in one batch (at most MAX_ROWS kept), so a burst costs one DOM update.
import { el, num, price, time } from './format.js';

const MAX_ROWS = 200;

export class TradeTape {
  constructor(container) {
    this.root = el('section', undefined, { class: 'panel tape' });
    this.root.append(el('h2', 'Time & sales'));
    this.list = el('ol', undefined, { class: 'tape-rows', 'data-field': 'tape' });
    this.root.append(this.list);
    container.append(this.root);
    this.queue = [];
    this.large = 100_000;
  }

  clear() {
    this.queue = [];
    this.list.replaceChildren();
  }

  setLargeNotional(v) {
    if (v > 0) this.large = v;
  }

  /** Columns ts/price/qty/side, oldest first. */
  addPrints(t) {
    const from = Math.max(0, t.ts.length - MAX_ROWS);
    for (let i = from; i < t.ts.length; i++)
      this.queue.push({ kind: 'trade', ts: t.ts[i], price: t.price[i], qty: t.qty[i], side: t.side[i] });
    if (this.queue.length > MAX_ROWS) this.queue.splice(0, this.queue.length - MAX_ROWS);
  }

  addLiquidation(m) {
    this.queue.push({ kind: 'liq', ts: m.ts, price: m.price, qty: m.qty, side: m.side === 'buy' ? 1 : -1 });
  }

  redraw() {
    if (this.queue.length === 0) return;
    const frag = document.createDocumentFragment();
    for (let i = this.queue.length - 1; i >= 0; i--) frag.append(this.row(this.queue[i]));
    this.queue = [];
    this.list.prepend(frag);
    while (this.list.children.length > MAX_ROWS) this.list.lastElementChild.remove();
  }

  row(p) {
    const notional = p.price * p.qty;
    const share = Math.min(1, Math.log10(1 + notional) / Math.log10(1 + this.large));
    const side = p.side === 1 ? 'BUY' : 'SELL';
    const classes = [side, p.kind === 'liq' ? 'liq' : '', notional >= this.large ? 'large' : ''].join(' ').trim();
    const li = el('li', undefined, { class: classes, 'data-kind': p.kind });
    const bar = el('span', '', { class: 'bar' });
    bar.style.width = `${Math.round(share * 100)}%`;
    li.style.fontSize = `${11 + Math.round(share * 4)}px`;
    li.append(
      bar,
      el('span', time(p.ts).slice(0, 12)),
      el('span', price(p.price)),
      el('span', num(p.qty, 4)),
      el('span', p.kind === 'liq' ? `LIQ ${p.side === 1 ? 'short' : 'long'}` : num(notional, 0)),
    );
    return li;
  }
}
