/**
 * The public option and handle types of the simulated venue (docs/contract.md, simulated venue control API). Kept apart from the server so
 * callers (CLI, supervisor, tests) can import the types without loading the uWS binding.
 */

export interface SimVenueOptions {
  /** Listen address; default '127.0.0.1' (loopback only: the sim has no auth beyond the API key pair). */
  host?: string;
  /** 0 = a free port (default 0). */
  port?: number;
  /** Seed of the synthetic market; same seed and start time, same byte stream. Default 1. */
  seed?: number;
  /** Default ['BTCUSDT','ETHUSDT','SOLUSDT']; any number (~500 is feasible). */
  symbols?: string[];
  /** Replay these tapes instead of the synthetic market. */
  tape?: string[];
  /**
   * Tape mode's paper trading (docs/fill-model.md, paper trading on a tape): queue model, fees in bps, starting
   * balance. Defaults: risk-averse, maker 2 / taker 5, 10000 USDT.
   */
  paper?: { queue?: 'risk-averse' | 'probabilistic'; makerFeeBps?: number; takerFeeBps?: number; balance?: number };
  /** Replay speed multiplier, default 1. */
  speed?: number;
  /** Generated (crypto.randomBytes) when absent. */
  apiKey?: string;
  /** HMAC secret, or an Ed25519 private key (PEM) when `keyType` is 'ed25519'. */
  apiSecret?: string;
  /** The account's key type: 'hmac' (default) or 'ed25519' (apiSecret is then the PEM private key clients sign with). */
  keyType?: 'hmac' | 'ed25519';
  /** Wall clock ms, injectable for tests. */
  clock?: () => number;
}

export interface SimVenueHandle {
  /** 'http://127.0.0.1:PORT' */
  readonly rest: string;
  /** 'ws://127.0.0.1:PORT' */
  readonly ws: string;
  /** The WebSocket API: 'ws://127.0.0.1:PORT/ws-fapi/v1' */
  readonly wsApi: string;
  readonly port: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Closes the listen socket and every connection; leaves no timers behind. */
  close(): Promise<void>;
}

export const DEFAULT_SYMBOLS: readonly string[] = Object.freeze(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
