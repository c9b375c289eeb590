/**
 * `tapeline run`: resolve the configuration, start the supervisor, print where to reach it, and turn SIGINT /
 * SIGTERM into a graceful shutdown (exit 0; a second signal exits 130 at once). Config errors exit 2 before
 * anything starts; a failed start exits 1 with one line.
 */
import type { Command } from 'commander';
import type { TapelineConfig } from '../../schema/config/config-schema.js';
import type { Supervisor } from '../supervisor.js';
import type { TapeVenue } from '../venue-endpoints.js';
import { checkReadableFile } from './file-checks.js';
import {
  codedMessage,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  isModuleMissing,
  reportError,
  usageError,
  writeStdout,
} from './cli-errors.js';
import { ENV_HELP } from './help-text.js';

interface RunOptions {
  config?: string;
  venue?: string;
  symbols?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  adminSocket?: string;
  record?: boolean;
  nats?: string;
  node?: string;
  roles?: string;
  cluster?: string;
  venueUrl?: string;
  recordStream?: string;
  restIp?: string;
  natsUser?: string;
  natsNkey?: string;
  tape?: string[];
  speed?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('start the supervisor: venue connection, one actor per symbol, dashboard, admin socket')
    .option('--venue <kind>', 'sim | binance | binance-testnet (default: sim, an embedded simulated venue)')
    .option('--symbols <list>', 'comma-separated symbols (default: BTCUSDT,ETHUSDT,SOLUSDT)')
    .option('--host <addr>', 'dashboard / WS listen address (default: 127.0.0.1)')
    .option('--port <n>', 'dashboard / WS port, 0 picks a free one (default: 8080, env TAPELINE_PORT)')
    .option('--data-dir <dir>', 'logs, tapes and the admin socket live here (default: ./var, env TAPELINE_DATA_DIR)')
    .option('--admin-socket <path>', 'admin socket path, at most 107 bytes (default: <data-dir>/admin.sock)')
    .option('--record', 'write every raw venue frame to <data-dir>/tapes/ (default: off)')
    .option('--nats <urls>', 'join a cluster: NATS server URL(s), comma-separated (default: none, one process)')
    .option('--node <name>', "this node's id in the cluster, letters/digits/_/- (required with --nats)")
    .option('--roles <list>', 'ingest,symbols,risk,execution,gateway: what this node runs (default: all)')
    .option('--cluster <name>', 'cluster name, so clusters can share one NATS (default: default)')
    .option('--venue-url <url>', 'use an already running venue, e.g. a `tapeline sim` at http://HOST:PORT')
    .option('--record-stream <id>', 'with --nats: record the tape to JetStream stream TAPE_<id> (default: none)')
    .option(
      '--rest-ip <name>',
      'with --nats: nodes with the same value share one REST weight budget and 429/418 backoffs (default: host name)',
    )
    .option('--nats-user <name>', 'with --nats: NATS user of this node, password in TAPELINE_NATS_PASSWORD')
    .option('--nats-nkey <file>', "with --nats: file holding this node's NATS user nkey seed (SU...)")
    .option('--config <file>', 'JSON config file, validated; paths in it are relative to the file (default: none)')
    .option(
      '--tape <file>',
      "paper-trade a recorded day: the embedded sim replays this tape (repeatable) and fills orders against it; symbols default to the tape's",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--speed <x>', 'replay speed of --tape (default: 1)')
    .addHelpText(
      'after',
      `
Precedence: defaults < --config file < environment < command-line options.

${ENV_HELP.run}`,
    )
    .action(async (opts: RunOptions) => {
      // Loaded here, not at the top: TypeBox is most of the CLI's start-up and only `run` needs it.
      const { resolveConfig } = await import('../config/load-config.js');
      const config = resolveConfig({ flags: opts, env: process.env, cwd: process.cwd() });
      const tape = opts.tape === undefined && opts.speed === undefined ? undefined : await tapeVenue(opts, config);
      await runSupervisor(config, tape);
    });
}

/** Checks `--tape`/`--speed` and, without `--symbols`, takes the symbols from the tape (docs/fill-model.md). */
async function tapeVenue(opts: RunOptions, config: TapelineConfig): Promise<TapeVenue> {
  if (opts.tape === undefined) throw usageError('--speed needs --tape FILE');
  if (config.venue !== 'sim')
    throw usageError(`--tape runs the embedded simulated venue; it cannot be used with --venue ${config.venue}`);
  const speed = opts.speed === undefined ? 1 : Number(opts.speed);
  if (!(speed > 0) || !Number.isFinite(speed))
    throw usageError(`--speed must be a positive number (got "${opts.speed}")`);
  for (const file of opts.tape) checkReadableFile('tape', file);
  // Read even when --symbols is given: a file that is not a tape is refused here, not after the start.
  const { tapeSymbols } = await import('../../venues/sim/server/tape-symbols.js');
  const carried = await tapeSymbols(opts.tape);
  if (opts.symbols === undefined) config.symbols = carried;
  return { files: opts.tape, speed };
}

async function runSupervisor(config: TapelineConfig, tape?: TapeVenue): Promise<void> {
  // Signals are handled from before the start, so a Ctrl-C during start-up still shuts down cleanly.
  let supervisor: Supervisor | undefined;
  let stopRequested: string | undefined;
  const stop = (reason: string): void => {
    if (!supervisor) return;
    supervisor.shutdown(reason).then(
      () => process.exit(EXIT_OK),
      (err: unknown) => {
        reportError(err);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopRequested !== undefined) {
      process.stderr.write(`tapeline: ${signal} again, exiting without waiting for shutdown\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    stopRequested = signal;
    process.stderr.write(`tapeline: ${signal} received, shutting down (send it again to exit at once)\n`);
    stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // Loaded lazily: `admin`, `sim` and `--help` must not pay for (or depend on) the whole runtime.
    const { startSupervisor } = await import('../supervisor.js');
    if (tape) {
      const { startVenue } = await import('../venue-endpoints.js');
      supervisor = await startSupervisor(config, { venue: await startVenue(config, 1, tape) });
    } else supervisor = await startSupervisor(config);
  } catch (err) {
    const message = isModuleMissing(err)
      ? 'the supervisor is not built; run `npm run build` first'
      : `could not start: ${codedMessage(err)}`;
    process.stderr.write(`tapeline: ${message}\n`);
    process.exit(EXIT_FAILURE);
  }
  if (stopRequested !== undefined) return stop(stopRequested);

  const running = supervisor;
  running.closed.then(
    () => {
      // Closed without a signal: the supervisor stopped itself (escalation); its exit code says how.
      if (stopRequested === undefined) {
        if (running.exitCode !== 0) {
          process.stderr.write(`tapeline: supervisor stopped (escalation); see ${config.dataDir}/logs\n`);
        }
        process.exit(running.exitCode);
      }
    },
    (err: unknown) => {
      reportError(err);
      process.exit(EXIT_FAILURE);
    },
  );

  const { urls } = running;
  await writeStdout(
    [
      config.cluster
        ? `tapeline node ${config.cluster.node} (roles ${config.cluster.roles.join(',')}) of cluster ${config.cluster.name} on ${config.cluster.nats.join(',')}, ${config.venue} venue, symbols ${config.cluster.symbols.join(',')} shared by ownership — Ctrl-C to stop`
        : `tapeline ${config.venue} venue, symbols ${config.symbols.join(',')} — Ctrl-C to stop`,
      `dashboard     ${urls.dashboard}`,
      `ws            ${urls.ws}`,
      `admin socket  ${urls.adminSocket}`,
      `venue         ${urls.venueRest} ${urls.venueWs}`,
      `execution     ${config.executionEnabled ? 'ENABLED (kill switch engaged until `tapeline admin arm`)' : 'disabled (EXECUTION_ENABLED=false)'}`,
      '',
    ].join('\n'),
  );
}
