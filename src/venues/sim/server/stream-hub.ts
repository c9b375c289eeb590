/**
 * Turns market events into venue frames and publishes them on uWS topics, encoding only streams somebody
 * listens to. Each stream has two topics: `r:<name>` (raw payload) and `c:<name>` (combined envelope), so a
 * frame is encoded once and fanned out by uWS. Depth faults (gap, reorder) and malformed frames are applied
 * here, on the way out, so the generator stays pure.
 */
import type { TemplatedApp } from '../../../runtime/uws.js';
import type { KlineBar } from '../market/klines.js';
import type { AggTradePrint, ForceOrderPrint, MarketSink } from '../market/market-events.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { DepthFaults } from './depth-faults.js';
import { FrameEncoder } from './frame-encoder.js';

interface HeldDiff {
  symbol: string;
  pu: number;
  u: number;
  payload: string;
}

export class StreamHub implements MarketSink {
  readonly encoders = new Map<string, FrameEncoder>();
  /** Stream name → number of connections listening (raw or combined). */
  private readonly interest = new Map<string, number>();
  private app: TemplatedApp | undefined;
  private markArr: string[] = [];
  private markArr1s: string[] = [];
  private readonly tradeScratch: string[] = [];
  /** Per depth stream, the event a reorder fault holds until the next one has gone out. */
  private readonly held = new Map<string, HeldDiff>();
  readonly faults = new DepthFaults();
  malformedRemaining = 0;
  framesOut = 0;

  attach(app: TemplatedApp): void {
    this.app = app;
  }

  addMarket(m: SymbolMarket): void {
    this.encoders.set(m.symbol, new FrameEncoder(m));
  }

  addInterest(name: string): void {
    this.interest.set(name, (this.interest.get(name) ?? 0) + 1);
  }

  removeInterest(name: string): void {
    const n = (this.interest.get(name) ?? 0) - 1;
    if (n <= 0) this.interest.delete(name);
    else this.interest.set(name, n);
  }

  private wants(name: string): boolean {
    return this.interest.has(name);
  }

  /** Publishes one payload on both topics of `name`; true when a `malformed` fault cut it. */
  publish(name: string, payload: string): boolean {
    const app = this.app;
    if (!app) return false;
    let raw = payload;
    if (this.malformedRemaining > 0) {
      this.malformedRemaining--;
      // Cut mid-object: invalid JSON a client must survive.
      raw = payload.slice(0, Math.max(1, payload.length >> 1));
      app.publish(`r:${name}`, raw, false);
      app.publish(`c:${name}`, `{"stream":"${name}","data":${raw}`, false);
      this.framesOut += 2;
      return true;
    }
    app.publish(`r:${name}`, raw, false);
    app.publish(`c:${name}`, `{"stream":"${name}","data":${raw}}`, false);
    this.framesOut += 2;
    return false;
  }

  aggTrade(symbol: string, E: number, t: AggTradePrint): void {
    const enc = this.encoders.get(symbol);
    if (!enc) return;
    const aggName = enc.names.aggTrade;
    if (this.wants(aggName)) this.publish(aggName, enc.aggTrade(E, t));
    const tradeName = enc.names.trade;
    if (this.wants(tradeName)) {
      const out = this.tradeScratch;
      out.length = 0;
      enc.trades(E, t, out);
      for (const frame of out) this.publish(tradeName, frame);
    }
  }

  depth(
    symbol: string,
    cadence: number,
    E: number,
    U: number,
    u: number,
    pu: number,
    bids: number[],
    asks: number[],
  ): void {
    const enc = this.encoders.get(symbol);
    if (!enc) return;
    const names = enc.names.depth[cadence] as string[];
    let wanted = false;
    for (const n of names) if (this.wants(n)) wanted = true;
    // A fault is spent only on an event somebody would have received, so it is always visible downstream.
    const dropped = wanted && this.faults.drop(symbol, pu, u);
    // The partner of a pending swap is never held itself: it goes out first, then the held one.
    let pending = false;
    for (const n of names) if (this.held.has(n)) pending = true;
    const hold = wanted && !dropped && !pending && this.faults.hold(symbol, pu, u);
    let payload: string | undefined;
    for (const name of names) {
      if (dropped || !this.wants(name)) continue;
      payload ??= enc.depthUpdate(E, U, u, pu, bids, asks);
      this.publishDepth(name, symbol, pu, u, payload, hold);
    }
    for (const [name, levels] of enc.names.partial[cadence] as Array<[string, number]>) {
      if (this.wants(name)) this.publish(name, enc.partialDepth(E, U, u, pu, levels));
    }
  }

  /** Sends the diff on `name`, after it any diff held there; or holds it when `hold`. */
  private publishDepth(name: string, symbol: string, pu: number, u: number, payload: string, hold: boolean): void {
    const held = this.held.get(name);
    if (held !== undefined) {
      this.held.delete(name);
      this.publishDiff(name, symbol, pu, u, payload);
      this.publishDiff(name, held.symbol, held.pu, held.u, held.payload);
      return;
    }
    if (hold) {
      this.held.set(name, { symbol, pu, u, payload });
      return;
    }
    this.publishDiff(name, symbol, pu, u, payload);
  }

  /** A diff cut by a `malformed` fault is lost to the client like a dropped one: logged with the depth faults. */
  private publishDiff(name: string, symbol: string, pu: number, u: number, payload: string): void {
    if (this.publish(name, payload)) this.faults.cut(symbol, pu, u);
  }

  bookTicker(symbol: string, u: number, E: number): void {
    const name = `${symbol.toLowerCase()}@bookTicker`;
    const all = this.wants('!bookTicker');
    if (!this.wants(name) && !all) return;
    const payload = (this.encoders.get(symbol) as FrameEncoder).bookTicker(u, E);
    if (this.wants(name)) this.publish(name, payload);
    if (all) this.publish('!bookTicker', payload);
  }

  markPrice(symbol: string, E: number, every3s: boolean): void {
    const lower = symbol.toLowerCase();
    const enc = this.encoders.get(symbol) as FrameEncoder;
    const n1 = `${lower}@markPrice@1s`;
    const n3 = `${lower}@markPrice`;
    const arr1 = this.wants('!markPrice@arr@1s');
    const arr3 = every3s && this.wants('!markPrice@arr');
    if (!this.wants(n1) && !(every3s && this.wants(n3)) && !arr1 && !arr3) return;
    const payload = enc.markPrice(E);
    if (this.wants(n1)) this.publish(n1, payload);
    if (every3s && this.wants(n3)) this.publish(n3, payload);
    if (arr1) this.markArr1s.push(payload);
    if (arr3) this.markArr.push(payload);
  }

  forceOrder(symbol: string, E: number, o: ForceOrderPrint): void {
    const name = `${symbol.toLowerCase()}@forceOrder`;
    const all = this.wants('!forceOrder@arr');
    if (!this.wants(name) && !all) return;
    const payload = (this.encoders.get(symbol) as FrameEncoder).forceOrder(E, o);
    if (this.wants(name)) this.publish(name, payload);
    if (all) this.publish('!forceOrder@arr', payload);
  }

  klineClosed(symbol: string, E: number, bar: KlineBar): void {
    const name = `${symbol.toLowerCase()}@kline_${bar.interval}`;
    if (this.wants(name)) this.publish(name, (this.encoders.get(symbol) as FrameEncoder).kline(E, bar, true));
  }

  /** Called once per generator step after every symbol stepped: array streams and 250 ms kline updates. */
  endStep(t: number): void {
    if (this.markArr1s.length > 0) {
      this.publish('!markPrice@arr@1s', `[${this.markArr1s.join(',')}]`);
      this.markArr1s = [];
    }
    if (this.markArr.length > 0) {
      this.publish('!markPrice@arr', `[${this.markArr.join(',')}]`);
      this.markArr = [];
    }
    if (t % 250 !== 0) return;
    for (const enc of this.encoders.values()) {
      const names = enc.names.kline;
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        if (this.wants(name)) this.publish(name, enc.kline(t, enc.market.klines.bars[i] as KlineBar, false));
      }
    }
  }
}
