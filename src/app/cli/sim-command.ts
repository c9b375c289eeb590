/**
 * `tapeline sim`: the simulated venue alone (docs/contract.md, simulated venue control API). Validates its options, starts it, prints exactly one
 * JSON line `{"event":"ready","rest","ws","apiKey"}` on stdout (never the secret: scripts and logs read that
 * line), and closes on SIGINT / SIGTERM with exit 0.
 */
import type { Command } from 'commander';
import {
  envValue,
  parseHost,
  parseIntegerField,
  parsePort,
  parsePositiveNumber,
  parseSymbols,
} from '../../schema/config/field-parsers.js';
import { errorMessage } from '../../schema/errors.js';
import type { startSimVenue } from '../../venues/sim/index.js';
import {
  codedMessage,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  isModuleMissing,
  oneLine,
  usageError,
  writeStdout,
} from './cli-errors.js';
import { checkReadableFile } from './file-checks.js';
import { ENV_HELP } from './help-text.js';

interface SimOptions {
  host?: string;
  port?: string;
  seed?: string;
  symbols?: string;
  tape?: string[];
  speed?: string;
  apiKey?: string;
  apiSecret?: string;
}

type SimVenueOptions = NonNullable<Parameters<typeof startSimVenue>[0]>;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run the simulated Binance USD-M futures venue alone (REST and WS on one loopback port)')
    .option('--host <addr>', 'listen address (default: 127.0.0.1)')
    .option('--port <n>', 'listen port, 0 picks a free one (default: 0)')
    .option('--seed <n>', 'seed of the synthetic market: same seed, same byte stream (default: 1)')
    .option('--symbols <list>', 'comma-separated symbols (default: BTCUSDT,ETHUSDT,SOLUSDT)')
    .option(
      '--tape <file>',
      'replay this recorded tape instead of the synthetic market and paper-trade LIMIT orders against its book (docs/fill-model.md); repeatable',
      collect,
    )
    .option('--speed <x>', 'replay speed multiplier, > 0 (default: 1)')
    .option('--api-key <key>', 'API key the venue accepts (default: $BINANCE_API_KEY, else generated)')
    .option('--api-secret <secret>', 'its secret; give both or neither (default: $BINANCE_API_SECRET, else generated)')
    .addHelpText(
      'after',
      `
When ready it prints one line: {"event":"ready","rest":"http://127.0.0.1:PORT","ws":"ws://127.0.0.1:PORT","apiKey":"..."}
${ENV_HELP.sim}`,
    )
    .action(async (opts: SimOptions) => {
      await runSim(simOptions(opts, process.env));
    });
}

/** Validates every option before anything starts, so a typo never leaves a half-started venue. */
export function simOptions(opts: SimOptions, env: NodeJS.ProcessEnv): SimVenueOptions {
  const out: SimVenueOptions = { host: '127.0.0.1', port: 0 };
  if (opts.host !== undefined) out.host = parseHost('--host', opts.host);
  if (opts.port !== undefined) out.port = parsePort('--port', opts.port);
  if (opts.seed !== undefined) out.seed = parseIntegerField('--seed', opts.seed, 0, 0xffff_ffff);
  if (opts.symbols !== undefined) out.symbols = parseSymbols('--symbols', opts.symbols);
  if (opts.tape !== undefined) {
    for (const file of opts.tape) checkReadableFile('--tape', file);
    out.tape = opts.tape;
  }
  if (opts.speed !== undefined) out.speed = parsePositiveNumber('--speed', opts.speed, 10_000);
  if ((opts.apiKey === undefined) !== (opts.apiSecret === undefined)) {
    throw usageError('--api-key and --api-secret go together: give both or neither');
  }
  const apiKey = opts.apiKey ?? envValue(env, 'BINANCE_API_KEY');
  const apiSecret = opts.apiSecret ?? envValue(env, 'BINANCE_API_SECRET');
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    throw usageError('BINANCE_API_KEY and BINANCE_API_SECRET go together: set both or neither');
  }
  if (apiKey !== undefined) out.apiKey = apiKey;
  if (apiSecret !== undefined) out.apiSecret = apiSecret;
  return out;
}

async function runSim(options: SimVenueOptions): Promise<void> {
  // Signals are handled from before the start: one that lands during start-up closes the venue once it is up.
  let venue: Awaited<ReturnType<typeof startSimVenue>> | undefined;
  let stopSignal: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    venue?.close().then(
      () => process.exit(EXIT_OK),
      (err: unknown) => {
        process.stderr.write(`tapeline: sim did not close cleanly after ${signal}: ${errorMessage(err)}\n`);
        process.exit(EXIT_FAILURE);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopSignal !== undefined) process.exit(EXIT_INTERRUPTED);
    stopSignal = signal;
    stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const { startSimVenue: start } = await import('../../venues/sim/index.js');
    venue = await start(options);
  } catch (err) {
    const message = isModuleMissing(err)
      ? `the simulated venue is not built (${errorMessage(err)}); run \`npm run build\` first`
      : `sim could not start: ${codedMessage(err)}`;
    process.stderr.write(`tapeline: ${oneLine(message)}\n`);
    process.exit(EXIT_FAILURE);
  }
  if (stopSignal !== undefined) return stop(stopSignal);
  // Exactly these four keys; the secret stays out of stdout (docs/contract.md, safety invariant 5).
  await writeStdout(`${JSON.stringify({ event: 'ready', rest: venue.rest, ws: venue.ws, apiKey: venue.apiKey })}\n`);
}
