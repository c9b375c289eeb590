/**
 * What a tape yields: one venue frame (WS payload or REST reply) with the local time it was received, from
 * any supported recording format. Frames are created by one factory so every frame has the same shape
 * (monomorphic for the consumers' hot loops).
 */
import { TapelineError } from '../../schema/errors.js';
import type { StreamEvent } from '../../schema/market-events.js';

export interface TapeFrame {
  /** Local receive time, epoch ms (fractional: ns/µs recordings keep sub-ms precision up to float limits). */
  recvTsMs: number;
  kind: 'ws' | 'rest';
  /** WS: the stream name (from the combined envelope, or the tape's `s`); undefined for a raw `/ws` frame. */
  stream?: string;
  /** REST: the request URL (absolute, or path-only for hftbacktest's inferred snapshot URL). */
  url?: string;
  /**
   * WS: the payload, unwrapped from the `{"stream","data"}` envelope. REST: the parsed response JSON.
   * Undefined for a WS frame that carries `event` (nothing parsed it into a tree).
   */
  data: unknown;
  /**
   * With `fastDecode`: the WS frame's market event, read by the fast decoder (equal to what JSON.parse +
   * `decodeEvent` give); undefined for every frame it does not take (those have `data`, as without the option).
   */
  event: StreamEvent | undefined;
  /** The exact text as received (WS: the whole frame, envelope included) — for byte-exact replay. */
  raw: string;
  /** The file this frame came from (lets `mergeTapes` consumers tell sources apart). */
  source: string;
}

/** Recording formats `readTape` understands (autodetected per file; any of them may be gzipped). */
export type TapeFormat = 'tapeline' | 'hftbacktest' | 'cryptofeed';

export interface ReadTapeOptions {
  /** 'throw' (default): a malformed line ends the read with `TL_TAPE_MALFORMED`. 'skip': count it and go on. */
  onMalformed?: 'throw' | 'skip';
  /** Called for every skipped line (with 'skip'), so callers can log what was dropped. */
  onSkip?: (error: TapeMalformedError) => void;
  /** Lines longer than this are malformed (guards memory against a file that is not line-oriented). */
  maxLineChars?: number;
  /**
   * Read the venue's WS frames with the fast decoder (`frame.event`, no parse tree) where it can; the rest are
   * parsed as without it. For replay and backtest, which use the event and not `data`.
   */
  fastDecode?: boolean;
  /**
   * 'worker': read and gunzip the file on a worker thread that hands over line-aligned batches
   * (tape-inflate-worker.ts), so the reading thread only splits and decodes lines; 'auto': so for files of
   * 1 MiB and more. Default 'inline'.
   */
  inflate?: 'inline' | 'worker' | 'auto';
}

export interface TapeReadStats {
  format: TapeFormat | undefined;
  gzip: boolean;
  /** Lines read, blank ones included. */
  lines: number;
  frames: number;
  /** Lines that carry no frame: cryptofeed `configuration:` and connection lines, our `meta` line. */
  metaLines: number;
  blankLines: number;
  /** Malformed lines skipped under `onMalformed: 'skip'`. */
  skipped: number;
  /** True when the last line had no newline and did not parse (a writer crashed mid-line): tolerated. */
  truncatedTail: boolean;
}

/** `TL_TAPE_MALFORMED`, with the file and 1-based line number as fields as well as in the message. */
export class TapeMalformedError extends TapelineError {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string, options?: { cause?: unknown }) {
    super('TL_TAPE_MALFORMED', `${file}:${line}: ${reason}`, options);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

export function makeFrame(
  recvTsMs: number,
  kind: 'ws' | 'rest',
  stream: string | undefined,
  url: string | undefined,
  data: unknown,
  raw: string,
  source: string,
  event?: StreamEvent,
): TapeFrame {
  return { recvTsMs, kind, stream, url, data, event, raw, source };
}
