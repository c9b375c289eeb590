// Dashboard entry: one WS connection to /ws. It subscribes every symbol's metrics, signals, orders and risk
// (for the picker and side panels) and the prints (`trades`) of the selected symbol only, so hundreds of
// symbols do not flood the page. Selecting a symbol (picker, or #SYMBOL in the address) asks the gateway for
// its history (`history` op), then live messages extend it. Charts redraw at most ~4 times a second.
import { connect } from './connection.js';
import { applyVerdict, Blotter, RiskPanel, SignalList } from './side-panels.js';
import { SymbolPanel } from './symbol-panel.js';
import { SymbolPicker } from './symbol-picker.js';
import { TradeTape } from './trade-tape.js';

const REDRAW_MS = 250;
const CHANNELS = ['metrics', 'signals', 'orders', 'risk'];
const connectionBadge = document.getElementById('connection');
const risk = new RiskPanel(document.getElementById('risk'));
const signals = new SignalList(document.getElementById('signals'));
const blotter = new Blotter(document.getElementById('blotter'));
const view = new SymbolPanel(document.getElementById('symbol-view'));
const tape = new TradeTape(document.getElementById('tape-slot'));
const picker = new SymbolPicker(document.getElementById('picker'), select);
let selected;
let conn;

function select(symbol) {
  if (!symbol || symbol === selected) return;
  const previous = selected;
  selected = symbol;
  if (location.hash !== `#${symbol}`) history.replaceState(null, '', `#${symbol}`);
  picker.select(symbol);
  view.show(symbol);
  const latest = picker.latest(symbol);
  if (latest) {
    view.showNumbers(latest.message, latest.receivedAt);
    view.profile.onMetrics(latest.message);
  }
  tape.clear();
  if (previous) conn.send({ op: 'unsubscribe', symbols: [previous], channels: ['trades'] });
  conn.send({ op: 'subscribe', symbols: [symbol], channels: ['trades'] });
  conn.send({ op: 'history', symbol });
}

function onHello(m) {
  document.getElementById('schema').textContent = `schema ${m.schemaVersion}`;
  for (const s of m.symbols) picker.ensure(s);
  conn.send({ op: 'subscribe', symbols: ['*'], channels: CHANNELS });
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = m.symbols.includes(wanted) ? wanted : (selected ?? m.symbols[0]);
  // A reconnect: the same symbol again, from a fresh history.
  selected = undefined;
  select(first);
}

function onMessage(m) {
  const mine = m.symbol !== undefined && m.symbol === selected;
  switch (m.type) {
    case 'hello':
      onHello(m);
      break;
    case 'metrics':
      picker.onMetrics(m);
      if (mine) {
        view.onMetrics(m);
        tape.setLargeNotional(m.cvdBySize?.thresholdNotional);
      }
      break;
    case 'trades':
      if (mine) {
        tape.addPrints(m);
        view.onTrades(m);
      }
      break;
    case 'history':
      if (mine) {
        view.loadHistory(m);
        tape.addPrints(m.trades);
        for (const l of m.liquidations) tape.addLiquidation(l);
      }
      break;
    case 'liquidation':
      if (mine) {
        view.onLiquidation(m);
        tape.addLiquidation(m);
      }
      break;
    case 'signal-verdict':
      applyVerdict(signals, m);
      if (mine) view.price.onVerdict(m);
      break;
    case 'signal':
      signals.onSignal(m);
      if (mine) {
        view.showSignal(m);
        view.price.onSignal(m);
      }
      break;
    case 'order':
      blotter.onOrder(m);
      if (mine) view.price.onOrder(m);
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
conn = connect(wsUrl, { onMessage, onState });

window.addEventListener('hashchange', () => select(decodeURIComponent(location.hash.slice(1))));

setInterval(() => {
  view.redraw();
  tape.redraw();
  picker.redraw();
}, REDRAW_MS);

setInterval(() => {
  const now = Date.now();
  document.getElementById('clock').textContent = new Date(now).toISOString().slice(11, 19);
  view.tick(now);
  picker.tick(now);
}, 1_000);

new ResizeObserver(() => view.resize()).observe(document.getElementById('symbol-view'));
