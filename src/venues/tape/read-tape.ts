/**
 * `readTape(path)`: streams the frames of one recording, whatever its format (ours, hftbacktest,
 * cryptofeed; gzip detected by magic bytes), line by line — never the whole file in memory. A malformed line
 * throws `TL_TAPE_MALFORMED` with file and line, or is skipped and counted (`onMalformed: 'skip'`); a partial
 * last line (a writer that crashed) is tolerated and reported in `stats.truncatedTail`.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { TapelineError } from '../../schema/errors.js';
import { FastFrameDecoder } from '../binance/codec/fast/fast-frame-decoder.js';
import { CryptofeedParser } from './cryptofeed-format.js';
import { HftbacktestParser } from './hftbacktest-format.js';
import { inflateOffThread } from './inflate-off-thread.js';
import { LineError, type LineParser, leadingDigits } from './line-parser.js';
import {
  type ReadTapeOptions,
  type TapeFormat,
  type TapeFrame,
  TapeMalformedError,
  type TapeReadStats,
} from './tape-frame.js';
import { TapelineParser } from './tape-format.js';

const DEFAULT_MAX_LINE_CHARS = 32 * 1024 * 1024;
/** `inflate: 'auto'` reads files from this size on a worker: below it, starting the worker costs more than it saves. */
const OFF_THREAD_MIN_BYTES = 1024 * 1024;

/** Which format a file is in, from its first non-blank line; undefined when none matches. */
export function detectFormat(line: string): TapeFormat | undefined {
  if (line.charCodeAt(0) === 123 /* { */) return 'tapeline';
  const digits = leadingDigits(line);
  if (digits > 0) {
    const next = line.charCodeAt(digits);
    if (next === 32 /* space */) return 'hftbacktest';
    if (next === 46 /* . */ || next === 58 /* : */) return 'cryptofeed';
    return undefined;
  }
  if (line.startsWith('configuration: ') || line.startsWith('ws') || line.startsWith('http')) return 'cryptofeed';
  return undefined;
}

function parserFor(format: TapeFormat, source: string, fast: FastFrameDecoder | undefined): LineParser {
  switch (format) {
    case 'tapeline':
      return new TapelineParser(source, fast);
    case 'hftbacktest':
      return new HftbacktestParser(source, fast);
    case 'cryptofeed':
      return new CryptofeedParser(source, fast);
  }
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** UTF-8 text chunks of the file, gunzipped when needed. A truncated gzip member yields what it holds. */
function textChunks(path: string, gzip: boolean): AsyncIterable<string> {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!gzip) return file.setEncoding('utf8');
  // Z_SYNC_FLUSH on finish: a gzip cut short by a crash ends the stream instead of failing it.
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  file.on('error', (err) => gunzip.destroy(err));
  // pipe() does not destroy the source when the consumer stops early: close the file with the gunzip.
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip).setEncoding('utf8');
}

/** I/O and decompression failures mid-file become `TL_TAPE_READ_FAILED` (line errors are handled apart). */
async function* readFailuresCoded(path: string, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (err) {
    throw new TapelineError('TL_TAPE_READ_FAILED', `cannot read tape ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0);
}

export class TapeReader implements AsyncIterable<TapeFrame> {
  readonly stats: TapeReadStats = freshStats();
  private readonly onMalformed: 'throw' | 'skip';
  private readonly maxLineChars: number;

  constructor(
    readonly path: string,
    private readonly options: ReadTapeOptions = {},
  ) {
    this.onMalformed = options.onMalformed ?? 'throw';
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  [Symbol.asyncIterator](): AsyncIterator<TapeFrame> {
    return this.frames();
  }

  private async *frames(): AsyncGenerator<TapeFrame> {
    for await (const batch of this.batches()) {
      for (let i = 0; i < batch.length; i++) yield batch[i] as TapeFrame;
    }
  }

  /**
   * The frames in file order, as one array per chunk of text read (hundreds to thousands of frames): replay
   * iterates these with a plain loop instead of paying an async-generator step per frame.
   */
  async *batches(): AsyncGenerator<TapeFrame[]> {
    Object.assign(this.stats, freshStats());
    const stats = this.stats;
    let chunks: AsyncIterable<string>;
    try {
      stats.gzip = await isGzip(this.path);
      const inflate = this.options.inflate;
      const offThread =
        inflate === 'worker' || (inflate === 'auto' && (await stat(this.path)).size >= OFF_THREAD_MIN_BYTES);
      const text = offThread ? inflateOffThread(this.path, stats.gzip) : textChunks(this.path, stats.gzip);
      chunks = readFailuresCoded(this.path, text);
    } catch (err) {
      throw new TapelineError('TL_TAPE_READ_FAILED', `cannot read tape ${this.path}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    let parser: LineParser | undefined;
    let out: TapeFrame[] = [];
    const maxLineChars = this.maxLineChars;
    let carry = '';
    let lineNo = 0;

    /** One line → frames in `out`, applying the malformed-line policy. */
    const handle = (line: string, terminated: boolean): void => {
      lineNo++;
      stats.lines++;
      if (isBlank(line)) {
        stats.blankLines++;
        return;
      }
      if (line.length > this.maxLineChars) {
        // Never skipped: a "line" this long means the file is not line-oriented (same rule as in the chunk loop).
        throw new TapeMalformedError(this.path, lineNo, `line longer than ${this.maxLineChars} characters`);
      }
      try {
        if (parser === undefined) {
          stats.format = detectFormat(line);
          if (stats.format === undefined) {
            throw new TapelineError(
              'TL_TAPE_UNKNOWN_FORMAT',
              `${this.path}:${lineNo}: not a known tape format (ours, hftbacktest "<ts> <json>", cryptofeed "<ts>: <json>")`,
            );
          }
          parser = parserFor(stats.format, this.path, this.options.fastDecode ? new FastFrameDecoder() : undefined);
        }
        if (!parser.parse(line, lineNo, out)) stats.metaLines++;
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        if (!terminated) {
          // The writer died mid-line: everything before it is intact.
          stats.truncatedTail = true;
          return;
        }
        this.malformed(err, lineNo);
      }
    };

    for await (const chunk of chunks) {
      const text = carry.length === 0 ? chunk : carry + chunk;
      let start = 0;
      let nl = text.indexOf('\n');
      let failure: unknown;
      try {
        while (nl !== -1) {
          const end = nl > start && text.charCodeAt(nl - 1) === 13 /* \r */ ? nl - 1 : nl;
          // The parser's range path reads the line inside the chunk (a flat string: faster char access than
          // through a line substring); it declines what needs the general path.
          if (
            parser?.parseRange !== undefined &&
            end - start <= maxLineChars &&
            parser.parseRange(text, start, end, out)
          ) {
            lineNo++;
            stats.lines++;
          } else handle(text.slice(start, end), true);
          start = nl + 1;
          nl = text.indexOf('\n', start);
        }
      } catch (err) {
        failure = err;
      }
      // The lines before a failing one reach the consumer before the error does (as frame by frame).
      if (out.length > 0) {
        stats.frames += out.length;
        yield out;
        out = [];
      }
      if (failure !== undefined) throw failure;
      carry = start === 0 ? text : text.slice(start);
      if (carry.length > this.maxLineChars) {
        // Not skippable: a "line" this long means the file is not line-oriented, and holding it costs memory.
        throw new TapeMalformedError(this.path, lineNo + 1, `line longer than ${this.maxLineChars} characters`);
      }
    }
    if (carry.length > 0) handle(carry, false);
    if (parser !== undefined) {
      try {
        parser.finish(out);
      } catch (err) {
        if (!(err instanceof LineError)) throw err;
        this.malformed(err, lineNo);
      }
    }
    if (out.length > 0) {
      stats.frames += out.length;
      yield out;
    }
  }

  /** Throws, or counts and reports the line under 'skip'. */
  private malformed(err: LineError, lineNo: number): void {
    const error = new TapeMalformedError(this.path, err.lineNo ?? lineNo, err.message, { cause: err.cause ?? err });
    if (this.onMalformed === 'throw') throw error;
    this.stats.skipped++;
    this.options.onSkip?.(error);
  }
}

function freshStats(): TapeReadStats {
  return {
    format: undefined,
    gzip: false,
    lines: 0,
    frames: 0,
    metaLines: 0,
    blankLines: 0,
    skipped: 0,
    truncatedTail: false,
  };
}

/** Streams the frames of one tape file in file order (see the module doc for formats and errors). */
export function readTape(path: string, options?: ReadTapeOptions): TapeReader {
  return new TapeReader(path, options);
}
