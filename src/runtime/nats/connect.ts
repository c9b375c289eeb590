/**
 * The one way Tapeline opens a NATS connection: `--nats URL[,URL...]` is parsed here (parseNatsServers) and
 * connectNats turns "no server answered" into TL_NATS_UNREACHABLE naming every URL tried, so a node never starts
 * half-joined. Reconnects after the first connect are the client's job (it cycles through every known server).
 */
import { type Authenticator, AuthorizationError, connect, type NatsConnection } from '@nats-io/transport-node';
import type { NatsClientCredential } from '../../schema/config/config-schema.js';
import { TapelineError, errorMessage } from '../../schema/errors.js';
import { connectCredentials } from './nats-credentials.js';

export type { NatsConnection };

export interface NatsConnectOptions {
  /** Shown by the server (`nats server report connections`); the node id is a good name. */
  name?: string;
  /** Per-role credentials (user/password); an nkey or creds authenticator can be passed instead. */
  user?: string;
  pass?: string;
  authenticator?: Authenticator | Authenticator[];
  /** A node's credential (`tapeline run --nats-user` / `--nats-nkey`); wins over user/pass/authenticator. */
  credential?: NatsClientCredential | undefined;
  /** How long the first connect may take before TL_NATS_UNREACHABLE (default 5 s). */
  timeoutMs?: number;
}

const URL_PATTERN = /^(?:(nats|tls|ws|wss):\/\/)?(?:[^@/\s]+@)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/;

/**
 * `nats://host:port,host2:port` → `['nats://host:port', 'nats://host2:port']`. A bare `host:port` gets
 * `nats://`; an empty entry or a port outside 1-65535 is TL_NATS_BAD_URL naming the entry.
 */
export function parseNatsServers(text: string): string[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (entries.length === 0) {
    throw new TapelineError('TL_NATS_BAD_URL', '--nats needs at least one server URL, e.g. nats://127.0.0.1:4222');
  }
  return entries.map((entry) => {
    const m = URL_PATTERN.exec(entry);
    const port = m?.[3] === undefined ? 4222 : Number(m[3]);
    if (!m || port < 1 || port > 65_535) {
      throw new TapelineError(
        'TL_NATS_BAD_URL',
        `--nats: "${entry}" is not a NATS server URL; write nats://HOST:PORT (several separated by commas)`,
      );
    }
    return m[1] === undefined ? `nats://${entry}` : entry;
  });
}

/**
 * Connects to the first server that answers; none answering is TL_NATS_UNREACHABLE listing the URLs, a server
 * refusing the credential (or asking for one) is TL_NATS_AUTH_REFUSED — retrying elsewhere would not help.
 */
export async function connectNats(
  servers: readonly string[],
  options: NatsConnectOptions = {},
): Promise<NatsConnection> {
  const auth =
    options.credential === undefined
      ? { user: options.user, pass: options.pass, authenticator: options.authenticator }
      : connectCredentials(options.credential);
  try {
    return await connect({
      servers: [...servers],
      name: options.name,
      ...auth,
      timeout: options.timeoutMs ?? 5_000,
      // After the first connect the cluster may lose a server: keep trying the others for good.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 2_000,
    });
  } catch (err) {
    if (err instanceof AuthorizationError || /authoriz/i.test(errorMessage(err))) {
      throw new TapelineError(
        'TL_NATS_AUTH_REFUSED',
        `NATS at ${servers.join(', ')} refused this node's credential (${errorMessage(err)}); check --nats-user and TAPELINE_NATS_PASSWORD, or --nats-nkey`,
        { cause: err },
      );
    }
    throw new TapelineError(
      'TL_NATS_UNREACHABLE',
      `no NATS server answered at ${servers.join(', ')} (${errorMessage(err)}); start nats-server or fix --nats`,
      { cause: err },
    );
  }
}
