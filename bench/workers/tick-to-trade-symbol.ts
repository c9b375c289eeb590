/** The tick-to-trade bench's symbol actor module (see tick-to-trade-actors.ts). */
import type { Actor } from '../../src/runtime/actor.js';
import { BenchSymbol } from './tick-to-trade-actors.js';

export function createActor(): Actor {
  return new BenchSymbol();
}
