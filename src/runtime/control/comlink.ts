/**
 * comlink over worker_threads MessagePorts: the control plane (status, configure, command, stop) between the
 * supervisor and each actor thread. comlink ships CJS/UMD without an exports map, so it is loaded through
 * createRequire; `callWithin` bounds every call, since a proxy call to a dead thread would never settle.
 */
import { createRequire } from 'node:module';
import type { MessagePort } from 'node:worker_threads';
import { TapelineError } from '../../schema/errors.js';

type ComlinkModule = typeof import('comlink');
type NodeEndpointFactory = (port: unknown) => unknown;

const require = createRequire(import.meta.url);
const Comlink = require('comlink') as ComlinkModule;
const nodeEndpoint = require('comlink/dist/umd/node-adapter.js') as NodeEndpointFactory;

export type Remote<T> = import('comlink').Remote<T>;

export function exposeOn(api: object, port: MessagePort): void {
  Comlink.expose(api, nodeEndpoint(port) as never);
}

export function wrapPort<T>(port: MessagePort): Remote<T> {
  return Comlink.wrap<T>(nodeEndpoint(port) as never);
}

export function releaseProxy(remote: Remote<unknown>): void {
  try {
    remote[Comlink.releaseProxy]();
  } catch {
    // Releasing a proxy whose thread is already gone throws; there is nothing left to release.
  }
}

/** Races a control call against a deadline; the error names the actor and the call. */
export async function callWithin<T>(what: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TapelineError('TL_ACTOR_TIMEOUT', `${what} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([call(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
