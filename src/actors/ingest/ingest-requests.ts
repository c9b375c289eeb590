/**
 * What the pure ingest pipeline asks its I/O shell to fetch, and how each request becomes a venue REST path
 * and weight (docs/venue-binance.md, REST market data and weights). The pipeline never sees whether a request was sent: it reacts only to the
 * replies (`onRestReply`), which is why a replayed tape drives it exactly as the live run did.
 */

export type IngestRequest =
  /** `GET /fapi/v1/depth`: the snapshot book sync starts from (docs/venue-binance.md, local order book, step 1). */
  | { kind: 'depthSnapshot'; symbol: string }
  /** `GET /fapi/v1/aggTrades?fromId=`: trades missed in an aggTrade id jump. */
  | { kind: 'aggTradesFrom'; symbol: string; fromId: number }
  /** `GET /fapi/v1/klines`: start-up backfill (ATR, high/low). */
  | { kind: 'klines'; symbol: string; interval: string; limit: number }
  /** `GET /futures/data/openInterestHist`: start-up backfill of open interest. */
  | { kind: 'openInterestHist'; symbol: string; period: string; limit: number }
  /** `GET /fapi/v1/openInterest`: the periodic poll (the shell's timer asks; listed here for one path table). */
  | { kind: 'openInterest'; symbol: string };

/** Rows per aggTrades page; the venue's maximum (docs/venue-binance.md, REST market data and weights). */
export const AGG_TRADES_PAGE = 1000;

export function requestPath(req: IngestRequest, depthLimit: number): string {
  switch (req.kind) {
    case 'depthSnapshot':
      return `/fapi/v1/depth?symbol=${req.symbol}&limit=${depthLimit}`;
    case 'aggTradesFrom':
      return `/fapi/v1/aggTrades?symbol=${req.symbol}&fromId=${req.fromId}&limit=${AGG_TRADES_PAGE}`;
    case 'klines':
      return `/fapi/v1/klines?symbol=${req.symbol}&interval=${req.interval}&limit=${req.limit}`;
    case 'openInterestHist':
      return `/futures/data/openInterestHist?symbol=${req.symbol}&period=${req.period}&limit=${req.limit}`;
    case 'openInterest':
      return `/fapi/v1/openInterest?symbol=${req.symbol}`;
  }
}

/** IP weight per docs/venue-binance.md, REST market data and weights (openInterestHist has its own limit, not IP weight: 0 here). */
export function requestWeight(req: IngestRequest, depthLimit: number): number {
  switch (req.kind) {
    case 'depthSnapshot':
      return depthLimit <= 50 ? 2 : depthLimit <= 100 ? 5 : depthLimit <= 500 ? 10 : 20;
    case 'aggTradesFrom':
      return 20;
    case 'klines':
      return req.limit < 100 ? 1 : req.limit < 500 ? 2 : req.limit <= 1000 ? 5 : 10;
    case 'openInterestHist':
      return 0;
    case 'openInterest':
      return 1;
  }
}
