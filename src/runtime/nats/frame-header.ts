/**
 * The header every bridged frame carries: the schema hash of the sender (and its node id). Ring frames travel
 * as they are in the ring (msgpackr records on the schema's shared structures, or the fixed market layout), so
 * a node built from another schema would decode them into the wrong fields: its frames are refused, counted and
 * never decoded. The hash covers the client schema document, the shared structures and the layout tag.
 */
import { createHash } from 'node:crypto';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { schemaDocument } from '../../schema/schema-document.js';
import { sharedStructures } from '../../schema/shared-structures.js';
import type { Failure } from '../../schema/errors.js';
import { LAYOUT_TAG } from '../channel/market-frame-layout.js';

export const SCHEMA_HEADER = 'Tl-Schema';
export const NODE_HEADER = 'Tl-Node';

let cached: string | undefined;

/** sha256 (first 16 hex digits) of what decides the wire format; computed once per process. */
export function schemaHash(): string {
  cached ??= createHash('sha256')
    .update(JSON.stringify({ document: schemaDocument(), structures: sharedStructures(), layoutTag: LAYOUT_TAG }))
    .digest('hex')
    .slice(0, 16);
  return cached;
}

/** One header object per publisher, built once: the client encodes it per publish, we allocate nothing. */
export function frameHeaders(nodeId: string, hash = schemaHash()): MsgHdrs {
  const h = headers();
  h.set(SCHEMA_HEADER, hash);
  h.set(NODE_HEADER, nodeId);
  return h;
}

/** undefined when the frame was written with our schema; else TL_CLUSTER_SCHEMA_MISMATCH naming the sender. */
export function checkFrameSchema(
  hdrs: MsgHdrs | undefined,
  expected = schemaHash(),
): Failure<'TL_CLUSTER_SCHEMA_MISMATCH'> | undefined {
  const theirs = hdrs?.get(SCHEMA_HEADER) ?? '';
  if (theirs === expected) return undefined;
  return schemaMismatch(hdrs?.get(NODE_HEADER) || 'unknown node', theirs, expected);
}

export function schemaMismatch(
  node: string,
  theirs: string,
  ours = schemaHash(),
): Failure<'TL_CLUSTER_SCHEMA_MISMATCH'> {
  return {
    code: 'TL_CLUSTER_SCHEMA_MISMATCH',
    detail:
      `node ${node} speaks schema ${theirs || '(none)'}, this node ${ours}: ` +
      'run the same Tapeline version on every node of the cluster',
  };
}
