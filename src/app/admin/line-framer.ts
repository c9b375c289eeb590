/**
 * Splits a byte stream into newline-terminated lines with a hard bound on line length. Memory per connection
 * never exceeds `maxLineBytes` plus one chunk: an over-long line is reported once, then its bytes are dropped
 * until the next newline, and framing resumes with the line after it.
 */

const NEWLINE = 0x0a;
const CR = 0x0d;

export interface LineFramerHandlers {
  line(text: string): void;
  /** Called once per over-long line, as soon as it is known to be too long. */
  overflow(bytesSeen: number): void;
}

export class LineFramer {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  /** True while dropping the rest of an over-long line. */
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handlers: LineFramerHandlers,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.discarding) {
        if (nl !== -1) this.discarding = false;
      } else if (this.buffered + (end - start) > this.maxLineBytes) {
        this.handlers.overflow(this.buffered + (end - start));
        this.chunks.length = 0;
        this.buffered = 0;
        this.discarding = nl === -1;
      } else if (nl === -1) {
        this.chunks.push(chunk.subarray(start));
        this.buffered += chunk.length - start;
      } else {
        this.emit(chunk.subarray(start, end));
      }
      if (nl === -1) return;
      start = nl + 1;
    }
  }

  /** End of stream: a last line without its newline still counts (tools often omit it). */
  finish(): void {
    if (!this.discarding && this.buffered > 0) this.emit(Buffer.alloc(0));
    this.discarding = false;
  }

  private emit(tail: Buffer): void {
    let bytes = this.chunks.length === 0 ? tail : Buffer.concat([...this.chunks, tail]);
    this.chunks.length = 0;
    this.buffered = 0;
    // Accept CRLF from tools like `nc -C` or Windows clients.
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    const text = bytes.toString('utf8');
    if (text.trim() !== '') this.handlers.line(text);
  }
}
