/**
 * Per-role NATS credentials: the permissions a node gets from its roles, as the `authorization` block of the
 * nats-server config, and the client side (user/password, or an nkey seed that never leaves the node).
 * Rule: a role may publish on `tl.>` and `tapeline.>` and use JetStream, except what only another role may write: approvals
 * (risk), the order journal (execution), leases (risk, execution), the REST budget (ingest), and the JetStream
 * calls that destroy a stream or consumer (nobody). A node with several roles gets what any of them allows.
 */
import { fromSeed } from '@nats-io/nkeys';
import { nkeyAuthenticator } from '@nats-io/transport-node';
import type { ClusterRole, NatsClientCredential } from '../../schema/config/config-schema.js';
import { TapelineError } from '../../schema/errors.js';
import {
  APPROVAL_STREAM,
  APPROVAL_SUBJECT,
  JOURNAL_SUBJECT_PREFIX,
  LEASE_BUCKET,
  REST_BACKOFF_BUCKET,
  REST_BUDGET_BUCKET,
} from './durable-names.js';

const NODE_ROLES: readonly ClusterRole[] = ['ingest', 'symbols', 'risk', 'execution', 'gateway'];
type NodeRole = ClusterRole;

export interface RolePermissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[] };
}

/** A node's credentials: user/password, or an nkey (the server gets the public key, the node keeps the seed). */
export type NodeCredential =
  | { roles: NodeRole[]; user: string; password: string }
  | { roles: NodeRole[]; nkeySeed: string };

/** `tl.>`: the cluster's frames, kill and heartbeats (cluster-subjects.ts); `tapeline.>`: durable-names.ts. */
const ALLOW = ['tl.>', 'tapeline.>', '_INBOX.>', '$JS.API.>', '$JS.ACK.>', '$JS.FC.>', '$KV.>'];
/** Nobody may destroy durable state through the API (operators use the nats CLI with an admin user). */
const DESTRUCTIVE = [
  '$JS.API.STREAM.DELETE.>',
  '$JS.API.STREAM.PURGE.>',
  '$JS.API.STREAM.MSG.DELETE.>',
  `$JS.API.CONSUMER.DELETE.${APPROVAL_STREAM}.>`,
];
/** Subjects only some roles may write, and which. */
const GUARDED: ReadonlyArray<{ subjects: string[]; writers: NodeRole[] }> = [
  { subjects: [APPROVAL_SUBJECT, `${APPROVAL_SUBJECT}.>`], writers: ['risk'] },
  { subjects: [`${JOURNAL_SUBJECT_PREFIX}.>`], writers: ['execution', 'risk'] },
  { subjects: [`$KV.${LEASE_BUCKET}.>`], writers: ['risk', 'execution'] },
  { subjects: [`$KV.${REST_BUDGET_BUCKET}.>`, `$KV.${REST_BACKOFF_BUCKET}.>`], writers: ['ingest'] },
];

/** Checks the roles a credential names (the same set as `--roles`). */
export function checkCredentialRoles(list: readonly string[]): NodeRole[] {
  for (const r of list) {
    if (!(NODE_ROLES as readonly string[]).includes(r)) {
      throw new TapelineError(
        'TL_CLUSTER_BAD_ROLES',
        `NATS credential for unknown role "${r}"; roles are ${NODE_ROLES.join(', ')}`,
      );
    }
  }
  return [...new Set(list)] as NodeRole[];
}

export function permissionsFor(roles: readonly NodeRole[]): RolePermissions {
  const deny = [...DESTRUCTIVE];
  for (const g of GUARDED) if (!roles.some((r) => g.writers.includes(r))) deny.push(...g.subjects);
  return { publish: { allow: [...ALLOW], deny }, subscribe: { allow: ['>'] } };
}

/** The nkey public key (U...) of a seed (SU...). */
export function nkeyPublicKey(seed: string): string {
  return fromSeed(new TextEncoder().encode(seed)).getPublicKey();
}

/** The `authorization { users = [...] }` block for every server's config. */
export function authorizationConfig(credentials: readonly NodeCredential[]): string {
  const users = credentials.map((c) => {
    const perms = permissionsFor(checkCredentialRoles(c.roles));
    const who =
      'user' in c ? `user: ${q(c.user)}, password: ${q(c.password)}` : `nkey: ${q(nkeyPublicKey(c.nkeySeed))}`;
    const pub = `publish: { allow: [${perms.publish.allow.map(q).join(', ')}], deny: [${perms.publish.deny.map(q).join(', ')}] }`;
    const sub = `subscribe: { allow: [${perms.subscribe.allow.map(q).join(', ')}] }`;
    return `    { ${who}, permissions: { ${pub}, ${sub} } }`;
  });
  return `authorization {\n  users = [\n${users.join('\n')}\n  ]\n}`;
}

/** Connect options for a node's credential (spread into `connect({servers, ...})`). */
export function connectCredentials(
  c: NatsClientCredential,
): { user: string; pass: string } | { authenticator: ReturnType<typeof nkeyAuthenticator> } {
  if ('user' in c) return { user: c.user, pass: c.password };
  const seed = new TextEncoder().encode(c.nkeySeed);
  return { authenticator: nkeyAuthenticator(seed) };
}

function q(s: string): string {
  return JSON.stringify(s);
}
