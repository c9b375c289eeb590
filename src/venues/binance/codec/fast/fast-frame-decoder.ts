/**
 * `FastFrameDecoder`: a combined-stream WS frame `{"stream":"…","data":{"e":"<kind>",…}}` → the same
 * `StreamEvent` that `JSON.parse` + `decodeEvent` give, read straight from the text (numbers from the chars, no
 * parsed tree). It takes a range of a string, so replay can hand it lines inside one batch string. It knows
 * the shapes the venue sends (depthUpdate, bookTicker, trade, aggTrade, markPriceUpdate, forceOrder); any other
 * frame, or any frame it cannot read on the plain happy path, returns undefined and the caller takes the JSON
 * path, which decides (and throws the coded error). It never returns an event the JSON path would not.
 * Equality with the JSON path over every recorded frame and over generated ones: test/venues/binance/fast-decoder.test.ts;
 * speed: bench/fast-decode.bench.ts.
 */
import type { StreamEvent } from '../../../../schema/market-events.js';
import { readBookTicker, readDepthUpdate, readMarkPrice } from './fast-book-events.js';
import { readForceOrder } from './fast-force-order.js';
import { readAggTrade, readTrade } from './fast-trade-events.js';
import { JsonCursor } from './json-cursor.js';
import { StringIntern } from './string-intern.js';

export class FastFrameDecoder {
  /** The stream name of the last frame decoded (interned: the same string object for a repeated name). */
  stream = '';
  private readonly cursor = new JsonCursor();
  private readonly intern = new StringIntern();

  /** `text[start, end)` is one whole frame; the event, or undefined to take the JSON path. */
  decode(text: string, start: number, end: number): StreamEvent | undefined {
    const c = this.cursor;
    c.reset(text, start, end);
    if (!c.expect(123 /* { */) || c.key() !== 0 || !c.stringIs('stream') || !c.string()) return undefined;
    const streamStart = c.strStart;
    const streamEnd = c.strEnd;
    if (!c.expect(44 /* , */) || c.key() !== 0 || !c.stringIs('data')) return undefined;
    const event = this.payload(c);
    // Anything after the payload but the envelope's `}` (another key, trailing text) goes the JSON way.
    if (event === undefined || !c.expect(125 /* } */) || !c.atEnd()) return undefined;
    this.stream = this.intern.get(text, streamStart, streamEnd);
    return event;
  }

  /** `{"e":"<kind>", …}` → the kind's reader, which reads up to and including the closing `}`. */
  private payload(c: JsonCursor): StreamEvent | undefined {
    if (!c.expect(123) || c.key() !== 101 /* e */ || !c.string()) return undefined;
    const t = c.text;
    const s = c.strStart;
    switch (c.strEnd - s) {
      case 5:
        return t.startsWith('trade', s) ? readTrade(c, this.intern) : undefined;
      case 8:
        return t.startsWith('aggTrade', s) ? readAggTrade(c, this.intern) : undefined;
      case 10:
        if (t.startsWith('bookTicker', s)) return readBookTicker(c, this.intern);
        return t.startsWith('forceOrder', s) ? readForceOrder(c, this.intern) : undefined;
      case 11:
        return t.startsWith('depthUpdate', s) ? readDepthUpdate(c, this.intern) : undefined;
      case 15:
        return t.startsWith('markPriceUpdate', s) ? readMarkPrice(c, this.intern) : undefined;
      default:
        return undefined;
    }
  }
}
