/**
 * hftbacktest's recorder format: gzip text, one `<local receive timestamp> <raw JSON>` per line. The timestamp
 * unit is told by its magnitude (digit count): ns in the 2024 files, µs in the 2023 `.dat.gz` ones (ms
 * accepted too). The JSON is a combined-stream frame, except for the REST depth snapshot, written as a bare
 * line with no URL: its URL is inferred (see `SnapshotUrl`).
 */
import { isCombined } from '../binance/codec/combined.js';
import type { FastFrameDecoder } from '../binance/codec/fast/fast-frame-decoder.js';
import { isObject, LineError, type LineParser, leadingDigits, parseJsonOrThrow } from './line-parser.js';
import { makeFrame, type TapeFrame } from './tape-frame.js';

/** Venue depth limits; the snapshot's level count picks the smallest that holds it (1000 in the recordings). */
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;

/**
 * `<digits>` before the first space → epoch ms. Splits the digit string so ns values (> 2^53) keep precision.
 * `text[start, end)` is the digit run (a line, or a line inside a batch string).
 */
export function hftTimestampToMs(text: string, end: number, start = 0): number {
  const n = end - start;
  if (leadingDigits(text, start) !== n) return Number.NaN;
  if (n >= 11 && n <= 14) return digitsValue(text, start, end);
  if (n >= 15 && n <= 17) return digitsValue(text, start, end - 3) + digitsValue(text, end - 3, end) / 1e3;
  if (n >= 18 && n <= 20) return digitsValue(text, start, end - 6) + digitsValue(text, end - 6, end) / 1e6;
  return Number.NaN;
}

/**
 * The integer of ASCII digits `s[from, to)`, at most 14 of them: exact (< 2^53), so equal to
 * `Number(s.slice(from, to))` without the two substrings per line.
 */
function digitsValue(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/**
 * How the bare snapshot line gets its URL: the symbol is the one in the file's stream names
 * (`btcusdt@depth@0ms` → BTCUSDT; hftbacktest writes one file per symbol, so a second symbol makes it
 * ambiguous → malformed); the path is `/fapi/v1/depth` when the snapshot has `E` (futures) else `/api/v3/depth`
 * (spot); `limit` is the smallest venue limit that holds the snapshot's level count. A snapshot seen before any
 * stream names the symbol is held back, with every frame after it, until one does, so file order is kept.
 */
export function snapshotUrl(symbol: string, snapshot: Record<string, unknown>): string {
  const bids = Array.isArray(snapshot.bids) ? snapshot.bids.length : 0;
  const asks = Array.isArray(snapshot.asks) ? snapshot.asks.length : 0;
  const levels = Math.max(bids, asks);
  const limit = DEPTH_LIMITS.find((l) => l >= levels) ?? 1000;
  const path = 'E' in snapshot ? '/fapi/v1/depth' : '/api/v3/depth';
  return `${path}?symbol=${symbol}&limit=${limit}`;
}

/** Frames held back behind an unresolved snapshot; beyond this the file is not an hftbacktest recording. */
const MAX_HELD = 100_000;

export class HftbacktestParser implements LineParser {
  private symbol: string | undefined;
  private lastStream = '';
  private ambiguous = false;
  /** Snapshots (url undefined) and the frames after them, while the symbol is unknown. */
  private readonly held: TapeFrame[] = [];
  private firstHeldLine = 0;

  constructor(
    private readonly source: string,
    private readonly fast?: FastFrameDecoder,
  ) {}

  /**
   * The fast path of `parse` on a line inside a batch string (no line substring, the decoder reads the batch
   * itself): only a WS frame the fast decoder takes, with no snapshot held back; false for anything else,
   * which the caller then hands to `parse`. Never throws.
   */
  parseRange(text: string, start: number, end: number, out: TapeFrame[]): boolean {
    const fast = this.fast;
    if (fast === undefined || this.held.length > 0) return false;
    const sp = text.indexOf(' ', start);
    if (sp <= start || sp >= end) return false;
    const recvTsMs = hftTimestampToMs(text, sp, start);
    if (Number.isNaN(recvTsMs)) return false;
    const event = fast.decode(text, sp + 1, end);
    if (event === undefined) return false;
    if (fast.stream !== this.lastStream) this.noteStream(fast.stream, out);
    out.push(makeFrame(recvTsMs, 'ws', fast.stream, undefined, undefined, text.slice(sp + 1, end), this.source, event));
    return true;
  }

  parse(line: string, lineNo: number, out: TapeFrame[]): boolean {
    const sp = line.indexOf(' ');
    if (sp <= 0) throw new LineError('expected "<timestamp> <json>"');
    const recvTsMs = hftTimestampToMs(line, sp);
    if (Number.isNaN(recvTsMs)) throw new LineError(`bad timestamp "${line.slice(0, Math.min(sp, 24))}"`);
    const raw = line.slice(sp + 1);
    const event = this.fast?.decode(line, sp + 1, line.length);
    if (event !== undefined) {
      const stream = (this.fast as FastFrameDecoder).stream;
      if (stream !== this.lastStream) this.noteStream(stream, out);
      this.push(makeFrame(recvTsMs, 'ws', stream, undefined, undefined, raw, this.source, event), out);
      return true;
    }
    const value = parseJsonOrThrow(raw, 'payload');
    if (isCombined(value)) {
      if (value.stream !== this.lastStream) this.noteStream(value.stream, out);
      this.push(makeFrame(recvTsMs, 'ws', value.stream, undefined, value.data, raw, this.source), out);
      return true;
    }
    if (isObject(value) && 'lastUpdateId' in value) {
      if (this.ambiguous) {
        throw new LineError('depth snapshot: cannot infer its symbol, the file has streams of several symbols');
      }
      if (this.symbol !== undefined && this.held.length === 0) {
        out.push(makeFrame(recvTsMs, 'rest', undefined, snapshotUrl(this.symbol, value), value, raw, this.source));
      } else {
        if (this.held.length === 0) this.firstHeldLine = lineNo;
        this.held.push(makeFrame(recvTsMs, 'rest', undefined, undefined, value, raw, this.source));
      }
      return true;
    }
    throw new LineError('JSON is neither a combined-stream frame {"stream","data"} nor a depth snapshot');
  }

  /** A WS frame goes out, or behind a held snapshot (file order is kept). */
  private push(frame: TapeFrame, out: TapeFrame[]): void {
    if (this.held.length === 0) out.push(frame);
    else if (this.held.length < MAX_HELD) this.held.push(frame);
    else throw new LineError('depth snapshot: no stream names its symbol', { lineNo: this.firstHeldLine });
  }

  finish(): void {
    if (this.held.length > 0) {
      throw new LineError('depth snapshot: cannot infer its symbol, no stream in the file names one', {
        lineNo: this.firstHeldLine,
      });
    }
  }

  /** Learns the file's symbol from a stream name; all-symbol streams (`!bookTicker`) name none. */
  private noteStream(stream: string, out: TapeFrame[]): void {
    this.lastStream = stream;
    const at = stream.indexOf('@');
    if (at <= 0 || stream.charCodeAt(0) === 33 /* ! */) return;
    const symbol = stream.slice(0, at).toUpperCase();
    if (this.symbol === undefined) {
      this.symbol = symbol;
      for (const frame of this.held) {
        if (frame.kind === 'rest') frame.url = snapshotUrl(symbol, frame.data as Record<string, unknown>);
        out.push(frame);
      }
      this.held.length = 0;
    } else if (symbol !== this.symbol) {
      this.ambiguous = true;
    }
  }
}
