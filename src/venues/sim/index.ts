/**
 * The simulated Binance USD-M futures venue (docs/contract.md, simulated venue control API): REST and WS on one loopback uWebSockets.js port,
 * a seeded synthetic market or a replayed tape, a matching engine for the user's orders, and the `/_sim/`
 * control API. `startSimVenue` is the only entry point; see `server/sim-server.ts` for the wiring.
 */
import type { SimVenueHandle, SimVenueOptions } from './options.js';
import { createSimServer } from './server/sim-server.js';

export type { SimVenueHandle, SimVenueOptions } from './options.js';
export { DEFAULT_SYMBOLS } from './options.js';

export function startSimVenue(opts: SimVenueOptions = {}): Promise<SimVenueHandle> {
  return createSimServer(opts);
}
