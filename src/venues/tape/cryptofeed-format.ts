/**
 * cryptofeed's raw recordings (`sample_data/`), one line per message, four line kinds:
 * `configuration: <json>` (the feed's config, once), `wss://...?streams=... <-> <connect ts>` (a connection
 * opened), `<ts>: <raw WS JSON>` and `<url> -> <ts>: <raw REST JSON>`; `<ts>` is epoch seconds with a
 * fraction. WS and HTTP may share one file. Configuration and connection lines carry no frame.
 */
import { isCombined } from '../binance/codec/combined.js';
import type { FastFrameDecoder } from '../binance/codec/fast/fast-frame-decoder.js';
import { LineError, type LineParser, parseJsonOrThrow, secondsToMs } from './line-parser.js';
import { makeFrame, type TapeFrame } from './tape-frame.js';

const CONFIGURATION = 'configuration: ';

export class CryptofeedParser implements LineParser {
  constructor(
    private readonly source: string,
    private readonly fast?: FastFrameDecoder,
  ) {}

  parse(line: string, _lineNo: number, out: TapeFrame[]): boolean {
    const first = line.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      // `<ts>: <json>` — a WS message.
      const colon = line.indexOf(': ');
      if (colon < 0) throw new LineError('expected "<seconds>: <json>"');
      const recvTsMs = this.timestamp(line.slice(0, colon));
      const raw = line.slice(colon + 2);
      const event = this.fast?.decode(line, colon + 2, line.length);
      if (event !== undefined) {
        const stream = (this.fast as FastFrameDecoder).stream;
        out.push(makeFrame(recvTsMs, 'ws', stream, undefined, undefined, raw, this.source, event));
        return true;
      }
      const value = parseJsonOrThrow(raw, 'WS message');
      if (isCombined(value)) out.push(makeFrame(recvTsMs, 'ws', value.stream, undefined, value.data, raw, this.source));
      else out.push(makeFrame(recvTsMs, 'ws', undefined, undefined, value, raw, this.source));
      return true;
    }
    if (line.startsWith(CONFIGURATION)) {
      parseJsonOrThrow(line.slice(CONFIGURATION.length), 'configuration');
      return false;
    }
    const sp = line.indexOf(' ');
    if (sp <= 0)
      throw new LineError(
        'not a cryptofeed line: expected "<ts>: <json>", "<url> -> <ts>: <json>" or "<ws url> <-> <ts>"',
      );
    if (line.startsWith(' <-> ', sp)) {
      this.timestamp(line.slice(sp + 5));
      return false;
    }
    if (!line.startsWith(' -> ', sp)) throw new LineError('expected "<url> -> <ts>: <json>" or "<ws url> <-> <ts>"');
    const colon = line.indexOf(': ', sp + 4);
    if (colon < 0) throw new LineError('expected "<url> -> <seconds>: <json>"');
    const recvTsMs = this.timestamp(line.slice(sp + 4, colon));
    const raw = line.slice(colon + 2);
    const value = parseJsonOrThrow(raw, 'REST reply');
    out.push(makeFrame(recvTsMs, 'rest', undefined, line.slice(0, sp), value, raw, this.source));
    return true;
  }

  finish(): void {}

  private timestamp(text: string): number {
    const ms = secondsToMs(text);
    if (Number.isNaN(ms)) throw new LineError(`bad timestamp "${text.slice(0, 24)}" (expected epoch seconds)`);
    return ms;
  }
}
