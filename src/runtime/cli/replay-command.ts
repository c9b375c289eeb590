/**
 * `tapeline replay TAPE... [--out FILE] [--metrics FILE] [--config FILE]`: replays recorded tapes through the
 * same ingest pipeline and symbol engines as a live run and prints one `SYMBOL seq stateHash` line per
 * snapshot. Pass the live run's `--config` so the symbol parameters (and so the hashes) are the same.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError, writeStdout } from './cli-errors.js';
import { checkReadableFile, checkWritableTarget } from './file-checks.js';
import { ENV_HELP } from './help-text.js';

interface ReplayOptions {
  out?: string;
  metrics?: string;
  config?: string;
}

function closeStream(s: WriteStream | undefined): Promise<void> {
  return new Promise((done, fail) => (s ? s.end((err?: Error | null) => (err ? fail(err) : done())) : done()));
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay recorded tapes through the symbol actors; prints one "SYMBOL seq stateHash" line per snapshot')
    .argument('<tape...>', 'tape files: ours (.ndjson), hftbacktest "<ts> <json>" gzip lines, cryptofeed "<ts>: <json>"')
    .option('--out <file>', 'write the "SYMBOL seq stateHash" lines here instead of stdout (default: stdout)')
    .option('--metrics <file>', 'also write every metrics message as JSONL here (default: not written)')
    .option('--config <file>', 'the JSON config of the live run, for its symbol parameters (default: built-in defaults)')
    .addHelpText('after', `\n${ENV_HELP.replay}`)
    .action(async (tapes: string[], opts: ReplayOptions) => {
      for (const tape of tapes) checkReadableFile('tape', tape);
      if (opts.out !== undefined) checkWritableTarget('--out', opts.out);
      if (opts.metrics !== undefined) checkWritableTarget('--metrics', opts.metrics);
      if (opts.out !== undefined && opts.metrics !== undefined && resolve(opts.out) === resolve(opts.metrics)) {
        throw usageError('--out and --metrics must be different files');
      }
      const { resolveConfig } = await import('../config/load-config.js');
      const { paramsFromConfig } = await import('../../actors/symbol/symbol-actor.js');
      const { replayTapes, snapshotLine } = await import('../replay/replay-tapes.js');
      const config = resolveConfig({ flags: { config: opts.config }, env: {}, cwd: process.cwd() });
      const out = opts.out ? createWriteStream(opts.out) : undefined;
      const metrics = opts.metrics ? createWriteStream(opts.metrics) : undefined;
      let pending = '';
      const summary = await replayTapes({
        tapes,
        params: paramsFromConfig(config),
        onSnapshot(m) {
          const line = `${snapshotLine(m)}\n`;
          if (out) out.write(line);
          else pending += line;
          metrics?.write(`${JSON.stringify(m)}\n`);
        },
      });
      if (pending) await writeStdout(pending);
      await closeStream(out);
      await closeStream(metrics);
      process.stderr.write(
        `replayed ${summary.frames} frames of ${tapes.length} tape(s): ${summary.snapshots} snapshots of ${summary.symbols.join(',') || 'no symbol'}\n`,
      );
    });
}
