/**
 * What an ingest actor on a cluster node (`--nats`) opens besides the venue: its own NATS connection, the IP's
 * shared REST weight budget (runtime/nats/rest-budget.ts; this node's `ingest.restWeightBudget` is then the whole
 * IP's) and, with `--record-stream NAME`, the JetStream tape writer. Nothing here without `--nats`.
 */
import { hostname } from 'node:os';
import type { Logger } from '../../runtime/log/logger.js';
import { connectNats, type NatsConnection } from '../../runtime/nats/connect.js';
import { KvRestBudget } from '../../runtime/nats/rest-budget.js';
import type { TapelineConfig } from '../../schema/config/config-schema.js';
import { errorMessage } from '../../schema/errors.js';
import { TapeStreamWriter } from '../../venues/tape/tape-stream.js';

export interface IngestClusterLinks {
  sharedBudget: KvRestBudget;
  tapeStream: TapeStreamWriter | undefined;
  close(): Promise<void>;
}

export async function openIngestClusterLinks(
  config: TapelineConfig,
  budgetPerMinute: number,
  log: Logger,
): Promise<IngestClusterLinks | undefined> {
  const cluster = config.cluster;
  if (!cluster) return undefined;
  const nc: NatsConnection = await connectNats(cluster.nats, {
    name: `${cluster.node}-ingest`,
    credential: cluster.credential,
  });
  try {
    const replicas = Math.min(3, cluster.nats.length);
    const ip = config.restIp ?? hostname();
    const sharedBudget = await KvRestBudget.open(nc, { ip, node: cluster.node, budgetPerMinute, replicas });
    const tapeStream = config.recordStream
      ? await TapeStreamWriter.open(nc, config.recordStream, { replicas })
      : undefined;
    log.info({ restIp: ip, budgetPerMinute, tapeStream: tapeStream?.stream }, 'ingest joined the cluster budget');
    return {
      sharedBudget,
      tapeStream,
      async close() {
        await tapeStream
          ?.drain()
          .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'tape stream: last frames not stored'));
        await nc.drain().catch(() => undefined);
      },
    };
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw err;
  }
}
