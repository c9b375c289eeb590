/**
 * Wires the simulated venue on one uWS app: the synthetic markets and their driver, the stream hub, REST
 * (public, signed, `/_sim/`), WS routes, faults. Owns every resource it opens and releases them in `close`:
 * the listen socket, every connection, the step timer and pending delayed replies.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { TapelineError } from '../../../schema/errors.js';
import { type us_listen_socket, uws } from '../../../runtime/uws.js';
import { STEP_MS, SymbolMarket } from '../market/symbol-market.js';
import { symbolSpec } from '../market/symbol-spec.js';
import { Exchange } from '../matching/exchange.js';
import { DEFAULT_SYMBOLS, type SimVenueHandle, type SimVenueOptions } from '../options.js';
import { TickerStats } from './day-stats.js';
import { applyFault } from './faults.js';
import { installHttp, type RestFaults } from './http-dispatch.js';
import { ListenKeys } from './listen-keys.js';
import { MarketDriver } from './market-driver.js';
import { MarketHistory } from './market-history.js';
import { OrderDesk } from './order-desk.js';
import { RateLimiter } from './rate-limiter.js';
import { historyRoutes } from './rest-account-history.js';
import { marketRoutes } from './rest-market.js';
import { tickerRoutes } from './rest-tickers.js';
import { TRADING_PATHS, tradingRoutes } from './rest-trading.js';
import { ok, type RestHandler, VenueError } from './rest-types.js';
import { OrderLog, simStateJson } from './sim-state.js';
import { RequestLog } from './request-log.js';
import { StreamHub } from './stream-hub.js';
import { TapePaperDesk } from '../paper/tape-paper-desk.js';
import { tapePaperRoutes } from '../paper/tape-paper-routes.js';
import { TapeReplay } from './tape-replay.js';
import { tapeMarketRoutes } from './tape-market-routes.js';
import { tapeSymbols } from './tape-symbols.js';
import { WS_API_PATH, WsApi } from './ws-api.js';
import { WsServer } from './ws-server.js';

/** Exchange time simulated before the venue opens, so the book and trade history are warm. */
const WARMUP_MS = 2_000;
const OI_SAMPLE_MS = 5 * 60_000;

function checkOptions(opts: SimVenueOptions): { symbols: string[]; seed: number; speed: number } {
  const symbols = [...(opts.symbols ?? DEFAULT_SYMBOLS)].map((s) => s.toUpperCase());
  for (const s of symbols) {
    if (!/^[A-Z0-9]{2,20}$/.test(s))
      throw new TapelineError('TL_SIM_BAD_OPTION', `symbols: ${JSON.stringify(s)} is not a symbol name (A-Z, 0-9)`);
  }
  if (symbols.length === 0) throw new TapelineError('TL_SIM_BAD_OPTION', 'symbols: give at least one symbol');
  if (new Set(symbols).size !== symbols.length)
    throw new TapelineError('TL_SIM_BAD_OPTION', 'symbols: a symbol is listed twice');
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new TapelineError('TL_SIM_BAD_OPTION', `seed: ${seed} is not an integer in 0..2^32-1`);
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new TapelineError('TL_SIM_BAD_OPTION', `speed: ${speed} must be a positive number`);
  return { symbols, seed, speed };
}

export async function createSimServer(opts: SimVenueOptions): Promise<SimVenueHandle> {
  const tapes = opts.tape ?? [];
  // In replay mode the symbols are the tape's (found by a short scan) unless given.
  const scanned = tapes.length > 0 && opts.symbols === undefined ? await tapeSymbols(tapes) : undefined;
  const { symbols, seed, speed } = checkOptions(scanned ? { ...opts, symbols: scanned } : opts);
  const u = uws();
  const host = opts.host ?? '127.0.0.1';
  const apiKey = opts.apiKey ?? randomBytes(32).toString('hex');
  // An Ed25519 account signs with its private key (PEM): clients sign, the sim verifies with the public half.
  const apiSecret =
    opts.apiSecret ??
    (opts.keyType === 'ed25519'
      ? generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      : randomBytes(32).toString('hex'));
  const clock = opts.clock ?? Date.now;

  const hub = new StreamHub();
  const history = new MarketHistory(seed);
  const openAt = Math.floor(clock() / STEP_MS) * STEP_MS;
  const markets = new Map<string, SymbolMarket>();
  for (const s of symbols) {
    const m = new SymbolMarket(symbolSpec(s), seed, openAt - WARMUP_MS, hub);
    history.register(m);
    markets.set(s, m);
    hub.addMarket(m);
  }
  const marketList = [...markets.values()];
  for (let t = openAt - WARMUP_MS; t < openAt; t += STEP_MS) for (const m of marketList) m.step();

  const skew = { ms: 0 };
  const venueNow = (): number => clock() + skew.ms;
  const app = u.App();
  hub.attach(app);
  const listenKeys = new ListenKeys();
  const publishUser = (key: string, json: string): void => {
    app.publish(`u:${key}`, json, false);
    app.publish(`uc:${key}`, `{"stream":"${key}","data":${json}}`, false);
  };
  // One account: every live listen key carries its events.
  const publishAll = (json: string): void => {
    for (const key of listenKeys.keys()) publishUser(key, json);
  };
  const exchange = new Exchange(markets, publishAll, openAt);
  // Tape mode: orders are paper-traded against the replayed book (the backtest's fill model).
  const paper = tapes.length > 0 ? new TapePaperDesk(publishAll, venueNow, opts.paper) : undefined;
  const desk = paper ?? new OrderDesk(exchange, venueNow);
  const tickerStats = new TickerStats(history);
  hub.tickers = tickerStats;
  const expireKeys = (now: number): number => {
    const expired = listenKeys.expire(now);
    // `E` as a string: the venue sends it that way on this event (docs/venue-binance.md, user-data stream).
    for (const key of expired) publishUser(key, `{"e":"listenKeyExpired","E":"${now}","listenKey":"${key}"}`);
    return expired.length;
  };
  const driver = new MarketDriver(
    marketList,
    [
      {
        afterStep(t) {
          hub.endStep(t);
          if (t % OI_SAMPLE_MS === 0) for (const m of marketList) history.sampleOi(m);
          exchange.afterStep(clock());
          if (t % 1000 === 0) expireKeys(clock());
        },
      },
    ],
    clock,
    speed,
    openAt,
  );
  const limiter = new RateLimiter();
  const orderLog = new OrderLog();
  const requestLog = new RequestLog();
  const wsApi = new WsApi({
    desk,
    limiter,
    apiKey,
    apiSecret,
    now: venueNow,
    onRequestDone: (req, reply) => orderLog.record(req, reply),
  });
  // The WebSocket API's own path first: every other path is a market or user stream.
  wsApi.install(app);
  const ws = new WsServer({ hub, now: clock, isListenKey: (k) => listenKeys.has(k) });
  ws.install(app);

  const restFaults: RestFaults = {
    http429: 0,
    http418: 0,
    retryAfterSec: 1,
    http5xx: { count: 0, status: 503, executed: true, path: undefined },
    delayMs: 0,
    delayCount: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const view = { markets, encoders: hub.encoders, history, now: venueNow };
  const routes = new Map<string, RestHandler>([
    ...Object.entries(marketRoutes(view)),
    ...Object.entries(tickerRoutes(view, tickerStats)),
  ]);
  const replay = tapes.length > 0 ? new TapeReplay(tapes, hub, speed, clock, paper) : undefined;
  // Tape mode: every market-data answer comes from the tape as replayed so far, none from the synthetic market.
  if (replay) for (const [k, h] of Object.entries(tapeMarketRoutes(view, replay))) routes.set(k, h);
  routes.set('POST /_sim/fault', (req) => {
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody || '{}');
    } catch (err) {
      throw new VenueError(400, -1130, `fault body is not JSON: ${(err as Error).message}`);
    }
    if (!body || typeof body !== 'object') throw new VenueError(400, -1130, 'fault body must be a JSON object');
    const result = applyFault(
      {
        hub,
        rest: restFaults,
        clockSkew: skew,
        disconnect: (route, hard) => ws.disconnectAll(route, hard),
        expireListenKeys: () => {
          for (const key of listenKeys.keys()) listenKeys.forceExpire(key);
          return expireKeys(clock());
        },
      },
      body as Record<string, unknown>,
    );
    return ok({ ok: true, ...result });
  });
  // What the depth faults injected (counts; `?log=1` adds each fault's symbol and update ids), for soaks.
  routes.set('GET /_sim/faults', (req) => ok(hub.faults.report(req.params.get('log') === '1')));
  for (const [k, h] of Object.entries(tradingRoutes({ exchange, desk, listenKeys, apiKey, apiSecret, now: venueNow })))
    routes.set(k, h);
  for (const [k, h] of Object.entries(historyRoutes({ exchange, apiKey, apiSecret, now: venueNow }))) routes.set(k, h);
  if (paper)
    for (const [k, h] of Object.entries(tapePaperRoutes({ desk: paper, symbols, apiKey, apiSecret, now: venueNow })))
      routes.set(k, h);
  routes.set('GET /_sim/requests', () => ok(requestLog.json()));
  routes.set('GET /_sim/state', () => {
    const state = simStateJson(seed, symbols, exchange, orderLog) as Record<string, unknown>;
    if (replay)
      state.tape = {
        files: tapes,
        framesOut: replay.framesOut,
        done: replay.done,
        error: replay.error?.message ?? null,
        tapeTime: paper?.tapeNow ?? 0,
        paper: paper?.counters ?? null,
      };
    return ok(state);
  });
  installHttp(app, {
    routes,
    limiter,
    faults: restFaults,
    now: venueNow,
    timers,
    onRequestDone: (req, reply) => {
      requestLog.record(req, reply);
      if (TRADING_PATHS.has(req.path) && req.method !== 'GET') orderLog.record(req, reply);
    },
  });

  const listen = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(host, opts.port ?? 0, (sock) => {
      if (sock) resolve(sock);
      else
        reject(
          new TapelineError(
            'TL_SIM_LISTEN_FAILED',
            `the simulated venue could not listen on ${host}:${opts.port ?? 0} (port in use?)`,
          ),
        );
    });
  });
  // Replay mode: the tape is the market; the synthetic books stay frozen (they only back exchangeInfo/trading).
  if (replay) replay.start();
  else driver.start();
  const port = u.us_socket_local_port(listen);
  let closed = false;
  return {
    rest: `http://${host}:${port}`,
    ws: `ws://${host}:${port}`,
    wsApi: `ws://${host}:${port}${WS_API_PATH}`,
    port,
    apiKey,
    apiSecret,
    async close() {
      if (closed) return;
      closed = true;
      driver.stop();
      await replay?.stop();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      u.us_listen_socket_close(listen);
      ws.disconnectAll(undefined, true);
      wsApi.closeAll();
      // Ends keep-alive HTTP sockets too (present at runtime in both builds, missing from older typings).
      (app as unknown as { close?: () => void }).close?.();
    },
  };
}
