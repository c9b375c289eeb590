/**
 * `tapeline replay --nats URL --stream NAME`: a JetStream tape stream (venues/tape/tape-stream.ts) through the same
 * in-process replay as files (replay-tapes.ts), optionally merged with tape files; one thread, in stream order.
 */
import type { StrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import type { SymbolParams } from '../../actors/symbol/symbol-params.js';
import { connectNats, parseNatsServers } from '../../runtime/nats/connect.js';
import type { NatsClientCredential } from '../../schema/config/config-schema.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import { readTapeStream } from '../../venues/tape/tape-stream.js';
import { compareSnapshots, replayTapes } from './replay-tapes.js';

export async function replayTapeStream(
  servers: string,
  stream: string,
  tapes: string[],
  params: SymbolParams,
  strategyParams: StrategyParams,
  credential?: NatsClientCredential,
): Promise<{ frames: number; messages: MetricsMessage[] }> {
  const nc = await connectNats(parseNatsServers(servers), { name: 'tapeline-replay', credential, timeoutMs: 10_000 });
  try {
    const source = await readTapeStream(nc, stream);
    const messages: MetricsMessage[] = [];
    const { frames } = await replayTapes({
      tapes,
      sources: [source],
      params,
      strategyParams,
      onSnapshot: (m) => messages.push(m),
    });
    messages.sort(compareSnapshots);
    return { frames, messages };
  } finally {
    await nc.close();
  }
}
