/**
 * Where the supervisor's actors find the venue: the embedded simulated venue (started as a child process on
 * a free loopback port with generated keys, docs/contract.md, simulated venue control API) or Binance's production / testnet endpoints.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TapelineConfig, VenueKind } from '../schema/config/config-schema.js';
import { TapelineError, errorMessage } from '../schema/errors.js';

export interface VenueEndpoints {
  kind: VenueKind;
  rest: string;
  ws: string;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  /** Stops what was started for this venue (the sim child); a no-op for a remote venue. */
  stop(): Promise<void>;
}

const REMOTE: Record<Exclude<VenueKind, 'sim'>, { rest: string; ws: string }> = {
  binance: { rest: 'https://fapi.binance.com', ws: 'wss://fstream.binance.com' },
  'binance-testnet': { rest: 'https://testnet.binancefuture.com', ws: 'wss://fstream.binancefuture.com' },
};

export const CLI_PATH = fileURLToPath(new URL('../../../bin/tapeline.js', import.meta.url));

/** `tapeline run --tape`: the embedded sim replays these tapes and paper-trades against them. */
export interface TapeVenue {
  files: string[];
  speed: number;
}

export async function startVenue(config: TapelineConfig, seed = 1, tape?: TapeVenue): Promise<VenueEndpoints> {
  if (config.venueUrl) {
    // A venue someone else runs (`tapeline sim` shared by the nodes of a cluster): keys come from the environment.
    return {
      kind: config.venue,
      ...config.venueUrl,
      apiKey: config.apiKey,
      apiSecret: config.apiSecret,
      stop: async () => {},
    };
  }
  if (config.venue !== 'sim') {
    const remote = REMOTE[config.venue];
    return { kind: config.venue, ...remote, apiKey: config.apiKey, apiSecret: config.apiSecret, stop: async () => {} };
  }
  // With the sim, keys set in the environment are used on both sides; otherwise a fresh pair is generated.
  const apiKey = config.apiKey ?? randomBytes(32).toString('hex');
  const apiSecret = config.apiSecret ?? randomBytes(32).toString('hex');
  try {
    const { spawnSimChild } = await import('../venues/sim/child-process.js');
    const child = await spawnSimChild({
      cliPath: CLI_PATH,
      seed,
      symbols: config.symbols,
      apiKey,
      apiSecret,
      ...(tape ? { tape: tape.files, speed: tape.speed } : {}),
    });
    return { kind: 'sim', rest: child.rest, ws: child.ws, apiKey, apiSecret, stop: () => child.stop() };
  } catch (err) {
    throw new TapelineError('TL_VENUE_START_FAILED', `the simulated venue did not start: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}
