/**
 * The signed REST routes that read the account in tape mode: open orders, positions, balance and the
 * dead-man switch answer from the paper venue (src/venues/sim/paper/tape-paper-desk.ts), not from the frozen
 * synthetic exchange, so a client's reconciliation sees the positions its fills built.
 */
import { toFixed } from '../../paper/fixed-decimal.js';
import { mandatory, ok, optionalInt, type RestHandler, type RestRequest, VenueError } from '../server/rest-types.js';
import { checkSigned } from '../server/signature.js';
import type { TapePaperDesk } from './tape-paper-desk.js';

export interface TapeRouteDeps {
  desk: TapePaperDesk;
  symbols: readonly string[];
  apiKey: string;
  apiSecret: string;
  now(): number;
}

export function tapePaperRoutes(d: TapeRouteDeps): Record<string, RestHandler> {
  const signed =
    (weight: number, fn: (req: RestRequest) => unknown): RestHandler =>
    (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      return ok(fn(req), weight);
    };
  const position = (symbol: string): Record<string, unknown> => {
    const p = d.desk.positions.get(symbol) ?? { pa: '0', ep: '0', up: '0' };
    return {
      symbol,
      positionAmt: p.pa,
      entryPrice: p.ep,
      breakEvenPrice: p.ep,
      markPrice: String(d.desk.engine.mid(symbol) ?? 0),
      unRealizedProfit: p.up,
      liquidationPrice: '0',
      leverage: '20',
      marginType: 'cross',
      positionSide: 'BOTH',
      notional: '0',
      updateTime: 0,
    };
  };
  const wallet = (): string => toFixed(d.desk.engine.account.wallet, 8);
  const balance = (): Record<string, unknown> => ({
    accountAlias: 'SgsR',
    asset: 'USDT',
    balance: wallet(),
    crossWalletBalance: wallet(),
    crossUnPnl: '0.00000000',
    availableBalance: wallet(),
    maxWithdrawAmount: wallet(),
    marginAvailable: true,
    updateTime: d.desk.tapeNow,
  });
  const positions = (req: RestRequest): Record<string, unknown>[] => {
    const s = req.params.get('symbol');
    return (s === null ? d.symbols : [s.toUpperCase()]).map(position);
  };
  return {
    'GET /fapi/v1/openOrders': (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      const symbol = req.params.get('symbol')?.toUpperCase();
      return ok(d.desk.openOrders(symbol), symbol === undefined ? 40 : 1);
    },
    'GET /fapi/v2/positionRisk': signed(5, positions),
    'GET /fapi/v3/positionRisk': signed(5, (req) => positions(req).filter((p) => Number(p.positionAmt) !== 0)),
    'GET /fapi/v2/balance': signed(5, () => [balance()]),
    'GET /fapi/v3/balance': signed(5, () => [balance()]),
    'GET /fapi/v2/account': signed(5, (req) => ({
      totalWalletBalance: wallet(),
      assets: [balance()],
      positions: positions(req),
    })),
    'GET /fapi/v3/account': signed(5, (req) => ({
      totalWalletBalance: wallet(),
      assets: [balance()],
      positions: positions(req),
    })),
    'POST /fapi/v1/countdownCancelAll': signed(10, (req) => {
      const symbol = mandatory(req.params, 'symbol').toUpperCase();
      const ms = optionalInt(req.params, 'countdownTime');
      if (ms === undefined)
        throw new VenueError(
          400,
          -1102,
          "Mandatory parameter 'countdownTime' was not sent, was empty/null, or malformed.",
        );
      if (ms === 0) d.desk.countdowns.delete(symbol);
      else d.desk.countdowns.set(symbol, d.now() + ms);
      return { symbol, countdownTime: String(ms) };
    }),
  };
}
