/**
 * The contract between `readTape` and the per-format line parsers: a parser turns one line into zero or more
 * frames (pushed to `out`), or throws `LineError` with a reason; `readTape` adds file and line number and
 * applies the malformed-line policy. Helpers here are shared by the formats.
 */
import { TapelineError } from '../../schema/errors.js';
import type { TapeFrame } from './tape-frame.js';

export interface LineParser {
  /** Pushes the frames of one non-blank line; returns false for a line that carries no frame (meta). */
  parse(line: string, lineNo: number, out: TapeFrame[]): boolean;
  /**
   * Optional fast path for a line inside a larger string (`text[start, end)`, no line substring): pushes its
   * frame and returns true, or returns false (never throws) and the reader calls `parse` with the line.
   */
  parseRange?(text: string, start: number, end: number, out: TapeFrame[]): boolean;
  /** End of file: pushes anything still held back, or throws `LineError` when that is impossible. */
  finish(out: TapeFrame[]): void;
}

/** A line that does not match its format. `lineNo` overrides the current line (for deferred frames). */
export class LineError extends TapelineError {
  readonly lineNo: number | undefined;

  constructor(reason: string, options?: { cause?: unknown; lineNo?: number }) {
    super('TL_TAPE_MALFORMED', reason, options?.cause === undefined ? undefined : { cause: options.cause });
    this.lineNo = options?.lineNo;
  }
}

export function parseJsonOrThrow(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LineError(`${what} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Count of leading ASCII digits (no regex: this runs once per line). */
export function leadingDigits(s: string, from = 0): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i - from;
}

/** `1633998512.0633569` (seconds, cryptofeed) → ms; NaN when it is not digits with at most one dot. */
export function secondsToMs(s: string): number {
  const int = leadingDigits(s);
  if (int === 0) return Number.NaN;
  if (int < s.length) {
    if (s.charCodeAt(int) !== 46 /* . */ || leadingDigits(s, int + 1) !== s.length - int - 1) return Number.NaN;
  }
  return Number(s) * 1000;
}
