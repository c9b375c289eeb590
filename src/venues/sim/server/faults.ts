/**
 * `POST /_sim/fault` (docs/contract.md, simulated venue control API): injects one fault. Parameters per kind (all optional unless noted):
 * - gap        {symbol?, count=1}      drop the next `count` published diff-depth events of `symbol` (any
 *                                      symbol when absent): the following event's `pu` != the previous `u`.
 *              {symbol?, rate, seed?}  drop each diff-depth event of `symbol` (any without its own rate) with
 *                                      probability `rate` in [0, 1]; 0 clears. Draws come from sfc32 seeded with
 *                                      `seed` (default 1; given = reseeded), so a run is reproducible.
 * - reorder    {symbol?, count=1}      hold the next `count` depth events (each on every depth stream it goes
 *                                      to) and send each after the following one.
 *              {symbol?, rate, seed?}  hold each event with probability `rate` (the same rules as gap's rate).
 *   Only events somebody listens to are faulted, and each injected fault is counted and logged by symbol and
 *   update id: `GET /_sim/faults` (`?log=1` adds the log) reports events, dropped, reordered, malformed and
 *   the plans.
 * - disconnect {route?, hard=false}    close every WS connection (of 'public'|'market'|'private' only when
 *                                      given); hard = abrupt close without a close frame.
 * - http429    {count=1, retryAfter=1} the next `count` venue REST replies are 429 -1003 with Retry-After.
 * - http418    {count=1, retryAfter=120} the same with 418 (IP ban).
 * - http5xx    {count=1, status=503, executed=true, path?}  (extra) the next `count` venue REST replies (on `path`
 *                                      only, when given) are 5xx. `executed`: the request ran first (an order
 *                                      rests at the venue) and only its reply is lost, the venue's "execution
 *                                      status unknown" (-1007); false: it never ran.
 * - skew       {ms}                    offset the venue clock by `ms` (REST serverTime and signed-request
 *                                      timestamp checks; 0 clears).
 * - delay      {ms, count=-1}          delay the next `count` REST replies by `ms` (-1 = until cleared with ms 0).
 * - malformed  {count=1}               the next `count` published market frames are cut in half (invalid JSON);
 *                                      a cut diff-depth frame is lost to the client like a drop, so it is
 *                                      counted and logged with the depth faults too.
 * - listenKeyExpired {}                (extra) expires every live listen key now: `listenKeyExpired` is pushed
 *                                      on the user stream and the keys answer -1125 afterwards.
 */

import type { DepthFaultKind } from './depth-faults.js';
import type { RestFaults } from './http-dispatch.js';
import { VenueError } from './rest-types.js';
import type { StreamHub } from './stream-hub.js';
import type { Route } from './stream-names.js';

export const FAULT_KINDS = [
  'gap',
  'reorder',
  'disconnect',
  'http429',
  'http418',
  'http5xx',
  'skew',
  'delay',
  'malformed',
  'listenKeyExpired',
] as const;

export interface FaultTargets {
  hub: StreamHub;
  rest: RestFaults;
  clockSkew: { ms: number };
  disconnect(route: Route | undefined, hard: boolean): number;
  /** Expires every live listen key now; returns how many. */
  expireListenKeys(): number;
}

function num(body: Record<string, unknown>, key: string, fallback: number, min = 0): number {
  const v = body[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new VenueError(400, -1130, `fault parameter '${key}' must be a number >= ${min}`);
  }
  return v;
}

/** A probability in [0, 1], or undefined when absent. */
function rate(body: Record<string, unknown>): number | undefined {
  const v = body.rate;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new VenueError(
      400,
      -1130,
      `fault parameter 'rate' must be a number in [0, 1] (0 clears); got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function seed(body: Record<string, unknown>): number | undefined {
  const v = body.seed;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff_ffff) {
    throw new VenueError(
      400,
      -1130,
      `fault parameter 'seed' must be an integer in 0..4294967295; got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function depthFault(
  t: FaultTargets,
  kind: DepthFaultKind,
  symbol: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const faults = t.hub.faults;
  const plan = faults.plan(kind);
  const p = rate(body);
  const s = seed(body);
  if (p === undefined) {
    if (s !== undefined) throw new VenueError(400, -1130, "fault parameter 'seed' goes with 'rate', not with 'count'");
    const count = num(body, 'count', 1, 1);
    plan.remaining.set(symbol, (plan.remaining.get(symbol) ?? 0) + count);
    return { kind, symbol, count };
  }
  if (body.count !== undefined)
    throw new VenueError(400, -1130, "give either 'count' or 'rate' for a depth fault, not both");
  if (s !== undefined) plan.reseed(s);
  if (p === 0) plan.rate.delete(symbol);
  else plan.rate.set(symbol, p);
  return { kind, symbol, rate: p, injected: kind === 'gap' ? faults.dropped : faults.reordered, events: faults.events };
}

export function applyFault(t: FaultTargets, body: Record<string, unknown>): Record<string, unknown> {
  const kind = body.kind;
  const symbol = typeof body.symbol === 'string' ? body.symbol.toUpperCase() : '*';
  switch (kind) {
    case 'gap':
    case 'reorder':
      return depthFault(t, kind, symbol, body);
    case 'disconnect': {
      const route = body.route;
      if (route !== undefined && route !== 'public' && route !== 'market' && route !== 'private') {
        throw new VenueError(400, -1130, "fault parameter 'route' must be public, market or private");
      }
      const closed = t.disconnect(route as Route | undefined, body.hard === true);
      return { kind, closed };
    }
    case 'http429':
    case 'http418': {
      const count = num(body, 'count', 1, 1);
      t.rest.retryAfterSec = num(body, 'retryAfter', kind === 'http429' ? 1 : 120, 0);
      if (kind === 'http429') t.rest.http429 += count;
      else t.rest.http418 += count;
      return { kind, count, retryAfter: t.rest.retryAfterSec };
    }
    case 'http5xx': {
      const count = num(body, 'count', 1, 1);
      const status = num(body, 'status', 503, 500);
      if (![500, 502, 503, 504].includes(status))
        throw new VenueError(400, -1130, "fault parameter 'status' must be 500, 502, 503 or 504");
      if (body.executed !== undefined && typeof body.executed !== 'boolean')
        throw new VenueError(400, -1130, "fault parameter 'executed' must be a boolean");
      if (body.path !== undefined && (typeof body.path !== 'string' || !body.path.startsWith('/'))) {
        throw new VenueError(400, -1130, "fault parameter 'path' must be a REST path such as /fapi/v1/order");
      }
      t.rest.http5xx = {
        count: t.rest.http5xx.count + count,
        status,
        executed: body.executed !== false,
        path: body.path as string | undefined,
      };
      return { kind, ...t.rest.http5xx };
    }
    case 'skew': {
      const v = body.ms;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new VenueError(400, -1130, "fault parameter 'ms' must be a number");
      t.clockSkew.ms = v;
      return { kind, ms: v };
    }
    case 'delay': {
      t.rest.delayMs = num(body, 'ms', 0, 0);
      t.rest.delayCount = t.rest.delayMs === 0 ? 0 : num(body, 'count', -1, -1);
      return { kind, ms: t.rest.delayMs, count: t.rest.delayCount };
    }
    case 'malformed': {
      const count = num(body, 'count', 1, 1);
      t.hub.malformedRemaining += count;
      return { kind, count };
    }
    case 'listenKeyExpired':
      return { kind, expired: t.expireListenKeys() };
    default:
      throw new VenueError(400, -1130, `unknown fault kind ${JSON.stringify(kind)}; one of ${FAULT_KINDS.join(', ')}`);
  }
}
