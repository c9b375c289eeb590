/**
 * Tape replay mode: serves a recorded session as the market. Frames from the tapes (our ndjson, hftbacktest
 * `<ts> <json>` gzip, cryptofeed `<ts>: <json>`; merged by receive time) are published on the stream names they
 * were recorded under, paced by their receive times x `speed`, byte-exact (the recorded payload is forwarded,
 * not re-encoded). A local book per symbol (recorded snapshot + the diffs replayed so far) answers
 * `GET /fapi/v1/depth`, so a snapshot lines up with the replayed diff stream as it did live; `market` keeps the
 * prints, bars, tickers, mark price and open interest replayed so far for the other REST answers.
 */
import { TapelineError, errorMessage } from '../../../schema/errors.js';
import { mergeTapes } from '../../tape/merge-tapes.js';
import type { TapeFrame } from '../../tape/tape-frame.js';
import type { StreamHub } from './stream-hub.js';
import { parseStream } from './stream-names.js';
import { TapeMarketState } from './tape-market-state.js';
import { TapeStreamAliases, toAggTrade } from './tape-stream-aliases.js';

interface ReplayBook {
  bids: Map<string, string>;
  asks: Map<string, string>;
  lastUpdateId: number;
  E: number;
  T: number;
}

export class TapeReplay {
  readonly books = new Map<string, ReplayBook>();
  readonly symbols = new Set<string>();
  /** What tape-mode REST market data answers from (tape-market-routes.ts). */
  readonly market = new TapeMarketState();
  framesOut = 0;
  done = false;
  error: Error | undefined;
  private stopped = false;
  private readonly aliases = new TapeStreamAliases();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly paths: string[],
    private readonly hub: StreamHub,
    private readonly speed: number,
    private readonly clock: () => number,
    /** Sees every frame before the clients do (the tape mode's paper venue). */
    private readonly sink?: { onFrame(frame: TapeFrame): void },
  ) {}

  start(): void {
    this.loop = this.run().catch((err: unknown) => {
      // A broken tape ends the replay; the venue stays up and reports it in /_sim/state.
      this.error = new TapelineError('TL_SIM_TAPE_FAILED', `tape replay stopped: ${errorMessage(err)}`, { cause: err });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        resolve();
      }, ms);
    });
  }

  private async run(): Promise<void> {
    let first: number | undefined;
    const wallStart = this.clock();
    for await (const frame of mergeTapes(this.paths)) {
      if (this.stopped) break;
      first ??= frame.recvTsMs;
      const due = wallStart + (frame.recvTsMs - first) / this.speed;
      const wait = due - this.clock();
      if (wait > 1) await this.sleep(wait);
      if (this.stopped) break;
      this.apply(frame);
    }
    this.done = true;
  }

  private apply(frame: TapeFrame): void {
    this.sink?.onFrame(frame);
    if (frame.kind === 'rest') {
      this.restFrame(frame);
      return;
    }
    const data = frame.data as Record<string, unknown> | undefined;
    const stream = frame.stream ?? streamOf(data);
    if (!stream) return;
    const parsed = parseStream(stream);
    if (!parsed) return;
    if (parsed.symbol !== '*') this.symbols.add(parsed.symbol);
    if (data && parsed.symbol !== '*') this.market.onEvent(parsed.symbol, data);
    if (data && data.e === 'depthUpdate' && parsed.stream.kind === 'depth') this.applyDiff(parsed.symbol, data);
    const payload = payloadOf(frame);
    this.hub.publish(parsed.name, payload);
    if (parsed.symbol !== '*' && data)
      for (const alias of this.aliases.aliases(parsed.name, parsed.symbol.toLowerCase(), String(data.e))) {
        const out = alias.endsWith('@aggTrade') ? toAggTrade(data) : payload;
        if (out !== undefined) this.hub.publish(alias, out);
      }
    this.framesOut++;
  }

  private restFrame(frame: TapeFrame): void {
    const url = frame.url ?? '';
    this.market.onRest(url, frame.data);
    const m = /\/depth\?.*symbol=([A-Za-z0-9]+)/.exec(url);
    const snap = frame.data as
      | { lastUpdateId?: number; E?: number; T?: number; bids?: string[][]; asks?: string[][] }
      | undefined;
    if (!m || !snap || typeof snap.lastUpdateId !== 'number') return;
    const symbol = (m[1] as string).toUpperCase();
    this.symbols.add(symbol);
    this.books.set(symbol, {
      bids: new Map((snap.bids ?? []).map((l) => [l[0] as string, l[1] as string])),
      asks: new Map((snap.asks ?? []).map((l) => [l[0] as string, l[1] as string])),
      lastUpdateId: snap.lastUpdateId,
      E: snap.E ?? 0,
      T: snap.T ?? 0,
    });
  }

  private applyDiff(symbol: string, d: Record<string, unknown>): void {
    let book = this.books.get(symbol);
    if (!book) {
      book = { bids: new Map(), asks: new Map(), lastUpdateId: 0, E: 0, T: 0 };
      this.books.set(symbol, book);
    }
    const u = d.u as number;
    if (u < book.lastUpdateId) return;
    for (const [key, side] of [
      ['b', book.bids],
      ['a', book.asks],
    ] as const) {
      for (const [p, q] of (d[key] as string[][]) ?? []) {
        if (Number(q) === 0) side.delete(p as string);
        else side.set(p as string, q as string);
      }
    }
    book.lastUpdateId = u;
    book.E = d.E as number;
    book.T = (d.T as number) ?? book.E;
  }

  /** Best bid and ask of the replayed book with its update id and time; undefined without both sides. */
  bestLevels(symbol: string): { bid: [string, string]; ask: [string, string]; u: number; T: number } | undefined {
    const book = this.books.get(symbol);
    if (!book) return undefined;
    let bid: [string, string] | undefined;
    let ask: [string, string] | undefined;
    for (const [p, q] of book.bids) if (bid === undefined || Number(p) > Number(bid[0])) bid = [p, q];
    for (const [p, q] of book.asks) if (ask === undefined || Number(p) < Number(ask[0])) ask = [p, q];
    return bid && ask ? { bid, ask, u: book.lastUpdateId, T: book.T } : undefined;
  }

  /** The replayed book as a REST depth body, or undefined when the tape has no book for the symbol. */
  depthJson(symbol: string, limit: number): string | undefined {
    const book = this.books.get(symbol);
    if (!book) return undefined;
    const side = (levels: Map<string, string>, desc: boolean): string =>
      JSON.stringify(
        [...levels].sort((a, b) => (desc ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, limit),
      );
    return `{"lastUpdateId":${book.lastUpdateId},"E":${book.E},"T":${book.T},"bids":${side(book.bids, true)},"asks":${side(book.asks, false)}}`;
  }
}

/** Raw `/ws` tapes carry no stream name: derive it from the payload. */
function streamOf(data: Record<string, unknown> | undefined): string | undefined {
  if (!data || typeof data.s !== 'string') return undefined;
  const s = data.s.toLowerCase();
  switch (data.e) {
    case 'aggTrade':
      return `${s}@aggTrade`;
    case 'trade':
      return `${s}@trade`;
    case 'depthUpdate':
      return `${s}@depth`;
    case 'bookTicker':
      return `${s}@bookTicker`;
    case 'markPriceUpdate':
      return `${s}@markPrice`;
    default:
      return undefined;
  }
}

/** The recorded payload bytes: the `data` of a combined envelope, or the whole raw frame. */
function payloadOf(frame: TapeFrame): string {
  const raw = frame.raw;
  if (raw.startsWith('{"stream":')) {
    const i = raw.indexOf('"data":');
    if (i > 0 && raw.endsWith('}')) return raw.slice(i + 7, -1);
  }
  if (raw.startsWith('{')) return raw;
  return JSON.stringify(frame.data);
}
