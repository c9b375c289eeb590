// Dashboard entry: one WS connection to /ws (the default subscription: every symbol, every channel), messages
// dispatched by `type` to the panels, charts redrawn at most ~4 times a second, staleness checked every second.
import { connect } from './connection.js';
import { applyVerdict, Blotter, RiskPanel, SignalList } from './side-panels.js';
import { SymbolPanel } from './symbol-panel.js';

const REDRAW_MS = 250;
const symbolsRoot = document.getElementById('symbols');
const connectionBadge = document.getElementById('connection');
const panels = new Map();
const risk = new RiskPanel(document.getElementById('risk'));
const signals = new SignalList(document.getElementById('signals'));
const blotter = new Blotter(document.getElementById('blotter'));

function panel(symbol) {
  let p = panels.get(symbol);
  if (!p) {
    p = new SymbolPanel(symbolsRoot, symbol);
    panels.set(symbol, p);
  }
  return p;
}

function onMessage(m) {
  switch (m.type) {
    case 'hello':
      document.getElementById('schema').textContent = `schema ${m.schemaVersion}`;
      for (const s of m.symbols) panel(s);
      break;
    case 'metrics':
      panel(m.symbol).onMetrics(m);
      break;
    case 'liquidation':
      panel(m.symbol).onLiquidation(m);
      break;
    case 'signal-verdict':
      applyVerdict(signals, m);
      break;
    case 'signal':
      signals.onSignal(m);
      panel(m.symbol).showSignal(m);
      break;
    case 'order':
      blotter.onOrder(m);
      break;
    case 'risk':
      risk.onRisk(m);
      break;
    case 'kill-switch':
      risk.onKillSwitch(m);
      break;
    case 'error':
      console.warn(`tapeline: server error ${m.code}: ${m.message}`);
      break;
    default:
      break;
  }
}

function onState(state, delayMs) {
  connectionBadge.dataset.state = state;
  connectionBadge.textContent = state === 'reconnecting' ? `reconnecting in ${Math.round(delayMs / 100) / 10}s` : state;
}

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
connect(wsUrl, { onMessage, onState });

setInterval(() => {
  for (const p of panels.values()) p.redraw();
}, REDRAW_MS);

setInterval(() => {
  const now = Date.now();
  document.getElementById('clock').textContent = new Date(now).toISOString().slice(11, 19);
  for (const p of panels.values()) p.tick(now);
}, 1_000);

new ResizeObserver(() => {
  for (const p of panels.values()) p.resize();
}).observe(symbolsRoot);
