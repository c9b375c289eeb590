/**
 * A message its sender has already serialized as JSON (the symbol actor writes each metrics snapshot to
 * metrics.jsonl as JSON anyway) travels as that text: [LAYOUT_TAG][JSON_TEXT][UTF-8], decoded with JSON.parse.
 * One serialization instead of JSON for the log plus msgpackr for the channel: msgpackr encode of a metrics
 * snapshot cost 13-36 µs against 1-2 µs to copy its 2 KB of text (bench/RESULTS.md "Full-market load: publish
 * path"). The consumer gets the object JSON.parse gives, the same the log line and a JSON client see.
 *
 * The sender calls `preEncodedJson(message, text)` just before `ctx.send(topic, message)` and ends the claim
 * after it: the actor API and what a test's fake context receives stay the plain object; only this thread's
 * FrameCodec sees the text. One slot, no map: the claim holds for the very object passed, so a different message
 * is encoded as usual.
 */
import { LAYOUT_TAG } from './market-frame-layout.js';

/** Second byte after LAYOUT_TAG (market-frame-layout.ts uses 1-3). */
export const JSON_TEXT = 4;

let claimed: object | undefined;
let claimedText = '';

/**
 * `text` is JSON.stringify(message): the next encodes of this very object on this thread may send it as is
 * (every channel of the topic: gateway, bridge). `preEncodedJson(undefined)` after the send ends the claim.
 */
export function preEncodedJson(message: object | undefined, text = ''): void {
  claimed = message;
  claimedText = text;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class JsonTextWriter {
  private buf = new Uint8Array(4096);

  /** The frame for `message` if its JSON text was claimed, else undefined. Valid until the next call. */
  encode(message: unknown): Uint8Array | undefined {
    if (message !== claimed || message === undefined) return undefined;
    const text = claimedText;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.buf.length < text.length * 3 + 2) this.buf = new Uint8Array(text.length * 3 + 2);
    this.buf[0] = LAYOUT_TAG;
    this.buf[1] = JSON_TEXT;
    const { written } = encoder.encodeInto(text, this.buf.subarray(2));
    return this.buf.subarray(0, 2 + written);
  }
}

export function decodeJsonText(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes.subarray(2)));
}
