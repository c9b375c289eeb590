/**
 * `TapeWriter`: appends raw venue frames to a tape (format in tape-format.ts). Lines are built in memory and
 * written with one synchronous append per batch (`flush`, or automatically past `maxBufferedBytes`), whole lines
 * only, so a crash loses at most the unflushed batch and leaves at worst one partial last line, which readers
 * tolerate. Synchronous on purpose: the ingest actor owns its thread and the write must not reorder.
 */
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TapelineError } from '../../runtime/errors.js';
import { encodeMetaLine, encodeRestLine, encodeWsLineWithMiddle, wsLineMiddle } from './tape-format.js';

export interface TapeWriterOptions {
  /** Flush on its own once this much is buffered (default 64 KiB). 0 flushes every line. */
  maxBufferedBytes?: number;
  /** Time written into the meta line of a new file (default `Date.now()`). */
  createdMs?: number;
}

/** Distinct streams per connection are few; past this the per-stream prefix cache stops growing. */
const MAX_CACHED_STREAMS = 4096;

export class TapeWriter {
  readonly path: string;
  private fd: number | undefined;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private readonly maxBuffered: number;
  private readonly middles = new Map<string | undefined, string>();
  private framesWritten = 0;

  constructor(path: string, options: TapeWriterOptions = {}) {
    this.path = path;
    this.maxBuffered = options.maxBufferedBytes ?? 64 * 1024;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(path, 'a');
      if (fstatSync(this.fd).size === 0) writeSync(this.fd, encodeMetaLine(options.createdMs ?? Date.now()));
    } catch (err) {
      throw new TapelineError(
        'TL_TAPE_WRITE_FAILED',
        `cannot open tape ${path} for appending: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }

  /** Frames written (flushed or buffered) since this writer opened. */
  get frames(): number {
    return this.framesWritten;
  }

  /** A WS text frame exactly as received; `stream` is undefined for a raw `/ws` frame of unknown stream. */
  writeWs(recvTsMs: number, stream: string | undefined, rawText: string): void {
    let middle = this.middles.get(stream);
    if (middle === undefined) {
      middle = wsLineMiddle(stream);
      if (this.middles.size < MAX_CACHED_STREAMS) this.middles.set(stream, middle);
    }
    this.push(encodeWsLineWithMiddle(recvTsMs, middle, rawText));
  }

  /** A REST reply body exactly as received, with its request URL. */
  writeRest(recvTsMs: number, url: string, rawText: string): void {
    this.push(encodeRestLine(recvTsMs, url, rawText));
  }

  /** Writes every buffered line with one synchronous append. */
  flush(): void {
    const fd = this.openFd();
    if (this.buffer.length === 0) return;
    const batch = this.buffer.length === 1 ? (this.buffer[0] as string) : this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    try {
      // writeSync may write less than asked (signals, quotas): loop so a batch is never silently cut.
      const bytes = Buffer.from(batch, 'utf8');
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      throw new TapelineError('TL_TAPE_WRITE_FAILED', `cannot append to tape ${this.path}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** Flushes and closes; further writes throw `TL_TAPE_WRITER_CLOSED`. Closing twice is a no-op. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private push(line: string): void {
    this.openFd();
    this.buffer.push(line);
    this.bufferedChars += line.length;
    this.framesWritten++;
    if (this.bufferedChars >= this.maxBuffered) this.flush();
  }

  private openFd(): number {
    if (this.fd === undefined) throw new TapelineError('TL_TAPE_WRITER_CLOSED', `tape ${this.path} is closed`);
    return this.fd;
  }
}
