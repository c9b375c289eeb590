/**
 * Loads the uWebSockets.js native binding. uWS is not on the npm registry under its own name, so we depend on
 * two builds: @btc-vision/uwebsockets.js (Node 20-25, glibc >= 2.38) and, through the `uWebSockets.js` alias,
 * @trufflesuite/uws-js-unofficial (Node 20, older glibc). The trufflesuite entry silently falls back to a slow
 * pure-JS server when its binary does not load; we load its binary directly instead, so a missing native
 * binding is a clear error rather than a quiet 10x slowdown.
 */
import { createRequire } from 'node:module';
import type * as UwsTypes from 'uWebSockets.js';
import { TapelineError } from '../schema/errors.js';

export type Uws = typeof UwsTypes;
export type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, WebSocket } from 'uWebSockets.js';

const require = createRequire(import.meta.url);
let loaded: { binding: Uws; source: string } | undefined;

function tryBtcVision(errors: string[]): Uws | undefined {
  try {
    return require('@btc-vision/uwebsockets.js') as Uws;
  } catch (err) {
    errors.push(`@btc-vision/uwebsockets.js: ${firstLine(err)}`);
    return undefined;
  }
}

function tryTrufflesuite(errors: string[]): Uws | undefined {
  const file = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  try {
    const pkgDir = require.resolve('uWebSockets.js/package.json').replace(/package\.json$/, '');
    return require(`${pkgDir}binaries/${file}`) as Uws;
  } catch (err) {
    errors.push(`@trufflesuite/uws-js-unofficial (${file}): ${firstLine(err)}`);
    return undefined;
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

/** The native binding, loaded once per thread. Throws TL_UWS_UNAVAILABLE naming both attempts. */
export function loadUws(): { binding: Uws; source: string } {
  if (loaded) return loaded;
  const errors: string[] = [];
  const btc = tryBtcVision(errors);
  if (btc) loaded = { binding: btc, source: '@btc-vision/uwebsockets.js' };
  const truffle = loaded ? undefined : tryTrufflesuite(errors);
  if (truffle) loaded = { binding: truffle, source: '@trufflesuite/uws-js-unofficial' };
  if (loaded) return loaded;
  throw new TapelineError(
    'TL_UWS_UNAVAILABLE',
    `no uWebSockets.js native binding loads on Node ${process.versions.node} ${process.platform}-${process.arch}; ` +
      `tried: ${errors.join('; ')}. Run \`npm ci\` on a supported platform (Linux x64, glibc >= 2.36, Node 20-25).`,
  );
}

export function uws(): Uws {
  return loadUws().binding;
}
