// The symbol picker: every symbol the gateway knows, filterable by typing, each with its state (live, not
// ready, stale, waiting) and last price from its `metrics`; clicking one (or Enter on the filter) selects it.
// Per-symbol state is a few fields, redrawn with the charts, so hundreds of symbols cost a list, not panels.
import { el, price } from './format.js';

export const STALE_MS = 5_000;

export class SymbolPicker {
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    this.filter = root.querySelector('[data-field="filter"]');
    this.list = root.querySelector('[data-field="symbols"]');
    this.items = new Map();
    this.selected = undefined;
    this.filter.addEventListener('input', () => this.applyFilter());
    this.filter.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter') return;
      const first = [...this.items.values()].find((i) => !i.node.hidden);
      if (first) this.onPick(first.symbol);
    });
  }

  ensure(symbol) {
    let item = this.items.get(symbol);
    if (item) return item;
    const node = el('button', undefined, { type: 'button', 'data-pick': symbol, 'data-state': 'waiting' });
    const last = el('span', '—', { class: 'muted' });
    node.append(el('span', symbol), last);
    node.addEventListener('click', () => this.onPick(symbol));
    item = { symbol, node, last, updated: 0, ready: false, state: 'waiting' };
    this.items.set(symbol, item);
    this.list.append(node);
    this.applyFilter();
    return item;
  }

  /** Stores only: the list is redrawn by `redraw` (hundreds of symbols × 10 snapshots/s, one DOM pass). */
  onMetrics(m) {
    const item = this.ensure(m.symbol);
    item.updated = Date.now();
    item.ready = m.ready;
    item.latest = m;
    item.dirty = true;
  }

  redraw() {
    for (const item of this.items.values()) {
      if (!item.dirty) continue;
      item.dirty = false;
      const m = item.latest;
      const text = price(m.price.last ?? m.price.mid);
      if (item.last.textContent !== text) item.last.textContent = text;
      this.setState(item, m.ready ? 'live' : 'not-ready');
    }
  }

  setState(item, state) {
    if (item.state === state) return;
    item.state = state;
    item.node.dataset.state = state;
  }

  select(symbol) {
    this.selected = symbol;
    for (const item of this.items.values()) item.node.classList.toggle('selected', item.symbol === symbol);
  }

  /** The symbol's latest `metrics` and when it came, so a switch shows numbers at once. */
  latest(symbol) {
    const item = this.items.get(symbol);
    return item?.latest ? { message: item.latest, receivedAt: item.updated } : undefined;
  }

  /** Every second: a symbol without an update for STALE_MS is stale. */
  tick(now) {
    for (const item of this.items.values()) {
      if (item.updated === 0) continue;
      if (now - item.updated > STALE_MS) this.setState(item, 'stale');
    }
  }

  applyFilter() {
    const q = this.filter.value.trim().toUpperCase();
    for (const item of this.items.values()) item.node.hidden = q !== '' && !item.symbol.includes(q);
  }
}
