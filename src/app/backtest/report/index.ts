/** The backtest's records, summary and report.html (definitions in docs/fill-model.md). */
export type * from './records.js';
export { MAX_POINTS, type ReportInput } from './report-data.js';
export { MAX_FILL_ROWS, renderReportHtml } from './report-html.js';
export { drawdown, SHARPE_SAMPLING, SHARPE_STEP_MS, type SummaryInput, sharpe, summarize } from './summary.js';
