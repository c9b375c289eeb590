/**
 * Tapeline's own tape format (`<data-dir>/tapes/*.ndjson`, docs/contract.md, logs and tapes): one JSON object per line, UTF-8, `\n`:
 *
 *   {"k":"meta","v":1,"t":1723161255000.125,"fmt":"tapeline.tape"}                  first line, once
 *   {"t":1723161255030.3147,"k":"ws","s":"btcusdt@trade","d":"{\"stream\":...}"}      a WS text frame
 *   {"t":1723161255319.7026,"k":"rest","u":"https://fapi.../fapi/v1/depth?symbol=BTCUSDT&limit=1000","d":"{...}"}
 *
 * `t` local receive time (epoch ms, fractional); `k` kind; `s` stream (omitted for a raw `/ws` frame whose
 * stream is unknown); `u` request URL; `d` the frame **as received, as a JSON string** — exact text, envelope
 * included. Why a string and not the parsed object: replay feeds the very bytes the live run saw (no
 * re-serialization drift in number formatting or key order, so live and replay hash alike), and frames that
 * are not valid JSON (venue faults) are kept too. The cost is escaping on write and a second JSON.parse on read.
 * Readers also accept an object `d` (hand-written fixtures). A crash can leave the last line partial; readers
 * tolerate that (TapeReadStats.truncatedTail).
 */
import { TapelineError } from '../../schema/errors.js';
import { isCombined } from '../binance/codec/combined.js';
import type { FastFrameDecoder } from '../binance/codec/fast/fast-frame-decoder.js';
import { isObject, LineError, type LineParser, parseJsonOrThrow } from './line-parser.js';
import { makeFrame, type TapeFrame } from './tape-frame.js';

export const TAPE_FORMAT_VERSION = 1;
export const TAPE_FORMAT_NAME = 'tapeline.tape';

function checkTime(recvTsMs: number): string {
  if (!Number.isFinite(recvTsMs)) {
    throw new TapelineError('TL_TAPE_WRITE_INVALID', `tape receive time must be a finite number, got ${recvTsMs}`);
  }
  // String(n) of a finite number is its shortest round-trip form, identical to JSON.stringify(n).
  return String(recvTsMs);
}

export function encodeMetaLine(createdMs: number): string {
  return `{"k":"meta","v":${TAPE_FORMAT_VERSION},"t":${checkTime(createdMs)},"fmt":"${TAPE_FORMAT_NAME}"}\n`;
}

/** The part of a WS line after `t`, fixed per stream: the writer computes it once per stream (cf. pino). */
export function wsLineMiddle(stream: string | undefined): string {
  return stream === undefined ? ',"k":"ws","d":' : `,"k":"ws","s":${JSON.stringify(stream)},"d":`;
}

export function encodeWsLine(recvTsMs: number, stream: string | undefined, rawText: string): string {
  return `{"t":${checkTime(recvTsMs)}${wsLineMiddle(stream)}${JSON.stringify(rawText)}}\n`;
}

export function encodeWsLineWithMiddle(recvTsMs: number, middle: string, rawText: string): string {
  return `{"t":${checkTime(recvTsMs)}${middle}${JSON.stringify(rawText)}}\n`;
}

export function encodeRestLine(recvTsMs: number, url: string, rawText: string): string {
  return `{"t":${checkTime(recvTsMs)},"k":"rest","u":${JSON.stringify(url)},"d":${JSON.stringify(rawText)}}\n`;
}

export class TapelineParser implements LineParser {
  constructor(
    private readonly source: string,
    private readonly fast?: FastFrameDecoder,
  ) {}

  parse(line: string, _lineNo: number, out: TapeFrame[]): boolean {
    const v = parseJsonOrThrow(line, 'tape line');
    if (!isObject(v)) throw new LineError('tape line is not a JSON object');
    const kind = v.k;
    if (kind === 'meta') {
      if (v.v !== TAPE_FORMAT_VERSION) {
        throw new TapelineError(
          'TL_TAPE_UNSUPPORTED_VERSION',
          `${this.source}: tape format version ${String(v.v)} is not supported (this build reads v${TAPE_FORMAT_VERSION})`,
        );
      }
      return false;
    }
    const t = v.t;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new LineError('"t" must be the receive time in epoch ms');
    const d = v.d;
    let raw: string;
    let data: unknown;
    if (typeof d === 'string') {
      raw = d;
      const event = kind === 'ws' ? this.fast?.decode(d, 0, d.length) : undefined;
      if (event !== undefined) {
        out.push(
          makeFrame(t, 'ws', (this.fast as FastFrameDecoder).stream, undefined, undefined, raw, this.source, event),
        );
        return true;
      }
      data = parseJsonOrThrow(d, '"d" (the frame text)');
    } else if (typeof d === 'object' && d !== null) {
      raw = JSON.stringify(d);
      data = d;
    } else {
      throw new LineError('"d" must be the frame text (a string) or the frame JSON');
    }
    if (kind === 'ws') {
      let stream = v.s;
      if (stream !== undefined && typeof stream !== 'string') throw new LineError('"s" must be a stream name');
      if (isCombined(data)) {
        stream = data.stream;
        data = data.data;
      }
      out.push(makeFrame(t, 'ws', stream as string | undefined, undefined, data, raw, this.source));
      return true;
    }
    if (kind === 'rest') {
      if (typeof v.u !== 'string' || v.u.length === 0) throw new LineError('"u" must be the request URL');
      out.push(makeFrame(t, 'rest', undefined, v.u, data, raw, this.source));
      return true;
    }
    throw new LineError('"k" must be "ws", "rest" or "meta"');
  }

  finish(): void {}
}
