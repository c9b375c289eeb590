/**
 * Structured logs through pino: every thread appends JSON lines to `<dataDir>/logs/tapeline.log` (one write per
 * line with O_APPEND, so threads never interleave inside a line), and warnings and errors also go to stderr.
 * The secret redaction paths below are part of safety invariant 5 (docs/contract.md), not a convenience.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const REDACT = [
  'apiSecret',
  'secret',
  '*.apiSecret',
  '*.secret',
  'config.apiSecret',
  'signature',
  '*.signature',
  // A node's NATS credential (--nats-user / --nats-nkey) must not reach the log either.
  'credential',
  '*.credential',
  'cluster.credential',
  'config.cluster.credential',
];

export interface LoggerOptions {
  dataDir: string;
  /** Bound into every line: actor name, thread. */
  base: Record<string, unknown>;
  level?: string;
  /** Also mirror warn+ to stderr (the supervisor does; tests silence it). */
  stderr?: boolean;
}

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'tapeline.log');
}

export function createLogger(opts: LoggerOptions): Logger {
  mkdirSync(join(opts.dataDir, 'logs'), { recursive: true });
  const level = opts.level ?? process.env.TAPELINE_LOG_LEVEL ?? 'info';
  // sync: each line is one write(2), so a crash loses at most the line being written.
  const file = pino.destination({ dest: logFilePath(opts.dataDir), append: true, sync: true, mkdir: true });
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: file }];
  if (opts.stderr !== false && process.env.TAPELINE_QUIET !== '1') {
    streams.push({ level: 'warn', stream: pino.destination({ dest: 2, sync: true }) });
  }
  return pino(
    {
      level,
      base: opts.base,
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
}

/** A logger that drops everything, for unit tests of actors. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
