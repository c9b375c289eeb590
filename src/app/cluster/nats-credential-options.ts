/**
 * `tapeline run --nats-user NAME` (password from TAPELINE_NATS_PASSWORD) or `--nats-nkey FILE` (a user nkey seed,
 * `SU...`): this node's per-role NATS credential (docs/cluster-durability.md). Secrets never come from argv, where
 * `ps` shows them; every connection of the node (bridge, ingest, execution, leases) uses the one credential.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NatsClientCredential } from '../../schema/config/config-schema.js';
import { envValue } from '../../schema/config/field-parsers.js';
import { TapelineError, errorMessage } from '../../schema/errors.js';
import { nkeyPublicKey } from '../../runtime/nats/nats-credentials.js';

export interface NatsCredentialFlags {
  nats?: string | undefined;
  natsUser?: string | undefined;
  natsNkey?: string | undefined;
}

function usage(message: string): TapelineError {
  return new TapelineError('TL_CLI_USAGE', message);
}

function bad(message: string): TapelineError {
  return new TapelineError('TL_NATS_BAD_CREDENTIAL', message);
}

/** undefined when the node connects without a credential (a NATS without `authorization`). */
export function parseNatsCredential(
  flags: NatsCredentialFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): NatsClientCredential | undefined {
  const password = envValue(env, 'TAPELINE_NATS_PASSWORD');
  const { natsUser: user, natsNkey: nkeyFile } = flags;
  if (flags.nats === undefined) {
    if (user !== undefined || nkeyFile !== undefined)
      throw usage('--nats-user and --nats-nkey need --nats URL (the cluster to join)');
    return undefined;
  }
  if (user !== undefined && nkeyFile !== undefined)
    throw usage('give --nats-user (password in TAPELINE_NATS_PASSWORD) or --nats-nkey FILE, not both');
  if (user !== undefined) {
    if (!/^[A-Za-z0-9_.@-]+$/.test(user)) throw usage(`--nats-user "${user}": use letters, digits, _ - . and @ only`);
    if (password === undefined)
      throw usage('--nats-user needs its password in TAPELINE_NATS_PASSWORD (never on the command line)');
    return { user, password };
  }
  if (password !== undefined)
    throw usage('TAPELINE_NATS_PASSWORD is set but --nats-user is not: give the user the password belongs to');
  if (nkeyFile === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, nkeyFile), 'utf8');
  } catch (err) {
    throw bad(`--nats-nkey ${nkeyFile}: cannot read the seed file (${errorMessage(err)})`);
  }
  // A file from `nk -gen user` holds the seed alone; a .creds-style file has it on its own line.
  const seed = text.split(/\s+/).find((w) => w.startsWith('SU'));
  if (seed !== undefined) {
    try {
      nkeyPublicKey(seed);
      return { nkeySeed: seed };
    } catch {
      // falls through to the coded error below
    }
  }
  throw bad(
    `--nats-nkey ${nkeyFile}: no user nkey seed (a line starting with SU) in the file; make one with \`nk -gen user\``,
  );
}
