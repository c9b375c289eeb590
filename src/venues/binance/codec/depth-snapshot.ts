/**
 * REST `GET /fapi/v1/depth` codec. The response does not name its symbol, so the caller passes the one from
 * the request (see `decodeRest`, which reads it off the URL). Futures snapshots carry `E` and `T`; spot ones
 * do not and are rejected here.
 */
import type { DepthSnapshotEvent } from '../../../schema/market-events.js';
import { asObject, integer, levels } from './fields.js';

const KIND = 'depthSnapshot';

export function decodeDepthSnapshot(payload: unknown, symbol: string, source?: string): DepthSnapshotEvent {
  const o = asObject(payload, KIND, source);
  return {
    kind: KIND,
    symbol,
    eventTime: integer(o, 'E', KIND, source),
    transactionTime: integer(o, 'T', KIND, source),
    lastUpdateId: integer(o, 'lastUpdateId', KIND, source),
    bids: levels(o, 'bids', KIND, source),
    asks: levels(o, 'asks', KIND, source),
  };
}
