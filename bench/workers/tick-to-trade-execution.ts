/** The tick-to-trade bench's execution actor module (see tick-to-trade-actors.ts). */
import type { Actor } from '../../src/runtime/actor.js';
import { BenchExecution } from './tick-to-trade-actors.js';

export function createActor(): Actor {
  return new BenchExecution();
}
