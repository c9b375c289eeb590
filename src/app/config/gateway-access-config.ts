/**
 * Resolves the gateway's access settings (docs/contract.md, Gateway access): the read token from
 * TAPELINE_READ_TOKEN or the file's `gateway.readToken`, TLS from TAPELINE_TLS_CERT / TAPELINE_TLS_KEY or
 * `gateway.tlsCert` / `gateway.tlsKey` (paths relative to the working directory). Refuses, before anything
 * starts, a half TLS pair, missing files, a read token equal to the admin token, and an exposed gateway
 * without a read token (gateway-access.ts, exposureFailure).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exposureFailure } from '../../actors/gateway/gateway-access.js';
import type { GatewayAccess } from '../../schema/config/config-schema.js';
import { envValue } from '../../schema/config/field-parsers.js';
import { TapelineError } from '../../schema/errors.js';

export interface GatewayAccessInput {
  host: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  file: { readToken?: string; tlsCert?: string; tlsKey?: string } | undefined;
  adminToken: string | undefined;
}

export function resolveGatewayAccess(input: GatewayAccessInput): GatewayAccess {
  const { env, cwd, file } = input;
  const readToken = envValue(env, 'TAPELINE_READ_TOKEN') ?? file?.readToken;
  if (readToken !== undefined && /\s/.test(readToken)) {
    throw new TapelineError('TL_CONFIG_INVALID', 'the read token must not contain whitespace (value not shown)');
  }
  if (readToken !== undefined && readToken === input.adminToken) {
    throw new TapelineError(
      'TL_CONFIG_INVALID',
      'the read token equals TAPELINE_ADMIN_TOKEN: use two different tokens, so a dashboard viewer cannot kill',
    );
  }
  const cert = envValue(env, 'TAPELINE_TLS_CERT') ?? file?.tlsCert;
  const key = envValue(env, 'TAPELINE_TLS_KEY') ?? file?.tlsKey;
  if ((cert === undefined) !== (key === undefined)) {
    throw new TapelineError(
      'TL_GATEWAY_TLS_INCOMPLETE',
      `TLS needs both a certificate and its key; only the ${cert === undefined ? 'key' : 'certificate'} is set ` +
        '(TAPELINE_TLS_CERT and TAPELINE_TLS_KEY, or gateway.tlsCert and gateway.tlsKey)',
    );
  }
  let tls: GatewayAccess['tls'];
  if (cert !== undefined && key !== undefined) {
    tls = { certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) };
    for (const [what, path] of [
      ['certificate', tls.certFile],
      ['key', tls.keyFile],
    ] as const) {
      if (!existsSync(path))
        throw new TapelineError('TL_GATEWAY_TLS_INVALID', `TLS ${what} file ${path} does not exist; check the path`);
    }
  }
  const access: GatewayAccess = { readToken, tls };
  const refusal = exposureFailure(input.host, access);
  if (refusal) throw new TapelineError(refusal.code, refusal.detail);
  return access;
}
