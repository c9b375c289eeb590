/**
 * `tapeline replay TAPE... [--out FILE] [--metrics FILE]`: validates its arguments now; the replay engine itself
 * arrives with the telemetry pipeline (issue 4), until then the command says so and exits 2 (TL_NOT_AVAILABLE).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { TapelineError } from '../errors.js';
import { usageError } from './cli-errors.js';
import { ENV_HELP } from './help-text.js';
import { checkReadableFile, checkWritableTarget } from './file-checks.js';

interface ReplayOptions {
  out?: string;
  metrics?: string;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay recorded tapes through the symbol actors; prints one "SYMBOL seq stateHash" line per snapshot')
    .argument('<tape...>', 'tape files: ours (.ndjson), hftbacktest "<ts> <json>" gzip lines, cryptofeed "<ts>: <json>"')
    .option('--out <file>', 'write the "SYMBOL seq stateHash" lines here instead of stdout (default: stdout)')
    .option('--metrics <file>', 'also write every metrics message as JSONL here (default: not written)')
    .addHelpText('after', `\n${ENV_HELP.replay}`)
    .action((tapes: string[], opts: ReplayOptions) => {
      for (const tape of tapes) checkReadableFile('tape', tape);
      if (opts.out !== undefined) checkWritableTarget('--out', opts.out);
      if (opts.metrics !== undefined) checkWritableTarget('--metrics', opts.metrics);
      if (opts.out !== undefined && opts.metrics !== undefined && resolve(opts.out) === resolve(opts.metrics)) {
        throw usageError('--out and --metrics must be different files');
      }
      throw new TapelineError(
        'TL_NOT_AVAILABLE',
        'replay needs the telemetry pipeline (issue 4), not built yet',
      );
    });
}
