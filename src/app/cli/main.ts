/**
 * The `tapeline` binary (docs/contract.md, commands and options): one commander program with `run`, `admin`, `sim` and `replay`. Every error
 * leaves as exactly one `tapeline: <message>` line on stderr with exit 2 for usage/config/env mistakes and 1
 * for runtime failures; commander's own messages are caught and flattened to the same shape.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAdminCommand } from './admin-command.js';
import { registerBacktestCommand } from './backtest-command.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, oneLine, reportError, usageError } from './cli-errors.js';
import { registerReplayCommand } from './replay-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSimCommand } from './sim-command.js';

const COMMANDS = 'run, admin, sim, replay, backtest';

function packageVersion(): string {
  // dist/src/app/cli/main.js → the repository root's package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

export function buildProgram(): Command {
  const program = new Command('tapeline');
  // Both set before any subcommand is added: commander copies them into each subcommand it creates.
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => process.stdout.write(text),
    // Commander's multi-line error text is replaced by our one-liner in `main`; help still goes to stdout.
    writeErr: () => {},
    outputError: () => {},
  });
  program
    .description('order-flow telemetry and guarded execution for Binance USD-M perpetual futures')
    .version(packageVersion(), '-V, --version', 'print the version')
    // No declared argument (it would print twice in the usage line); the action sees what did not match.
    .allowExcessArguments(true)
    .action((_opts: unknown, cmd: Command) => {
      const command = cmd.args[0];
      throw usageError(
        command === undefined
          ? `missing command: ${COMMANDS} (see tapeline --help)`
          : `unknown command '${command}'; known: ${COMMANDS} (see tapeline --help)`,
      );
    })
    .addHelpText('after', '\nRun `tapeline <command> --help` for the options, defaults and environment of each.');
  registerRunCommand(program);
  registerAdminCommand(program);
  registerSimCommand(program);
  registerReplayCommand(program);
  registerBacktestCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
        process.exitCode = EXIT_OK;
        return;
      }
      // e.g. "error: unknown option '--prot'\n(Did you mean --port?)" → one line without the "error:" prefix.
      process.stderr.write(`tapeline: ${oneLine(err.message.replace(/^error:\s*/, ''))}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    reportError(err);
    process.exitCode = exitCodeFor(err);
  }
}

await main(process.argv);
