/**
 * `tapeline replay TAPE... [--out FILE] [--metrics FILE] [--config FILE]`: replays recorded tapes through the
 * same ingest pipeline and symbol engines as a live run and prints one `SYMBOL seq stateHash` line per
 * snapshot. Pass the live run's `--config` so the symbol parameters (and so the hashes) are the same.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import { usageError, writeStdout } from './cli-errors.js';
import { checkReadableFile, checkWritableTarget } from './file-checks.js';
import { ENV_HELP } from './help-text.js';

interface ReplayOptions {
  nats?: string;
  stream?: string;
  natsUser?: string;
  natsNkey?: string;
  out?: string;
  metrics?: string;
  config?: string;
  workers?: string;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('replay recorded tapes through the symbol actors; prints one "SYMBOL seq stateHash" line per snapshot')
    .argument(
      '[tape...]',
      'tape files: ours (.ndjson), hftbacktest "<ts> <json>" gzip lines, cryptofeed "<ts>: <json>"',
    )
    .option('--nats <urls>', 'NATS server URLs (comma-separated), to replay a tape stream (default: none)')
    .option(
      '--stream <name>',
      'replay the JetStream tape stream NAME (recorded with --record-stream NAME); needs --nats',
    )
    .option('--nats-user <name>', 'with --nats: NATS user, password in TAPELINE_NATS_PASSWORD (default: none)')
    .option('--nats-nkey <file>', 'with --nats: file holding a NATS user nkey seed, SU... (default: none)')
    .option('--out <file>', 'write the "SYMBOL seq stateHash" lines here instead of stdout (default: stdout)')
    .option('--metrics <file>', 'also write every metrics message as JSONL here (default: not written)')
    .option(
      '--config <file>',
      'the JSON config of the live run, for its symbol parameters (default: built-in defaults)',
    )
    .option(
      '--workers <n>',
      'symbols replay in parallel on this many piscina threads; output is the same for any n (default: cores)',
    )
    .addHelpText('after', `\n${ENV_HELP.replay}`)
    .action(async (tapes: string[], opts: ReplayOptions) => {
      if ((opts.nats === undefined) !== (opts.stream === undefined))
        throw usageError('--nats and --stream go together: --nats URL --stream NAME');
      if (tapes.length === 0 && opts.stream === undefined)
        throw usageError('give tape files, or --nats URL --stream NAME');
      const { parseNatsCredential } = await import('../cluster/nats-credential-options.js');
      const credential = parseNatsCredential(opts, process.env, process.cwd());
      for (const tape of tapes) checkReadableFile('tape', tape);
      if (opts.out !== undefined) checkWritableTarget('--out', opts.out);
      if (opts.metrics !== undefined) checkWritableTarget('--metrics', opts.metrics);
      if (opts.out !== undefined && opts.metrics !== undefined && resolve(opts.out) === resolve(opts.metrics)) {
        throw usageError('--out and --metrics must be different files');
      }
      const workers = opts.workers === undefined ? availableParallelism() : Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64)
        throw usageError(`--workers must be an integer from 1 to 64 (got "${opts.workers}")`);
      const { resolveConfig } = await import('../config/load-config.js');
      const { paramsFromConfig, strategyParamsFromConfig } = await import('../../actors/symbol/symbol-actor.js');
      const { compareSnapshots, inspectTapes, replayTapes, snapshotLine } = await import('../replay/replay-tapes.js');
      // Problems with the tapes surface here, in this thread, with their codes (a pool worker's error loses them).
      if (tapes.length > 0) await inspectTapes(tapes);
      const config = resolveConfig({ flags: { config: opts.config }, env: {}, cwd: process.cwd() });
      const params = paramsFromConfig(config);
      const strategyParams = strategyParamsFromConfig(config);
      let messages: MetricsMessage[] = [];
      let frames = 0;
      if (opts.nats !== undefined && opts.stream !== undefined) {
        // A stream is read once, in this thread: the parallel split re-reads files, which a stream cannot cheaply do.
        const { replayTapeStream } = await import('../replay/replay-stream.js');
        ({ frames, messages } = await replayTapeStream(
          opts.nats,
          opts.stream,
          tapes,
          params,
          strategyParams,
          credential,
        ));
      } else if (workers === 1) {
        frames = (await replayTapes({ tapes, params, strategyParams, onSnapshot: (m) => messages.push(m) })).frames;
        messages.sort(compareSnapshots);
      } else {
        const { replayParallel } = await import('../replay/parallel-replay.js');
        ({ frames, messages } = await replayParallel(tapes, params, strategyParams, workers));
      }
      const lines = messages.map((m) => `${snapshotLine(m)}\n`).join('');
      if (opts.out) writeFileSync(opts.out, lines);
      else await writeStdout(lines);
      if (opts.metrics) writeFileSync(opts.metrics, messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
      const symbols = [...new Set(messages.map((m) => m.symbol))].sort();
      process.stderr.write(
        `replayed ${frames} frames of ${tapes.length + (opts.stream ? 1 : 0)} tape(s) on ${workers} worker(s): ${messages.length} snapshots of ${symbols.join(',') || 'no symbol'}\n`,
      );
    });
}
