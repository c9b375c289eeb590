/**
 * Fixed binary layouts for the two market envelopes that make up nearly all channel traffic (an aggTrade, with or
 * without the venue's `nq`, or a depthUpdate routed by ingest to a symbol actor). Every field is a float64 at a fixed offset, so encoding is a
 * few stores and decoding a few loads: no generic serializer code to page back in after a thread wakes from
 * sleep. Justified by bench/frame-codec.bench.ts and the tick-to-trade hop breakdown in bench/RESULTS.md.
 *
 * Invariants: a frame starts with LAYOUT_TAG (0xc1, the one byte msgpack never uses and msgpackr only emits
 * with `bundleStrings`, which FrameCodec does not enable), so FrameCodec tells the two encodings apart by the
 * first byte. A layout is used only when the message has exactly the expected keys and value types; anything
 * else (an extra field, a non-ASCII symbol, a side other than buy/sell) falls back to msgpackr, so no field
 * is ever lost. Numbers round-trip bit for bit (float64), so replays and stateHash are unchanged.
 */
import type { AggTradeEvent, DepthUpdateEvent, Level } from '../../schema/market-events.js';
import type { MarketEnvelope } from '../../schema/internal-messages.js';

export const LAYOUT_TAG = 0xc1;
const AGG_TRADE = 1;
const DEPTH_UPDATE = 2;
/** An aggTrade with the venue's `nq` (nonRpiQty, sent since 2025-12): AGG_TRADE plus one field. */
const AGG_TRADE_NQ = 3;

/** [tag u8][layout u8][side u8 | 0][symbol length u8][4 unused] float64 fields from HEADER, levels, symbol. */
const HEADER = 8;
const AGG_FIELDS = 9; // recvTs seq eventTime tradeTime aggTradeId firstTradeId lastTradeId price qty
const DEPTH_FIELDS = 9; // recvTs seq eventTime transactionTime U u pu nBids nAsks
const MAX_SYMBOL = 64;

const ENVELOPE_KEYS = 5;
const AGG_KEYS = 10;
const DEPTH_KEYS = 9;

function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

/** ASCII only (every venue symbol is); returns -1 for anything the layout cannot carry. */
function symbolLength(s: unknown): number {
  if (typeof s !== 'string' || s.length > MAX_SYMBOL) return -1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return -1;
  return s.length;
}

function numbers(a: unknown, b: unknown, c: unknown, d: unknown, e: unknown): boolean {
  return (
    typeof a === 'number' &&
    typeof b === 'number' &&
    typeof c === 'number' &&
    typeof d === 'number' &&
    typeof e === 'number'
  );
}

function levelsOk(levels: unknown): levels is Level[] {
  if (!Array.isArray(levels)) return false;
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    if (!Array.isArray(l) || l.length !== 2 || typeof l[0] !== 'number' || typeof l[1] !== 'number') return false;
  }
  return true;
}

/** Encoder with one reusable output buffer: the returned bytes are valid until the next call (the ring copies). */
export class MarketLayoutWriter {
  private bytes = new Uint8Array(4096);
  private f64 = new DataView(this.bytes.buffer);

  /** The frame for `message`, or undefined when it is not one of the laid-out envelopes. */
  encode(message: unknown): Uint8Array | undefined {
    if (typeof message !== 'object' || message === null) return undefined;
    const env = message as MarketEnvelope;
    if (env.type !== 'market' || typeof env.recvTs !== 'number' || typeof env.seq !== 'number') return undefined;
    const event = env.event as AggTradeEvent | DepthUpdateEvent | null;
    if (typeof event !== 'object' || event === null || event.symbol !== env.symbol) return undefined;
    const symLen = symbolLength(env.symbol);
    if (symLen < 0 || keyCount(env) !== ENVELOPE_KEYS) return undefined;
    if (event.kind === 'aggTrade') return this.aggTrade(env, event, symLen);
    if (event.kind === 'depthUpdate') return this.depthUpdate(env, event, symLen);
    return undefined;
  }

  private aggTrade(env: MarketEnvelope, e: AggTradeEvent, symLen: number): Uint8Array | undefined {
    const nq = e.nonRpiQty;
    const keys = nq === undefined ? AGG_KEYS : AGG_KEYS + 1;
    if ((e.side !== 'buy' && e.side !== 'sell') || keyCount(e) !== keys) return undefined;
    if (nq !== undefined && typeof nq !== 'number') return undefined;
    if (
      !numbers(e.eventTime, e.tradeTime, e.aggTradeId, e.firstTradeId, e.lastTradeId) ||
      !numbers(e.price, e.qty, 0, 0, 0)
    ) {
      return undefined;
    }
    const d = this.f64;
    d.setUint8(0, LAYOUT_TAG);
    d.setUint8(1, nq === undefined ? AGG_TRADE : AGG_TRADE_NQ);
    d.setUint8(2, e.side === 'buy' ? 0 : 1);
    d.setUint8(3, symLen);
    d.setFloat64(HEADER + 0, env.recvTs, true);
    d.setFloat64(HEADER + 8, env.seq, true);
    d.setFloat64(HEADER + 16, e.eventTime, true);
    d.setFloat64(HEADER + 24, e.tradeTime, true);
    d.setFloat64(HEADER + 32, e.aggTradeId, true);
    d.setFloat64(HEADER + 40, e.firstTradeId, true);
    d.setFloat64(HEADER + 48, e.lastTradeId, true);
    d.setFloat64(HEADER + 56, e.price, true);
    d.setFloat64(HEADER + 64, e.qty, true);
    if (nq === undefined) return this.finish(HEADER + AGG_FIELDS * 8, env.symbol);
    d.setFloat64(HEADER + 72, nq, true);
    return this.finish(HEADER + (AGG_FIELDS + 1) * 8, env.symbol);
  }

  private depthUpdate(env: MarketEnvelope, e: DepthUpdateEvent, symLen: number): Uint8Array | undefined {
    if (keyCount(e) !== DEPTH_KEYS || !levelsOk(e.bids) || !levelsOk(e.asks)) return undefined;
    if (!numbers(e.eventTime, e.transactionTime, e.firstUpdateId, e.finalUpdateId, e.prevFinalUpdateId))
      return undefined;
    const levelsAt = HEADER + DEPTH_FIELDS * 8;
    this.reserve(levelsAt + (e.bids.length + e.asks.length) * 16 + symLen);
    const d = this.f64;
    d.setUint8(0, LAYOUT_TAG);
    d.setUint8(1, DEPTH_UPDATE);
    d.setUint8(2, 0);
    d.setUint8(3, symLen);
    d.setFloat64(HEADER + 0, env.recvTs, true);
    d.setFloat64(HEADER + 8, env.seq, true);
    d.setFloat64(HEADER + 16, e.eventTime, true);
    d.setFloat64(HEADER + 24, e.transactionTime, true);
    d.setFloat64(HEADER + 32, e.firstUpdateId, true);
    d.setFloat64(HEADER + 40, e.finalUpdateId, true);
    d.setFloat64(HEADER + 48, e.prevFinalUpdateId, true);
    d.setFloat64(HEADER + 56, e.bids.length, true);
    d.setFloat64(HEADER + 64, e.asks.length, true);
    const end = this.levels(e.asks, this.levels(e.bids, levelsAt));
    return this.finish(end, env.symbol);
  }

  private levels(side: Level[], at: number): number {
    const d = this.f64;
    for (let i = 0; i < side.length; i++, at += 16) {
      d.setFloat64(at, side[i]![0], true);
      d.setFloat64(at + 8, side[i]![1], true);
    }
    return at;
  }

  private reserve(size: number): void {
    if (size <= this.bytes.length) return;
    let cap = this.bytes.length;
    while (cap < size) cap *= 2;
    this.bytes = new Uint8Array(cap);
    this.f64 = new DataView(this.bytes.buffer);
  }

  private finish(at: number, symbol: string): Uint8Array {
    for (let i = 0; i < symbol.length; i++) this.bytes[at + i] = symbol.charCodeAt(i);
    return this.bytes.subarray(0, at + symbol.length);
  }
}

/** Decoder; keeps the last symbol string so a symbol actor's frames do not allocate a new one each time. */
export class MarketLayoutReader {
  private lastSymbol = '';
  private view: DataView | undefined;

  /** Decodes a frame whose first byte is LAYOUT_TAG. */
  decode(bytes: Uint8Array): MarketEnvelope {
    const d = this.viewOf(bytes);
    const layout = d.getUint8(1);
    const symbol = this.symbol(bytes, d.getUint8(3));
    const recvTs = d.getFloat64(HEADER, true);
    const seq = d.getFloat64(HEADER + 8, true);
    if (layout === AGG_TRADE || layout === AGG_TRADE_NQ) {
      const event: AggTradeEvent = {
        kind: 'aggTrade',
        symbol,
        eventTime: d.getFloat64(HEADER + 16, true),
        tradeTime: d.getFloat64(HEADER + 24, true),
        aggTradeId: d.getFloat64(HEADER + 32, true),
        firstTradeId: d.getFloat64(HEADER + 40, true),
        lastTradeId: d.getFloat64(HEADER + 48, true),
        price: d.getFloat64(HEADER + 56, true),
        qty: d.getFloat64(HEADER + 64, true),
        side: d.getUint8(2) === 0 ? 'buy' : 'sell',
      };
      if (layout === AGG_TRADE_NQ) event.nonRpiQty = d.getFloat64(HEADER + 72, true);
      return { type: 'market', symbol, recvTs, seq, event };
    }
    if (layout !== DEPTH_UPDATE) throw new Error(`unknown market frame layout ${layout}`);
    const nBids = d.getFloat64(HEADER + 56, true);
    const nAsks = d.getFloat64(HEADER + 64, true);
    let at = HEADER + DEPTH_FIELDS * 8;
    const bids: Level[] = new Array(nBids);
    for (let i = 0; i < nBids; i++, at += 16) bids[i] = [d.getFloat64(at, true), d.getFloat64(at + 8, true)];
    const asks: Level[] = new Array(nAsks);
    for (let i = 0; i < nAsks; i++, at += 16) asks[i] = [d.getFloat64(at, true), d.getFloat64(at + 8, true)];
    const event: DepthUpdateEvent = {
      kind: 'depthUpdate',
      symbol,
      eventTime: d.getFloat64(HEADER + 16, true),
      transactionTime: d.getFloat64(HEADER + 24, true),
      firstUpdateId: d.getFloat64(HEADER + 32, true),
      finalUpdateId: d.getFloat64(HEADER + 40, true),
      prevFinalUpdateId: d.getFloat64(HEADER + 48, true),
      bids,
      asks,
    };
    return { type: 'market', symbol, recvTs, seq, event };
  }

  /** The inbox decodes every frame from the same scratch buffer: one DataView serves them all. */
  private viewOf(bytes: Uint8Array): DataView {
    const v = this.view;
    if (v && v.buffer === bytes.buffer && v.byteOffset === bytes.byteOffset && v.byteLength >= bytes.byteLength)
      return v;
    const fresh = new DataView(bytes.buffer, bytes.byteOffset, bytes.buffer.byteLength - bytes.byteOffset);
    this.view = fresh;
    return fresh;
  }

  /** The symbol's ASCII bytes end every frame. */
  private symbol(bytes: Uint8Array, len: number): string {
    const start = bytes.length - len;
    const last = this.lastSymbol;
    let same = last.length === len;
    for (let i = 0; same && i < len; i++) same = bytes[start + i] === last.charCodeAt(i);
    if (same) return last;
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(bytes[start + i]!);
    this.lastSymbol = s;
    return s;
  }
}
