/**
 * The shape of a Tapeline configuration, as a TypeBox schema: one definition gives the JSON Schema used to
 * validate `--config FILE` and the TypeScript type the runtime is written against. Defaults live here too.
 */
import { type Static, Type } from '@sinclair/typebox';
import { SYMBOL_PATTERN } from './symbol-pattern.js';

/** Re-exported: existing importers keep working; new code imports it from symbol-pattern.js. */
export { SYMBOL_PATTERN };

/** Metrics cadence in exchange time (issue 4: 100 ms); the replay uses it too when given no config. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 100;

export const RestartPolicySchema = Type.Object(
  {
    /** Restarts allowed within `windowMs` before the supervisor escalates. */
    maxRestarts: Type.Integer({ minimum: 0, maximum: 1000, default: 5 }),
    windowMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
    /** First back-off; doubles per consecutive restart up to `backoffMaxMs`. */
    backoffInitialMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 50 }),
    backoffMaxMs: Type.Integer({ minimum: 0, maximum: 600_000, default: 5_000 }),
  },
  { additionalProperties: false, default: {} },
);

export const RuntimeSchema = Type.Object(
  {
    heartbeatMs: Type.Integer({ minimum: 10, maximum: 60_000, default: 250 }),
    /** A worker whose heartbeat is older than this is considered hung and is restarted. */
    heartbeatTimeoutMs: Type.Integer({ minimum: 50, maximum: 600_000, default: 5_000 }),
    restart: RestartPolicySchema,
    /**
     * Ring capacity in bytes of each market-data channel (ingest -> symbol, symbol -> gateway): the mailbox
     * bound. When full, the channel's policy applies (market data drops the oldest, counted).
     */
    marketChannelBytes: Type.Integer({ minimum: 4096, maximum: 64 * 1024 * 1024, default: 1 << 20 }),
    /** Ring capacity in bytes of each never-drop channel (intents, orders, fills, risk). */
    orderChannelBytes: Type.Integer({ minimum: 4096, maximum: 64 * 1024 * 1024, default: 256 * 1024 }),
    /** Period of the symbol actors' `metrics` snapshots, in exchange-time ms. */
    snapshotIntervalMs: Type.Integer({ minimum: 10, maximum: 60_000, default: DEFAULT_SNAPSHOT_INTERVAL_MS }),
    /** Graceful shutdown gives the actors this long to drain before they are terminated. */
    shutdownTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
    /**
     * Symbol actors hosted by one worker thread (src/runtime/packing): 1 = a thread per symbol (the default);
     * more packs them, each keeping its own mailbox, state and restart (bench/scale.bench.ts).
     */
    symbolsPerWorker: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    /**
     * Which core actors share a thread (src/app/placement.ts): "auto" (measured default per core count),
     * "isolated" (a thread each), or groups such as [["risk","execution"]]. Names are checked at start.
     */
    placement: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('isolated'), Type.Array(Type.Array(Type.String()))], {
        default: 'auto',
      }),
    ),
  },
  { additionalProperties: false, default: {} },
);

const ms = (def: number) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400_000, description: `ms, default ${def}` }));

/** Ingest tuning (defaults in src/actors/ingest/ingest-config.ts). */
export const IngestSchema = Type.Object(
  {
    streamsPerConnection: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    depthSnapshotLimit: Type.Optional(Type.Union([5, 10, 20, 50, 100, 500, 1000].map((n) => Type.Literal(n)))),
    openInterestPollMs: ms(10_000),
    restWeightBudget: Type.Optional(Type.Integer({ minimum: 10, maximum: 6000 })),
    restTimeoutMs: ms(10_000),
    klineBackfillLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1500 })),
    openInterestHistLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    reconnectInitialMs: ms(250),
    reconnectMaxMs: ms(30_000),
    connectionLifetimeMs: ms(84_600_000),
    reconnectOverlapMs: ms(5_000),
    clockSyncMs: ms(300_000),
    maxBufferedDiffs: Type.Optional(Type.Integer({ minimum: 10, maximum: 1_000_000 })),
    maxHeldTrades: Type.Optional(Type.Integer({ minimum: 10, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

/** Who may read the gateway (docs/contract.md, Gateway access): a read token and TLS; env overrides the file. */
export const GatewayFileSchema = Type.Object(
  {
    readToken: Type.Optional(Type.String({ minLength: 1 })),
    tlsCert: Type.Optional(Type.String({ minLength: 1 })),
    tlsKey: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

export const ConfigFileSchema = Type.Object(
  {
    venue: Type.Optional(Type.Union([Type.Literal('sim'), Type.Literal('binance'), Type.Literal('binance-testnet')])),
    symbols: Type.Optional(Type.Array(Type.String({ pattern: SYMBOL_PATTERN }), { minItems: 1, maxItems: 1000 })),
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    dataDir: Type.Optional(Type.String({ minLength: 1 })),
    adminSocket: Type.Optional(Type.String({ minLength: 1 })),
    record: Type.Optional(Type.Boolean()),
    runtime: Type.Optional(RuntimeSchema),
    ingest: Type.Optional(IngestSchema),
    gateway: Type.Optional(GatewayFileSchema),
    /** Strategy parameters (filled by the strategy issue); kept open so the file format can grow. */
    strategies: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Risk parameters: what may be traded (src/actors/risk/risk-params.ts). */
    risk: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Execution parameters: how the venue is talked to (src/actors/execution/execution-params.ts). */
    execution: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export type ConfigFile = Static<typeof ConfigFileSchema>;
export type RuntimeConfig = Static<typeof RuntimeSchema>;
export type RestartPolicyConfig = Static<typeof RestartPolicySchema>;

/** The gateway's access settings, resolved: absent token = open (loopback only); absent tls = plain HTTP. */
export interface GatewayAccess {
  readToken: string | undefined;
  tls: { certFile: string; keyFile: string } | undefined;
}

export type VenueKind = 'sim' | 'binance' | 'binance-testnet';

/** The resolved configuration the supervisor runs with: file < env < command line, every field set. */
export interface TapelineConfig {
  venue: VenueKind;
  symbols: string[];
  host: string;
  port: number;
  dataDir: string;
  adminSocket: string;
  record: boolean;
  runtime: RuntimeConfig;
  /** Ingest tuning; absent keys take the ingest actor's defaults. */
  ingest: Record<string, unknown>;
  strategies: Record<string, unknown>;
  risk: Record<string, unknown>;
  execution: Record<string, unknown>;
  /**
   * Whether the venue connector has keys (gate 3). Every actor sees this; only the execution actor, which
   * signs, is given `apiKey`/`apiSecret` themselves (src/app/supervisor.ts, configFor).
   */
  keysPresent: boolean;
  /** From the environment only (never a file or flag, so it cannot be left in a shell history by accident). */
  executionEnabled: boolean;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  adminToken: string | undefined;
  /** Read token and TLS of the gateway; absent = none (the gateway then refuses to start beyond loopback). */
  gateway?: GatewayAccess;

  /** Set by `--nats` (src/app/cluster/cluster-options.ts): this process is one node of a cluster. */
  cluster?: ClusterConfig | undefined;
  /** `--venue-url`: use this already running venue (e.g. one `tapeline sim` shared by several nodes). */
  venueUrl?: { rest: string; ws: string } | undefined;
  /** `--record-stream NAME` (with `--nats`): ingest records its tape to JetStream stream TAPE_NAME. */
  recordStream?: string | undefined;
  /** `--rest-ip NAME` (with `--nats`): the IP whose REST weight budget this node shares (default: the host name). */
  restIp?: string | undefined;
}

export type ClusterRole = 'ingest' | 'symbols' | 'risk' | 'execution' | 'gateway';

export interface ClusterConfig {
  /** NATS server URLs. */
  nats: string[];
  /** This node's id, unique in the cluster. */
  node: string;
  roles: ClusterRole[];
  /** Cluster name: the subject root, so two clusters can share one NATS. */
  name: string;
  /** Every symbol of the cluster; a `symbols` node runs the share it owns. */
  symbols: string[];
  /** `--nats-user` + TAPELINE_NATS_PASSWORD, or `--nats-nkey FILE`: this node's per-role NATS credential. */
  credential?: NatsClientCredential | undefined;
}

/** How a node proves who it is to NATS (src/runtime/nats/nats-credentials.ts): plain data, so it reaches workers. */
export type NatsClientCredential = { user: string; password: string } | { nkeySeed: string };

export const DEFAULT_SYMBOLS = Object.freeze(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
