// Number and time formatting for the dashboard; null/undefined render as an em dash (not known yet).
export function num(v, digits = 2) {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (typeof v !== 'number') return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return v.toFixed(Math.min(digits, 1));
  return v.toFixed(digits);
}

export function price(v) {
  if (typeof v !== 'number') return num(v);
  return v >= 1000 ? v.toFixed(1) : v >= 10 ? v.toFixed(3) : v.toFixed(4);
}

export function time(ms) {
  if (typeof ms !== 'number' || ms <= 0) return '—';
  return new Date(ms).toISOString().slice(11, 23);
}

export function ago(ms, now = Date.now()) {
  if (typeof ms !== 'number' || ms <= 0) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

/** Creates an element with text content (never innerHTML: every value comes from the network). */
export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}
