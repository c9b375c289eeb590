/**
 * A trivial paper venue for composition tests: every order is accepted 1 ms after it is sent and filled whole
 * at its limit price as a taker 1 ms later; cancels succeed. Same shapes as the real one (paper-venue-api.ts).
 */
import type { MarketEvent } from '../../../src/schema/market-events.js';
import type { PaperEvent, PaperOrderRequest, PaperVenue } from '../../../src/venues/paper/paper-venue-api.js';

export class FakePaperVenue implements PaperVenue {
  readonly placed: PaperOrderRequest[] = [];
  readonly cancels: string[] = [];
  private events: PaperEvent[] = [];
  private position = 0;
  markets = 0;

  onMarket(_e: MarketEvent, _recvTs: number): void {
    this.markets++;
  }

  place(r: PaperOrderRequest, ts: number): void {
    this.placed.push(r);
    const qty = Number(r.quantity);
    const price = Number(r.price);
    const fee = (price * qty * 5) / 10_000;
    this.position += r.side === 'BUY' ? qty : -qty;
    const o = {
      s: r.symbol,
      c: r.newClientOrderId,
      S: r.side,
      p: r.price,
      q: r.quantity,
      f: r.timeInForce,
      i: this.placed.length,
      T: ts + 2,
      rp: '0',
    };
    this.events.push(
      { kind: 'reply', at: ts + 1, request: 'place', clientOrderId: r.newClientOrderId, ok: true, code: 0, msg: '' },
      {
        kind: 'user',
        at: ts + 1,
        event: {
          e: 'ORDER_TRADE_UPDATE',
          E: ts + 1,
          o: { ...o, x: 'NEW', X: 'NEW', l: '0', z: '0', L: '0', ap: '0', n: '0' },
        },
      },
      {
        kind: 'fill-detail',
        at: ts + 2,
        clientOrderId: r.newClientOrderId,
        liquidity: 'taker',
        queueAheadAtEntry: 0,
        latencyMs: 1,
        fee,
      },
      {
        kind: 'user',
        at: ts + 2,
        event: {
          e: 'ORDER_TRADE_UPDATE',
          E: ts + 2,
          o: { ...o, x: 'TRADE', X: 'FILLED', l: r.quantity, z: r.quantity, L: r.price, ap: r.price, n: String(fee) },
        },
      },
    );
  }

  cancel(_symbol: string, clientOrderId: string, ts: number): void {
    this.cancels.push(clientOrderId);
    this.events.push({
      kind: 'reply',
      at: ts + 1,
      request: 'cancel',
      clientOrderId,
      ok: false,
      code: -2011,
      msg: 'Unknown order sent.',
    });
  }

  cancelAll(symbol: string, _ts: number): void {
    this.cancels.push(`all:${symbol}`);
  }

  drainDue(ts: number, out: PaperEvent[]): number {
    const due = this.events.filter((e) => e.at <= ts);
    this.events = this.events.filter((e) => e.at > ts);
    out.push(...due);
    return due.length;
  }

  excludedMs(): Record<string, number> {
    return {};
  }

  mid(): number | undefined {
    return undefined;
  }
}
