/**
 * How the CLI reports failure: exactly one line `tapeline: <code>: <message>` on stderr (the code left out
 * only where none applies, e.g. a signal notice) and an exit code a script can branch on — 2 for anything the user typed or set wrong (usage, config, env), 1 for a runtime failure.
 * Stacks are shown only with TAPELINE_DEBUG=1, so an operator never has to read one to learn what to fix.
 */
import { type ErrorCode, errorCode, errorMessage, isErrorCode, TapelineError } from '../../schema/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT: what shells report for a run cut short by a second Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Codes that mean "what you asked for is wrong or unavailable", as opposed to "it broke while running". */
const USAGE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'TL_CONFIG_INVALID',
  'TL_CLI_USAGE',
  'TL_NATS_BAD_CREDENTIAL',
]);

export function usageError(message: string): TapelineError {
  return new TapelineError('TL_CLI_USAGE', message);
}

export function exitCodeFor(err: unknown): number {
  return USAGE_CODES.has(errorCode(err, '')) ? EXIT_USAGE : EXIT_FAILURE;
}

/** Collapses any message to a single line; multi-line text would break the one-line contract. */
export function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** `<code>: <message>` for anything carrying a Tapeline code (also across threads), else the bare message. */
export function codedMessage(err: unknown): string {
  const code = errorCode(err, '');
  const message = oneLine(errorMessage(err));
  return isErrorCode(code) ? `${code}: ${message}` : message;
}

export function reportError(err: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const message = err instanceof TapelineError ? codedMessage(err) : `internal error: ${errorMessage(err)}`;
  process.stderr.write(`tapeline: ${oneLine(message)}\n`);
  if (env.TAPELINE_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

/** Writes to stdout and resolves once it is flushed, so an exit right after cannot truncate a pipe. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolveWrite, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolveWrite()));
  });
}

/** Is this the "module not built yet" case of a dynamic import (a sibling issue still in progress)? */
export function isModuleMissing(err: unknown): boolean {
  return errorCode(err, '') === 'ERR_MODULE_NOT_FOUND';
}
