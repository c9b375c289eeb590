/**
 * `tapeline admin <command>`: builds one admin-socket request (docs/contract.md, admin socket protocol), sends it, prints the JSON reply on
 * stdout and exits 0 on `ok:true`, 1 on `ok:false`. Arguments are checked here first so a typo is a usage
 * error (exit 2) rather than a round trip to the supervisor.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkSocketPath, envValue, parseIntegerField, parseSymbols } from '../../schema/config/field-parsers.js';
import { SYMBOL_PATTERN } from '../../schema/config/symbol-pattern.js';
import { adminRequest } from '../admin/admin-client.js';
import { EXIT_FAILURE, EXIT_OK, usageError, writeStdout } from './cli-errors.js';
import { ENV_HELP } from './help-text.js';

interface AdminOptions {
  socket?: string;
  reason?: string;
  symbol?: string;
  timeout?: string;
  pretty?: boolean;
}

const SYMBOL_RE = new RegExp(SYMBOL_PATTERN);
const CORE_ACTORS = ['supervisor', 'ingest', 'risk', 'execution', 'gateway'];
const ADMIN_COMMANDS = 'status, kill, arm, actors, restart, symbols, config';

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--socket <path>', 'admin socket of the supervisor (default: <TAPELINE_DATA_DIR or ./var>/admin.sock)')
    .option('--timeout <ms>', 'how long to wait for the reply (default: 5000)')
    .option('--pretty', 'indent the JSON reply (default: one line)')
    .addHelpText('after', `\n${ENV_HELP.admin}`);
}

export function registerAdminCommand(program: Command): void {
  const admin = withCommonOptions(
    program
      .command('admin')
      .description('talk to a running supervisor over its admin socket; prints the JSON reply')
      .allowExcessArguments(true),
  ).action((_opts: unknown, cmd: Command) => {
    const command = cmd.args[0];
    throw usageError(
      command === undefined
        ? `admin needs a command: ${ADMIN_COMMANDS} (see tapeline admin --help)`
        : `unknown admin command '${command}'; known: ${ADMIN_COMMANDS} (see tapeline admin --help)`,
    );
  });

  const sub = (name: string, description: string) => withCommonOptions(admin.command(name).description(description));

  sub('status', 'kill switch, gates, venue and actors').action(send(() => ({ cmd: 'status' })));
  sub('actors', 'every actor: state, thread, restarts, mailbox depth').action(send(() => ({ cmd: 'actors' })));
  sub('kill', 'engage the kill switch: block new orders and cancel open ones (all symbols, or --symbol)')
    .option('--reason <text>', 'why, for the logs (default: "admin kill")')
    .option('--symbol <symbol>', 'kill one symbol only (default: all)')
    .action(send((o) => ({ cmd: 'kill', ...reasonAndSymbol(o) })));
  sub('arm', 'disengage the kill switch (refused unless the supervisor runs with EXECUTION_ENABLED=true)')
    .option('--reason <text>', 'why, for the logs (default: "admin arm")')
    .option('--symbol <symbol>', 'arm one symbol only (default: all)')
    .action(send((o) => ({ cmd: 'arm', ...reasonAndSymbol(o) })));
  sub('restart', 'restart one actor: symbol/BTCUSDT (or just BTCUSDT), ingest, risk, execution, gateway')
    .argument('<actor>', 'actor name')
    .action(send((_o, actor) => ({ cmd: 'restart', actor: actorName(actor!) })));
  sub('symbols', 'add or remove symbols live: symbols add XRPUSDT,DOGEUSDT | symbols remove SOLUSDT')
    .argument('<add|remove>', 'what to do')
    .argument('<list>', 'comma-separated symbols')
    .action(send((_o, op, list) => symbolsRequest(op!, list!)));
  sub('config', 'strategy and risk parameters: config get | config set K=V ...')
    .argument('<get|set>', 'what to do')
    .argument('[pairs...]', 'K=V pairs for set; V is parsed as JSON when it can be, else taken as text')
    .action(send((_o, op, pairs) => configRequest(op!, pairs as unknown as string[] | undefined)));
}

type RequestBuilder = (opts: AdminOptions, a?: string, b?: string) => Record<string, unknown>;

/** Wraps a request builder into a commander action: build, send, print, set the exit code. */
function send(build: RequestBuilder) {
  return async (...args: unknown[]): Promise<void> => {
    // commander passes the declared arguments, then the options object, then the command.
    const cmd = args[args.length - 1] as Command;
    // optsWithGlobals: `admin --socket X status` and `admin status --socket X` both work.
    const opts = cmd.optsWithGlobals<AdminOptions>();
    const positional = args.slice(0, -2) as string[];
    const request = build(opts, positional[0], positional[1]);
    const path = socketPath(opts);
    const timeoutMs = opts.timeout === undefined ? undefined : parseIntegerField('--timeout', opts.timeout, 1, 600_000);
    const reply = await adminRequest(path, request, { timeoutMs });
    await writeStdout(`${JSON.stringify(reply, null, opts.pretty ? 2 : undefined)}\n`);
    process.exitCode = reply.ok ? EXIT_OK : EXIT_FAILURE;
  };
}

function socketPath(opts: AdminOptions): string {
  if (opts.socket !== undefined) return checkSocketPath('--socket', resolve(opts.socket));
  const dataDir = envValue(process.env, 'TAPELINE_DATA_DIR') ?? './var';
  return checkSocketPath('TAPELINE_DATA_DIR', resolve(join(dataDir, 'admin.sock')));
}

function reasonAndSymbol(opts: AdminOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.reason !== undefined) {
    if (opts.reason.trim() === '' || opts.reason.length > 512 || /[\r\n]/.test(opts.reason)) {
      throw usageError('--reason must be one line of 1 to 512 characters');
    }
    out.reason = opts.reason;
  }
  if (opts.symbol !== undefined) out.symbol = parseSymbols('--symbol', opts.symbol).join(',');
  if (typeof out.symbol === 'string' && out.symbol.includes(',')) throw usageError('--symbol takes one symbol');
  return out;
}

/** `BTCUSDT` is accepted as shorthand for `symbol/BTCUSDT`; actor kinds are lowercase, symbols are not. */
function actorName(raw: string): string {
  if (CORE_ACTORS.includes(raw)) return raw;
  const symbol = raw.startsWith('symbol/') ? raw.slice('symbol/'.length) : raw;
  if (SYMBOL_RE.test(symbol.toUpperCase()) && symbol === symbol.toUpperCase()) return `symbol/${symbol}`;
  throw usageError(`unknown actor '${raw}': use symbol/BTCUSDT (or BTCUSDT), ${CORE_ACTORS.join(', ')}`);
}

function symbolsRequest(op: string, list: string): Record<string, unknown> {
  if (op !== 'add' && op !== 'remove') throw usageError(`symbols takes add or remove (got '${op}')`);
  return { cmd: 'symbols', [op]: parseSymbols('symbols LIST', list) };
}

function configRequest(op: string, pairs: string[] | undefined): Record<string, unknown> {
  if (op === 'get') {
    if (pairs && pairs.length > 0) throw usageError('config get takes no K=V pairs');
    return { cmd: 'config', get: true };
  }
  if (op !== 'set') throw usageError(`config takes get or set (got '${op}')`);
  if (!pairs || pairs.length === 0)
    throw usageError('config set needs at least one K=V pair, e.g. risk.maxOrderNotional=1000');
  const set: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(key)) {
      throw usageError(`config set: '${pair}' is not K=V with a dotted key like risk.maxNotional=1000`);
    }
    set[key] = parseValue(pair.slice(eq + 1));
  }
  return { cmd: 'config', set };
}

/** `1000` → 1000, `true` → true, `"x"` → "x", anything else stays text: operators should not need quotes. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: plain text is the documented fallback, not an error.
    return text;
  }
}
