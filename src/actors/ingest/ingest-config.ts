/**
 * The ingest actor's settings, read from `config.ingest` (a section the config schema is to gain) with the
 * defaults below for every absent key. Frozen defaults, one resolver: the actor never reads a raw key twice.
 */
import type { TapelineConfig } from '../../schema/config/config-schema.js';

export interface IngestConfig {
  /** Streams per WS connection (docs/venue-binance.md, market streams: ⚠ 1024 documented, 200 used in practice). */
  streamsPerConnection: number;
  /** `limit` of the depth snapshot (5..1000): 1000 costs weight 20. */
  depthSnapshotLimit: number;
  /** Period of the REST openInterest poll per symbol. */
  openInterestPollMs: number;
  /** Our share of the venue's per-minute IP weight (venue limit 2400). */
  restWeightBudget: number;
  restTimeoutMs: number;
  /** 1m klines backfilled per symbol (ATR and range). */
  klineBackfillLimit: number;
  /** 5m openInterestHist rows backfilled per symbol (288 = one day). */
  openInterestHistLimit: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  /** Proactive overlapping reconnect after this long (the venue cuts at 24 h). */
  connectionLifetimeMs: number;
  reconnectOverlapMs: number;
  /** Period of the `/fapi/v1/time` clock-offset refresh. */
  clockSyncMs: number;
  maxBufferedDiffs: number;
  maxHeldTrades: number;
}

export const DEFAULT_INGEST_CONFIG: Readonly<IngestConfig> = Object.freeze({
  streamsPerConnection: 200,
  depthSnapshotLimit: 1000,
  openInterestPollMs: 10_000,
  restWeightBudget: 1200,
  restTimeoutMs: 10_000,
  klineBackfillLimit: 500,
  openInterestHistLimit: 288,
  reconnectInitialMs: 250,
  reconnectMaxMs: 30_000,
  connectionLifetimeMs: 23.5 * 3_600_000,
  reconnectOverlapMs: 5_000,
  clockSyncMs: 300_000,
  maxBufferedDiffs: 5_000,
  maxHeldTrades: 10_000,
});

/** `config.ingest` merged over the defaults; keys of the wrong type keep their default. */
export function resolveIngestConfig(config: TapelineConfig): IngestConfig {
  const raw = (config as unknown as { ingest?: Record<string, unknown> }).ingest ?? {};
  const out: IngestConfig = { ...DEFAULT_INGEST_CONFIG };
  for (const key of Object.keys(out) as (keyof IngestConfig)[]) {
    const v = raw[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}
