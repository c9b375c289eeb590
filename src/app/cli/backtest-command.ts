/**
 * `tapeline backtest TAPE... [options]`: the live run's strategies, risk core and order core over recorded
 * tapes against the paper venue (src/app/backtest); writes orders/fills/signals/equity JSONL, summary.json and
 * report.html to --out. Bad input (unknown tape format, malformed lines, config or option errors, a symbol
 * without filters) is one coded line on stderr and exit 2.
 */

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { errorCode, errorMessage } from '../../schema/errors.js';
import { EXIT_USAGE, oneLine, usageError } from './cli-errors.js';
import { checkReadableFile } from './file-checks.js';
import { ENV_HELP } from './help-text.js';

interface BacktestFlags {
  config?: string;
  out?: string;
  latency: string;
  queue: string;
  fees: string;
  balance: string;
  workers?: string;
  riskScope: string;
  from?: string;
  to?: string;
  filters?: string;
  compareLive?: string;
}

/** Codes that mean the input is wrong (exit 2), as opposed to a failure while running (exit 1). */
const BAD_INPUT =
  /^TL_(CLI_USAGE|CONFIG_INVALID|RISK_PARAMS_INVALID|TAPE_UNKNOWN_FORMAT|TAPE_MALFORMED|TAPE_UNSUPPORTED_VERSION|BACKTEST_[A-Z_]+|SIM_TAPE_FAILED)$/;

/** ms since the epoch, or an ISO 8601 time (exchange time, UTC unless the string says otherwise). */
export function parseTime(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(n)) throw usageError(`${flag} must be epoch ms or an ISO 8601 time (got "${text}")`);
  return n;
}

export function parseFees(text: string): { maker: number; taker: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p) || p < -100 || p > 100)) {
    throw usageError(`--fees must be MAKER,TAKER in basis points, each from -100 to 100 (got "${text}")`);
  }
  return { maker: parts[0]!, taker: parts[1]! };
}

function defaultOut(): string {
  // The one wall-clock read of a backtest: the folder's name, never its content.
  return `backtest-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'run the strategies, risk and the order core over recorded tapes against the paper venue; writes a PnL report',
    )
    .argument(
      '[tape...]',
      'tape files: ours (.ndjson), hftbacktest "<ts> <json>" gzip lines, cryptofeed "<ts>: <json>"',
    )
    .option(
      '--config <file>',
      "the live run's JSON config: symbol, strategy and risk parameters (default: built-in defaults)",
    )
    .option('--out <dir>', 'output directory (default: ./backtest-<UTC time>)')
    .option(
      '--latency <ms|tape>',
      'order entry and response latency: a constant in ms, or "tape" (the feed latency of the tape)',
      '5',
    )
    .option(
      '--queue <model>',
      'queue position model: risk-averse (only trades at the price advance us) or probabilistic (plus a share of cancels)',
      'risk-averse',
    )
    .option('--fees <maker,taker>', "fees in basis points (the venue's standard tier: maker 2, taker 5)", '2,5')
    .option('--balance <usdt>', 'starting balance in USDT', '10000')
    .option(
      '--risk-scope <scope>',
      'account: one set of risk limits across all symbols, as live; symbol: each symbol its own (needed for --workers above 1)',
      'account',
    )
    .option(
      '--workers <n>',
      'with --risk-scope symbol: symbols run in parallel on this many piscina threads; output is the same for any n (default: 1 with account scope, else cores)',
    )
    .option('--from <time>', 'trade only from this exchange time (epoch ms or ISO 8601; default: tape start)')
    .option('--to <time>', 'stop at this exchange time (epoch ms or ISO 8601; default: tape end)')
    .option(
      '--filters <file>',
      "a saved GET /fapi/v1/exchangeInfo reply with the symbols' filters (default: built-in for BTC, ETH, SOL, BNB, XRP USDT)",
    )
    .option(
      '--compare-live <data-dir>',
      "backtest a `run --record` session's tapes and compare its live orders (logs/executions.jsonl) with the backtest's per decision; writes compare.jsonl and compare.json",
    )
    .addHelpText(
      'after',
      `\n${ENV_HELP.replay}\n\nExit status: 0 done, 2 bad input (tape format, config, options), 1 failure while running.`,
    )
    .action(async (tapes: string[], flags: BacktestFlags) => {
      try {
        await runCommand(tapes, flags);
      } catch (err) {
        const code = errorCode(err, '');
        if (!BAD_INPUT.test(code)) throw err;
        process.stderr.write(`tapeline: ${code}: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}

async function runCommand(given: string[], flags: BacktestFlags): Promise<void> {
  if (flags.compareLive !== undefined && given.length > 0)
    throw usageError('--compare-live takes the tapes of its session: give no TAPE arguments with it');
  if (flags.compareLive === undefined && given.length === 0)
    throw usageError('missing TAPE: give one or more tape files, or --compare-live DATA_DIR');
  const { recordedSession } = await import('../../app/backtest/compare-live.js');
  const session = flags.compareLive === undefined ? undefined : recordedSession(flags.compareLive);
  const tapes = session?.tapes ?? given;
  for (const tape of tapes) checkReadableFile('tape', tape);
  const latency =
    flags.latency === 'tape' ? ({ kind: 'tape' } as const) : ({ kind: 'constant', ms: Number(flags.latency) } as const);
  if (latency.kind === 'constant' && !(Number.isFinite(latency.ms) && latency.ms >= 0 && latency.ms <= 60_000)) {
    throw usageError(`--latency must be "tape" or a number of ms from 0 to 60000 (got "${flags.latency}")`);
  }
  if (flags.queue !== 'risk-averse' && flags.queue !== 'probabilistic')
    throw usageError(`--queue must be risk-averse or probabilistic (got "${flags.queue}")`);
  const fees = parseFees(flags.fees);
  const balance = Number(flags.balance);
  if (!(balance > 0 && Number.isFinite(balance)))
    throw usageError(`--balance must be a positive number of USDT (got "${flags.balance}")`);
  if (flags.riskScope !== 'account' && flags.riskScope !== 'symbol')
    throw usageError(`--risk-scope must be account or symbol (got "${flags.riskScope}")`);
  const riskScope = flags.riskScope;
  const workers =
    flags.workers === undefined ? (riskScope === 'account' ? 1 : availableParallelism()) : Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw usageError(`--workers must be an integer from 1 to 64 (got "${flags.workers}")`);
  if (workers > 1 && riskScope === 'account')
    throw usageError(
      `--workers ${workers} spreads symbols over threads, which needs --risk-scope symbol (account-wide risk runs in one thread)`,
    );
  const from = parseTime('--from', flags.from, 0);
  const to = parseTime('--to', flags.to, Number.MAX_SAFE_INTEGER);
  if (from > to) throw usageError(`--from (${from}) is after --to (${to})`);
  const { resolveConfig } = await import('../config/load-config.js');
  const { paramsFromConfig, strategyParamsFromConfig } = await import('../../actors/symbol/symbol-actor.js');
  const { parseRiskParams } = await import('../../actors/risk/risk-params.js');
  const { loadFiltersFile } = await import('../../app/backtest/venue-filters.js');
  const config = resolveConfig({ flags: { config: flags.config }, env: {}, cwd: process.cwd() });
  const settings = {
    tapes,
    symbolParams: paramsFromConfig(config),
    strategyParams: strategyParamsFromConfig(config),
    riskParams: parseRiskParams(config.risk, 'config'),
    latency,
    queue: flags.queue,
    makerFeeBps: fees.maker,
    takerFeeBps: fees.taker,
    balance,
    riskScope,
    from,
    to,
  } as const;
  const filters = flags.filters ? Object.fromEntries(loadFiltersFile(flags.filters)) : {};
  const out = resolve(flags.out ?? defaultOut());
  const { runAndWrite } = await import('../../app/backtest/backtest-main.js');
  const progress = process.stderr.isTTY
    ? (frames: number) => process.stderr.write(`\rbacktest: ${frames} frames read`)
    : undefined;
  const r = await runAndWrite({ ...settings, tapes: [...tapes] }, filters, workers, out, progress);
  if (progress) process.stderr.write('\n');
  process.stderr.write(`${r.line}\n`);
  if (session) {
    const { compareLive } = await import('../../app/backtest/compare-live.js');
    const c = compareLive(session.journal, r.records);
    writeFileSync(join(out, 'compare.jsonl'), c.rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    writeFileSync(join(out, 'compare.json'), `${JSON.stringify(c.totals, null, 2)}\n`);
    const t = c.totals;
    process.stderr.write(
      `compare-live: ${t.decisions} decisions, ${t.both} in both (${t.samePrice} at the same price), ${t.liveOnly} live only, ${t.backtestOnly} backtest only; fills ${t.liveFills} live / ${t.backtestFills} backtest (${t.bothFilled} decisions filled in both, ${t.missedFills} missed, ${t.extraFills} extra) → ${join(out, 'compare.jsonl')}\n`,
    );
  }
}
