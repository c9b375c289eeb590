/**
 * report.html: one self-contained file that opens offline — uPlot's script and style are read from
 * node_modules and inlined, the data rides in a JSON script block, the tables are plain HTML rendered here.
 * Price with fills and signals per symbol, equity and drawdown, then the summary's tables.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FillRecord, PnlBreakdown } from './records.js';
import { equityColumns, priceColumns, type ReportInput, symbolsOf } from './report-data.js';

/** Fill rows shown in the table (all fills are in fills.jsonl). */
export const MAX_FILL_ROWS = 500;

let uplotCache: { js: string; css: string } | undefined;

function uplotAssets(): { js: string; css: string } {
  if (uplotCache === undefined) {
    const dir = dirname(createRequire(import.meta.url).resolve('uplot'));
    uplotCache = {
      js: readFileSync(join(dir, 'uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(join(dir, 'uPlot.min.css'), 'utf8'),
    };
  }
  return uplotCache;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

/** JSON safe inside a <script> element (no `</script>`, no HTML comment openers). */
function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function cell(v: unknown): string {
  if (typeof v === 'number')
    return `<td class="n">${escapeHtml(Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10))))}</td>`;
  return `<td>${escapeHtml(String(v))}</td>`;
}

function table(id: string, head: string[], rows: unknown[][]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body =
    rows.length === 0
      ? `<tr><td colspan="${head.length}">none</td></tr>`
      : rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const BREAKDOWN_HEAD = [
  '',
  'gross',
  'fees',
  'funding',
  'net',
  'trades',
  'win rate',
  'avg win',
  'avg loss',
  'fills',
  'maker',
  'taker',
  'volume',
  'exposure',
];
function breakdownRow(name: string, b: PnlBreakdown): unknown[] {
  return [
    name,
    b.grossPnl,
    b.fees,
    b.funding,
    b.netPnl,
    b.trades,
    b.winRate,
    b.avgWin,
    b.avgLoss,
    b.fills,
    b.makerFills,
    b.takerFills,
    b.volume,
    b.exposure,
  ];
}

function fillRow(f: FillRecord): unknown[] {
  return [
    new Date(f.ts).toISOString(),
    f.symbol,
    f.strategy,
    f.side,
    f.price,
    f.qty,
    f.liquidity,
    f.fee,
    f.queueAhead,
    f.latencyMs,
    f.clientOrderId,
  ];
}

const PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var width = function () { return Math.max(600, Math.min(1400, document.body.clientWidth - 40)); };
  var dot = function (color) { return { stroke: color, fill: color, width: 0, paths: function () { return null; }, points: { show: true, size: 8, stroke: color, fill: color } }; };
  data.symbols.forEach(function (s) {
    var el = document.getElementById('price-' + s.symbol);
    new uPlot({ title: s.symbol + ' mid, fills and signals', width: width(), height: 320, scales: { x: { time: true } }, axes: [{}, { size: 80 }],
      series: [{}, { label: 'mid', stroke: '#555', spanGaps: true, width: 1 }, Object.assign({ label: 'buy fill' }, dot('#1a7f37')),
        Object.assign({ label: 'sell fill' }, dot('#cf222e')), Object.assign({ label: 'signal (accepted)' }, dot('#0969da')),
        Object.assign({ label: 'signal (refused)' }, dot('#bf8700'))] }, s.columns, el);
  });
  if (data.equity[0].length > 0) {
    new uPlot({ title: 'equity and drawdown (USDT)', width: width(), height: 300, scales: { x: { time: true } },
      axes: [{}, { label: 'equity', size: 80 }, { side: 1, scale: 'dd', label: 'drawdown', size: 70, grid: { show: false } }],
      series: [{}, { label: 'equity', stroke: '#0969da', width: 1.5 }, { label: 'drawdown', scale: 'dd', stroke: '#cf222e', fill: 'rgba(207,34,46,0.12)' }] },
      data.equity, document.getElementById('equity'));
  }
  document.body.setAttribute('data-ready', '1');
})();
`;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#1f2328}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f6f8fa}.note{color:#57606a}`;

export function renderReportHtml(input: ReportInput): string {
  const s = input.summary;
  const symbols = symbolsOf(input).map((symbol) => ({ symbol, columns: priceColumns(symbol, input) }));
  const data = { symbols, equity: equityColumns(input.equity) };
  const { js, css } = uplotAssets();
  const t = s.total;
  const totals = table(
    'totals',
    [
      'grossPnl',
      'fees',
      'funding',
      'netPnl',
      'trades',
      'winRate',
      'avgWin',
      'avgLoss',
      'maxDrawdown',
      'maxDrawdown %',
      'sharpe',
      'exposure',
    ],
    [
      [
        t.grossPnl,
        t.fees,
        t.funding,
        t.netPnl,
        t.trades,
        t.winRate,
        t.avgWin,
        t.avgLoss,
        t.maxDrawdown,
        t.maxDrawdownPct * 100,
        t.sharpe,
        t.exposure,
      ],
    ],
  );
  const strategies = table(
    'per-strategy',
    BREAKDOWN_HEAD,
    Object.entries(s.perStrategy).map(([k, b]) => breakdownRow(k, b)),
  );
  const perSymbol = table(
    'per-symbol',
    BREAKDOWN_HEAD,
    Object.entries(s.perSymbol).map(([k, b]) => breakdownRow(k, b)),
  );
  const refusals = table('refusals', ['risk code', 'signals refused'], Object.entries(s.signals.refusedByCode));
  const open = table(
    'open-positions',
    ['symbol', 'strategy', 'qty', 'entry', 'mark', 'unrealized'],
    s.openPositions.map((p) => [p.symbol, p.strategy, p.qty, p.entryPrice, p.markPrice, p.unrealized]),
  );
  const excluded = table('excluded', ['symbol', 'excluded ms (book out of sync)'], Object.entries(s.excludedMs));
  const warnings = table('warnings', ['code', 'count'], Object.entries(s.warnings));
  const fills = table(
    'fills',
    [
      'time',
      'symbol',
      'strategy',
      'side',
      'price',
      'qty',
      'liquidity',
      'fee',
      'queue ahead',
      'latency ms',
      'clientOrderId',
    ],
    input.fills.slice(0, MAX_FILL_ROWS).map(fillRow),
  );
  const charts = symbols.map((x) => `<div id="price-${escapeHtml(x.symbol)}"></div>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tapeline backtest ${escapeHtml(new Date(s.from).toISOString())}</title>
<style>${css}</style><style>${STYLE}</style></head>
<body>
<h1>Tapeline backtest</h1>
<p class="note">${escapeHtml(new Date(s.from).toISOString())} → ${escapeHtml(new Date(s.to).toISOString())} · balance ${s.balance} USDT${input.caption ? ` · ${escapeHtml(input.caption)}` : ''}</p>
<h2>Summary</h2>${totals}
<p class="note">netPnl = grossPnl − fees + funding. ${escapeHtml(s.marking)}. Sharpe: ${escapeHtml(t.sharpeSampling)}.</p>
<p class="note">Signals: ${s.signals.total}, accepted ${s.signals.accepted}, refused by risk ${s.signals.refused}.</p>
<h2>Price, fills and signals</h2>${charts}
<h2>Equity and drawdown</h2><div id="equity"></div>
<h2>Per strategy</h2>${strategies}
<h2>Per symbol</h2>${perSymbol}
<h2>Open positions at the end</h2>${open}
<h2>Signals refused by risk</h2>${refusals}
<h2>Excluded time</h2>${excluded}
<h2>Warnings</h2>${warnings}
<h2>Fills${input.fills.length > MAX_FILL_ROWS ? ` (first ${MAX_FILL_ROWS} of ${input.fills.length}; all in fills.jsonl)` : ''}</h2>${fills}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${js.replace(/<\/script/gi, '<\\/script')}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
