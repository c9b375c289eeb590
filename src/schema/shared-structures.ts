/**
 * msgpackr shared structures derived from the message schemas: both ends of every channel start from the same
 * list, so a record's keys are never sent on the wire (a metrics snapshot shrinks by ~40% and decodes faster,
 * see bench/frame-codec.bench.ts). Shapes not listed still encode, with their structure inline. Append only:
 * a structure's number is its position.
 */
import type { TObject } from '@sinclair/typebox';
import { INTERNAL_MESSAGES } from './internal-messages.js';
import { LiquidationMessage, MetricsMessage, ProfileSummary } from './metrics-message.js';
import { ORDER_MESSAGES, ReadinessSnapshot } from './order-messages.js';

function keysOf(schema: TObject): string[] {
  return Object.keys(schema.properties);
}

/** The order path's shapes: an intent's nested `readiness` block, then the order messages. */
function orderPathShapes(): string[][] {
  return [keysOf(ReadinessSnapshot), ...ORDER_MESSAGES.map((s) => keysOf(s as TObject))];
}

/**
 * The metrics message (the busiest message after market data: one per symbol per 100 ms) and each of its fixed
 * blocks. Unregistered, every block carried its keys inline: 949 bytes per message against 212 registered, and
 * 2–4× the encode/decode time (bench/frame-codec.bench.ts). `advancedMetrics` is an open record: not listed.
 */
function metricsShapes(): string[][] {
  const shapes = [keysOf(MetricsMessage)];
  for (const prop of Object.values(MetricsMessage.properties) as TObject[]) {
    const block = prop.properties ? prop : (prop as { anyOf?: TObject[] }).anyOf?.find((s) => s.properties);
    if (block?.properties) shapes.push(keysOf(block)); // advancedMetrics is a Record: no `properties`
  }
  // Nested one level down (volumeProfile.session / .window), and the liquidation print.
  shapes.push(keysOf(ProfileSummary), keysOf(LiquidationMessage));
  return shapes;
}

/** A fresh copy per codec: msgpackr mutates the array it is given. */
export function sharedStructures(): string[][] {
  return [...INTERNAL_MESSAGES.map((s) => keysOf(s as TObject)), ...orderPathShapes(), ...metricsShapes()];
}
