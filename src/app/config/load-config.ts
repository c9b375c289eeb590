/**
 * Resolves the configuration `tapeline run` starts with. Precedence, lowest first: built-in defaults <
 * `--config FILE` < environment (`TAPELINE_PORT`, `TAPELINE_DATA_DIR`) < command-line flags. Safety and secret
 * settings (`EXECUTION_ENABLED`, keys, admin token) come from the environment only; the gateway's read token and
 * TLS files from the environment or the file (gateway-access-config.ts). Any bad value throws one
 * `TL_CONFIG_INVALID` line naming the field; nothing here touches the network or the data dir.
 */
import { join, resolve } from 'node:path';
import { resolveStrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import { resolveSymbolParams } from '../../actors/symbol/symbol-params.js';
import { parseExecutionParams } from '../../actors/execution/execution-params.js';
import { parseRiskParams } from '../../actors/risk/risk-params.js';
import { errorMessage, TapelineError } from '../../schema/errors.js';
import { DEFAULT_SYMBOLS, type TapelineConfig, type VenueKind } from '../../schema/config/config-schema.js';
import { parsePlacement } from '../placement.js';
import { defaultRuntime, type LoadedConfigFile, loadConfigFile } from './config-file.js';
import { resolveGatewayAccess } from './gateway-access-config.js';
import {
  checkSocketPath,
  configError,
  envValue,
  parseHost,
  parsePort,
  parseStrictBoolean,
  parseSymbols,
} from '../../schema/config/field-parsers.js';
import { parseClusterFlags, parseVenueUrl } from '../cluster/cluster-options.js';
import { parseNatsCredential } from '../cluster/nats-credential-options.js';

/** Flags as commander hands them over: strings as typed (parsed here, so messages are uniform). */
export interface RunFlags {
  config?: string | undefined;
  venue?: string | undefined;
  symbols?: string | readonly string[] | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
  dataDir?: string | undefined;
  adminSocket?: string | undefined;
  record?: boolean | undefined;
  nats?: string | undefined;
  node?: string | undefined;
  roles?: string | undefined;
  cluster?: string | undefined;
  venueUrl?: string | undefined;
  recordStream?: string | undefined;
  restIp?: string | undefined;
  natsUser?: string | undefined;
  natsNkey?: string | undefined;
}

export interface ResolveConfigInput {
  flags: Partial<RunFlags>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const DEFAULTS = Object.freeze({
  venue: 'sim' as VenueKind,
  host: '127.0.0.1',
  port: 8080,
  dataDir: './var',
  adminSocketName: 'admin.sock',
});

const VENUES: readonly VenueKind[] = ['sim', 'binance', 'binance-testnet'];

function parseVenue(field: string, raw: string): VenueKind {
  if ((VENUES as readonly string[]).includes(raw)) return raw as VenueKind;
  throw configError(field, `must be one of ${VENUES.join(', ')}`, raw);
}

function nonEmptyPath(field: string, raw: string): string {
  if (raw.trim() === '') throw configError(field, 'must be a non-empty path', raw);
  return raw;
}

/** Keys are a pair: half a pair is always a mistake, and the values are never echoed (docs/contract.md, safety invariant 5). */
function resolveKeys(env: NodeJS.ProcessEnv): { apiKey: string | undefined; apiSecret: string | undefined } {
  const apiKey = envValue(env, 'BINANCE_API_KEY');
  const apiSecret = envValue(env, 'BINANCE_API_SECRET');
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    const missing = apiKey === undefined ? 'BINANCE_API_KEY' : 'BINANCE_API_SECRET';
    throw new TapelineError(
      'TL_CONFIG_INVALID',
      `${missing} is not set but its pair is: set both BINANCE_API_KEY and BINANCE_API_SECRET, or neither`,
    );
  }
  for (const [name, value] of [
    ['BINANCE_API_KEY', apiKey],
    ['BINANCE_API_SECRET', apiSecret],
  ] as const) {
    if (value !== undefined && !/^[\x21-\x7e]+$/.test(value)) {
      throw new TapelineError('TL_CONFIG_INVALID', `${name} must be printable ASCII without spaces (value not shown)`);
    }
  }
  return { apiKey, apiSecret };
}

/** Runs a field parser on a file value and words its error like the schema errors: `config: ... in FILE`. */
function fromFile<T>(file: LoadedConfigFile | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof TapelineError)) throw err;
    throw new TapelineError(err.code, `config: ${err.message} in ${file?.shownPath}`, { cause: err });
  }
}

/** Keys that lived under `risk` before execution got its own section: named in the error, never guessed at. */
const MOVED_TO_EXECUTION = [
  'deadManIntervalMs',
  'deadManCountdownMs',
  'requestTimeoutMs',
  'listenKeyKeepAliveMs',
  'recvWindowMs',
];

/** Risk and execution parameters are validated at start (bad value → exit 2), not first when their actor starts. */
function checkSection(
  section: 'risk' | 'execution',
  raw: Record<string, unknown>,
  shownPath: string | undefined,
): Record<string, unknown> {
  const where = shownPath ? ` in ${shownPath}` : '';
  const moved = section === 'risk' ? Object.keys(raw).find((k) => MOVED_TO_EXECUTION.includes(k)) : undefined;
  if (moved) {
    throw new TapelineError(
      'TL_CONFIG_INVALID',
      `config: risk.${moved} is an execution parameter now: write it as execution.${moved}${where}`,
    );
  }
  try {
    if (section === 'risk') parseRiskParams(raw, 'config');
    else parseExecutionParams(raw, 'config');
  } catch (err) {
    throw new TapelineError('TL_CONFIG_INVALID', `${errorMessage(err)}${where}`);
  }
  return raw;
}

export function resolveConfig(input: ResolveConfigInput): TapelineConfig {
  const { flags, env, cwd } = input;
  let file: LoadedConfigFile | undefined;
  if (flags.config !== undefined) file = loadConfigFile(nonEmptyPath('--config', flags.config), cwd);
  const fv = file?.values;
  const inFile = (key: string) => `config: ${key} (in ${file?.shownPath})`;

  const venue = flags.venue !== undefined ? parseVenue('--venue', flags.venue) : (fv?.venue ?? DEFAULTS.venue);

  const symbols =
    flags.symbols !== undefined ? parseSymbols('--symbols', flags.symbols) : (fv?.symbols ?? [...DEFAULT_SYMBOLS]);

  let host: string = DEFAULTS.host;
  if (fv?.host !== undefined) host = fromFile(file, () => parseHost('host', fv.host));
  if (flags.host !== undefined) host = parseHost('--host', flags.host);

  let port: number = fv?.port ?? DEFAULTS.port;
  const envPort = envValue(env, 'TAPELINE_PORT');
  if (envPort !== undefined) port = parsePort('TAPELINE_PORT', envPort);
  if (flags.port !== undefined) port = parsePort('--port', flags.port);

  // Which field produced the data dir / socket, so a too-long socket path names what to change.
  let dataDir = resolve(cwd, DEFAULTS.dataDir);
  let dataDirField = 'the default --data-dir ./var';
  if (fv?.dataDir !== undefined) [dataDir, dataDirField] = [fv.dataDir, inFile('dataDir')];
  const envDataDir = envValue(env, 'TAPELINE_DATA_DIR');
  if (envDataDir !== undefined) [dataDir, dataDirField] = [resolve(cwd, envDataDir), 'TAPELINE_DATA_DIR'];
  if (flags.dataDir !== undefined) {
    [dataDir, dataDirField] = [resolve(cwd, nonEmptyPath('--data-dir', flags.dataDir)), '--data-dir'];
  }

  let adminSocket = join(dataDir, DEFAULTS.adminSocketName);
  let socketField = `${dataDirField} (admin socket <data-dir>/admin.sock)`;
  if (fv?.adminSocket !== undefined) [adminSocket, socketField] = [fv.adminSocket, inFile('adminSocket')];
  if (flags.adminSocket !== undefined) {
    adminSocket = resolve(cwd, nonEmptyPath('--admin-socket', flags.adminSocket));
    socketField = '--admin-socket';
  }
  checkSocketPath(socketField, adminSocket);

  const record = flags.record ?? fv?.record ?? false;
  // Durable cluster state lives in NATS: without --nats there is nowhere to put it (docs/cluster-durability.md).
  for (const [flag, value] of [
    ['--record-stream', flags.recordStream],
    ['--rest-ip', flags.restIp],
  ] as const) {
    if (value !== undefined && flags.nats === undefined)
      throw new TapelineError('TL_CLI_USAGE', `${flag} needs --nats URL: it is kept in the cluster's JetStream`);
    if (value !== undefined && !/^[A-Za-z0-9_.:-]+$/.test(value))
      throw new TapelineError('TL_CLI_USAGE', `${flag} "${value}": use letters, digits, _ - . and : only`);
  }

  const rawEnabled = envValue(env, 'EXECUTION_ENABLED');
  const executionEnabled = rawEnabled === undefined ? false : parseStrictBoolean('EXECUTION_ENABLED', rawEnabled);

  const { apiKey, apiSecret } = resolveKeys(env);
  const adminToken = envValue(env, 'TAPELINE_ADMIN_TOKEN');
  if (adminToken !== undefined && /\s/.test(adminToken)) {
    throw new TapelineError('TL_CONFIG_INVALID', 'TAPELINE_ADMIN_TOKEN must not contain whitespace (value not shown)');
  }

  const cluster = parseClusterFlags(flags, symbols);
  const natsCredential = parseNatsCredential(flags, env, cwd);
  if (cluster && natsCredential) cluster.credential = natsCredential;

  const gateway = resolveGatewayAccess({ host, env, cwd, file: fv?.gateway, adminToken });

  // Strategy parameters are checked here, at start, so a bad value is exit 2 and not a symbol actor failing later.
  const strategies = fv?.strategies ?? {};
  fromFile(file, () => {
    resolveSymbolParams(strategies.symbol);
    resolveStrategyParams(strategies as { sweepFade?: unknown; imbalanceBreakout?: unknown });
    // Actor names in runtime.placement groups: checked here so a typo is exit 2, not a thread that never starts.
    parsePlacement(fv?.runtime?.placement);
  });

  return {
    venue,
    symbols,
    host,
    port,
    dataDir,
    adminSocket,
    record,
    runtime: fv?.runtime ?? defaultRuntime(),
    ingest: fv?.ingest ?? {},
    strategies,
    risk: checkSection('risk', fv?.risk ?? {}, file?.shownPath),
    execution: checkSection('execution', fv?.execution ?? {}, file?.shownPath),
    keysPresent: apiKey !== undefined && apiSecret !== undefined,
    executionEnabled,
    apiKey,
    apiSecret,
    adminToken,
    gateway,

    cluster,
    venueUrl: flags.venueUrl === undefined ? undefined : parseVenueUrl(flags.venueUrl),
    recordStream: flags.recordStream,
    restIp: flags.restIp,
  };
}
