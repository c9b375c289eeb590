// The risk panel (kill switch, gates, budgets, cooldowns), the latest signals with their reasons, and the order
// blotter (newest first). Each renders from the last message it got; nothing here is computed from history.
import { ago, el, num, price, time } from './format.js';

const MAX_SIGNALS = 20;
const MAX_ORDERS = 100;

export class RiskPanel {
  constructor(root) {
    this.kill = root.querySelector('[data-field="kill"]');
    this.reason = root.querySelector('[data-field="kill-reason"]');
    this.gates = root.querySelector('[data-field="gates"]');
    this.budgets = root.querySelector('[data-field="budgets"]');
    this.cooldowns = root.querySelector('[data-field="cooldowns"]');
    this.since = 0;
  }

  showKill(engaged, reason, since) {
    this.kill.dataset.engaged = String(engaged);
    this.kill.textContent = `kill switch: ${engaged ? 'ENGAGED' : 'disengaged'}`;
    this.since = since;
    this.reason.textContent = `${reason} (${ago(since)})`;
  }

  /** A `kill-switch` event: global ones change the headline; per-symbol ones are listed under it. */
  onKillSwitch(m) {
    if (!m.symbol) this.showKill(m.engaged, m.reason, m.ts);
  }

  onRisk(m) {
    const k = m.killSwitch;
    const perSymbol = Object.entries(k.symbols)
      .filter(([, e]) => e.engaged)
      .map(([s]) => s);
    this.showKill(
      k.engaged,
      perSymbol.length ? `${k.reason}; also killed: ${perSymbol.join(', ')}` : k.reason,
      k.since,
    );
    this.gates.replaceChildren(
      ...Object.entries(m.gates).map(([g, ok]) => el('li', `${g}: ${ok ? 'yes' : 'no'}`, { 'data-ok': ok })),
    );
    const budgets = Object.entries(m.budgets);
    this.budgets.replaceChildren(
      ...(budgets.length
        ? budgets.map(([b, v]) =>
            el('li', `${b}: ${num(v.used)} / ${num(v.limit)} (${num((100 * v.used) / (v.limit || 1), 0)}%)`),
          )
        : [el('li', 'none', { class: 'muted' })]),
    );
    const cooldowns = Object.entries(m.cooldowns).filter(([, c]) => c.until > Date.now());
    this.cooldowns.replaceChildren(
      ...(cooldowns.length
        ? cooldowns.map(([key, c]) => el('li', `${key} until ${time(c.until)} — ${c.reason}`))
        : [el('li', 'none', { class: 'muted' })]),
    );
  }
}

export class SignalList {
  constructor(root) {
    this.list = root.querySelector('[data-field="signals"]');
    this.count = 0;
  }

  onSignal(m) {
    if (this.count++ === 0) this.list.replaceChildren();
    const li = el('li', undefined, m.decisionId ? { 'data-decision': m.decisionId } : {});
    const verdict = el('span', ` ${verdictText(m)}`, { 'data-field': 'verdict' });
    li.append(
      el('span', `${time(m.ts)} ${m.symbol} `),
      el('strong', m.side, { class: m.side }),
      el('span', ` ${m.strategy} ${num(m.strength, 2)}`),
      verdict,
      el('div', m.reason, { class: 'muted' }),
    );
    this.list.prepend(li);
    while (this.list.children.length > MAX_SIGNALS) this.list.lastElementChild.remove();
  }
}

/** Risk's decision arrives after the signal: update the line with the same decisionId. */
export function applyVerdict(list, v) {
  for (const li of list.list.children) {
    if (li.getAttribute('data-decision') === v.decisionId) {
      const span = li.querySelector('[data-field="verdict"]');
      if (span) span.textContent = ` ${verdictText(v)}`;
    }
  }
}

function verdictText(m) {
  if (m.accepted === null || m.accepted === undefined) return 'awaiting risk';
  return m.accepted ? 'accepted' : `refused${m.refusal ? ` (${m.refusal})` : ''}`;
}

export class Blotter {
  constructor(root) {
    this.body = root.querySelector('[data-field="orders"]');
    this.count = 0;
  }

  onOrder(m) {
    if (this.count++ === 0) this.body.replaceChildren();
    const tr = el('tr', undefined, { 'data-status': m.status });
    for (const v of [
      time(m.ts),
      m.symbol,
      m.clientOrderId,
      m.side,
      m.orderType,
      m.status,
      price(m.price),
      num(m.quantity, 4),
      num(m.filledQuantity, 4),
      price(m.avgPrice),
    ]) {
      tr.append(el('td', v));
    }
    this.body.prepend(tr);
    while (this.body.children.length > MAX_ORDERS) this.body.lastElementChild.remove();
  }
}
