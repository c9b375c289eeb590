/**
 * `tapeline run --nats URL[,URL...] --node NAME [--roles ...] [--venue-url URL]`: parsed and checked here, before
 * anything starts. No `--nats` means one process, exactly as before; `--node` and `--roles` without it are a
 * usage error rather than silently ignored. Roles: ingest,symbols,risk,execution,gateway (default all).
 */
import type { ClusterConfig, ClusterRole } from '../../schema/config/config-schema.js';
import { TapelineError } from '../../schema/errors.js';
import { checkNodeName } from '../../runtime/nats/cluster-subjects.js';
import { parseNatsServers } from '../../runtime/nats/connect.js';

export const CLUSTER_ROLES: readonly ClusterRole[] = ['ingest', 'symbols', 'risk', 'execution', 'gateway'];

export interface ClusterFlags {
  nats?: string | undefined;
  node?: string | undefined;
  roles?: string | undefined;
  cluster?: string | undefined;
}

function badRoles(message: string): TapelineError {
  return new TapelineError('TL_CLUSTER_BAD_ROLES', message);
}

export function parseRoles(raw: string): ClusterRole[] {
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  if (roles.length === 0) throw badRoles(`--roles needs at least one of ${CLUSTER_ROLES.join(',')}`);
  for (const r of roles) {
    if (!(CLUSTER_ROLES as readonly string[]).includes(r)) {
      throw badRoles(`--roles: unknown role "${r}"; roles are ${CLUSTER_ROLES.join(',')}`);
    }
  }
  // Ingest feeds exactly the symbols this node owns (no market data crosses NATS), so the two go together.
  if (roles.includes('ingest') !== roles.includes('symbols')) {
    throw badRoles(
      '--roles: ingest and symbols go together (a node ingests the symbols it owns); give both or neither',
    );
  }
  return [...new Set(roles)] as ClusterRole[];
}

/** undefined without `--nats` (one process); the whole cluster block otherwise. */
export function parseClusterFlags(flags: ClusterFlags, symbols: readonly string[]): ClusterConfig | undefined {
  if (flags.nats === undefined) {
    if (flags.node !== undefined || flags.roles !== undefined || flags.cluster !== undefined) {
      throw new TapelineError('TL_CLI_USAGE', '--node, --roles and --cluster need --nats URL (the cluster to join)');
    }
    return undefined;
  }
  if (flags.node === undefined) {
    throw new TapelineError('TL_CLI_USAGE', '--nats needs --node NAME, a name unique in the cluster (e.g. --node a)');
  }
  return {
    nats: parseNatsServers(flags.nats),
    node: checkNodeName(flags.node),
    roles: flags.roles === undefined ? [...CLUSTER_ROLES] : parseRoles(flags.roles),
    name: flags.cluster ?? 'default',
    symbols: [...symbols],
  };
}

/** `--venue-url http://host:port` of a running `tapeline sim`: REST there, WS on the same port. */
export function parseVenueUrl(raw: string): { rest: string; ws: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TapelineError('TL_CLI_USAGE', `--venue-url: "${raw}" is not a URL; write http://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TapelineError('TL_CLI_USAGE', `--venue-url: "${raw}" must start with http:// or https://`);
  }
  const rest = `${url.protocol}//${url.host}`;
  return { rest, ws: `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}` };
}
