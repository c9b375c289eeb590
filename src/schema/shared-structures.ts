/**
 * msgpackr shared structures derived from the message schemas: both ends of every channel start from the same
 * list, so a record's keys are never sent on the wire (a metrics snapshot shrinks by ~40% and decodes faster,
 * see bench/channel.bench.ts). Shapes not listed still encode, with their structure inline.
 */
import type { TObject } from '@sinclair/typebox';
import { INTERNAL_MESSAGES } from './internal-messages.js';

function keysOf(schema: TObject): string[] {
  return Object.keys(schema.properties);
}

/** A fresh copy per codec: msgpackr mutates the array it is given. */
export function sharedStructures(): string[][] {
  return INTERNAL_MESSAGES.map((s) => keysOf(s as TObject));
}
