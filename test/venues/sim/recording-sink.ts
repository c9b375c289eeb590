/**
 * A MarketSink that encodes every event to venue frames (as the server would) and keeps them in order:
 * the reference for determinism and shape tests of the generator.
 */
import type { KlineBar } from '../../../src/venues/sim/market/klines.js';
import type { AggTradePrint, ForceOrderPrint, MarketSink } from '../../../src/venues/sim/market/market-events.js';
import type { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { FrameEncoder } from '../../../src/venues/sim/server/frame-encoder.js';

export class RecordingSink implements MarketSink {
  readonly frames: Array<{ stream: string; json: string }> = [];
  private readonly encoders = new Map<string, FrameEncoder>();

  add(m: SymbolMarket): void {
    this.encoders.set(m.symbol, new FrameEncoder(m));
  }

  private enc(symbol: string): FrameEncoder | undefined {
    return this.encoders.get(symbol);
  }

  aggTrade(symbol: string, E: number, t: AggTradePrint): void {
    const enc = this.enc(symbol);
    if (!enc) return;
    this.frames.push({ stream: 'aggTrade', json: enc.aggTrade(E, t) });
    const out: string[] = [];
    enc.trades(E, t, out);
    for (const json of out) this.frames.push({ stream: 'trade', json });
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
    const enc = this.enc(symbol);
    if (enc) this.frames.push({ stream: `depth:${cadence}`, json: enc.depthUpdate(E, U, u, pu, bids, asks) });
  }

  bookTicker(symbol: string, u: number, E: number): void {
    const enc = this.enc(symbol);
    if (enc) this.frames.push({ stream: 'bookTicker', json: enc.bookTicker(u, E) });
  }

  markPrice(symbol: string, E: number): void {
    const enc = this.enc(symbol);
    if (enc) this.frames.push({ stream: 'markPrice', json: enc.markPrice(E) });
  }

  forceOrder(symbol: string, E: number, o: ForceOrderPrint): void {
    const enc = this.enc(symbol);
    if (enc) this.frames.push({ stream: 'forceOrder', json: enc.forceOrder(E, o) });
  }

  klineClosed(symbol: string, E: number, bar: KlineBar): void {
    const enc = this.enc(symbol);
    if (enc) this.frames.push({ stream: `kline_${bar.interval}`, json: enc.kline(E, bar, true) });
  }
}
