/**
 * Encoding of channel frames. The two market envelopes that carry almost all traffic (aggTrade, depthUpdate)
 * use a fixed binary layout (market-frame-layout.ts); a message its sender already serialized as JSON (metrics
 * snapshots) goes as that text (json-text-frame.ts); everything else is msgpackr with the schema's shared
 * structures. The first byte tells them apart. One codec per channel end: `encode` returns bytes valid only
 * until the next call (the ring copies them).
 */
import { Packr, Unpackr } from 'msgpackr';
import { sharedStructures } from '../../schema/shared-structures.js';
import { decodeJsonText, JSON_TEXT, JsonTextWriter } from './json-text-frame.js';
import { LAYOUT_TAG, MarketLayoutReader, MarketLayoutWriter } from './market-frame-layout.js';

export class FrameCodec {
  private readonly packr: Packr;
  private readonly unpackr: Unpackr;
  private readonly layoutWriter = new MarketLayoutWriter();
  private readonly layoutReader = new MarketLayoutReader();
  private readonly jsonWriter = new JsonTextWriter();

  constructor() {
    const structures = sharedStructures();
    // maxSharedStructures = the schema's count: unknown shapes are written inline instead of being added to a
    // list the other thread would not know about.
    this.packr = new Packr({ structures, maxSharedStructures: structures.length, useRecords: true });
    const theirs = sharedStructures();
    this.unpackr = new Unpackr({ structures: theirs, maxSharedStructures: theirs.length, useRecords: true });
  }

  encode(message: unknown): Uint8Array {
    return this.layoutWriter.encode(message) ?? this.jsonWriter.encode(message) ?? this.packr.pack(message);
  }

  decode(bytes: Uint8Array): unknown {
    if (bytes[0] === LAYOUT_TAG)
      return bytes[1] === JSON_TEXT ? decodeJsonText(bytes) : this.layoutReader.decode(bytes);
    return this.unpackr.unpack(bytes);
  }
}
