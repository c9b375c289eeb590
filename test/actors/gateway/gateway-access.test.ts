/**
 * Gateway access rules as pure functions (gateway-access.ts) and their resolution from env and file
 * (gateway-access-config.ts): loopback, the refusal to start exposed without a read token, TLS pairs and
 * files, and the three ways a request presents the read token.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  exposureFailure,
  exposureWarnings,
  isLoopback,
  mayRead,
  tokenCookie,
} from '../../../src/actors/gateway/gateway-access.js';
import { resolveGatewayAccess } from '../../../src/app/config/gateway-access-config.js';
import { resolveConfig } from '../../../src/app/config/load-config.js';

const CERT = new URL('../../../../test/fixtures/tls/test-cert.pem', import.meta.url).pathname;
const KEY = new URL('../../../../test/fixtures/tls/test-key.pem', import.meta.url).pathname;
const TLS = { certFile: CERT, keyFile: KEY };

test('loopback is 127.0.0.0/8, ::1 and localhost; anything else is exposed', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1']) assert.equal(isLoopback(h), false, h);
});

test('exposed without a read token is refused, with or without TLS; with a token it starts (warned without TLS)', () => {
  assert.equal(exposureFailure('127.0.0.1', undefined), undefined);
  assert.equal(exposureFailure('0.0.0.0', undefined)?.code, 'TL_GATEWAY_EXPOSED_NO_TOKEN');
  assert.match(exposureFailure('0.0.0.0', undefined)?.detail ?? '', /TAPELINE_READ_TOKEN/);
  assert.equal(exposureFailure('0.0.0.0', { readToken: undefined, tls: TLS })?.code, 'TL_GATEWAY_EXPOSED_NO_TOKEN');
  assert.equal(exposureFailure('0.0.0.0', { readToken: 'r', tls: undefined }), undefined);
  assert.equal(exposureWarnings('0.0.0.0', { readToken: 'r', tls: undefined }).length, 1);
  assert.deepEqual(exposureWarnings('0.0.0.0', { readToken: 'r', tls: TLS }), []);
  assert.deepEqual(exposureWarnings('127.0.0.1', undefined), []);
});

test('the read token is accepted as a bearer header, the cookie or the WS subprotocol; nothing else', () => {
  const none = { authorization: '', cookie: '', protocols: '' };
  assert.equal(mayRead(none, undefined), true, 'no token configured: open');
  assert.equal(mayRead(none, 'sekret'), false);
  assert.equal(mayRead({ ...none, authorization: 'Bearer sekret' }, 'sekret'), true);
  assert.equal(mayRead({ ...none, authorization: 'Bearer sekreT' }, 'sekret'), false);
  assert.equal(mayRead({ ...none, authorization: 'Basic sekret' }, 'sekret'), false);
  assert.equal(mayRead({ ...none, cookie: 'a=1; tapeline_token=sekret; b=2' }, 'sekret'), true);
  assert.equal(mayRead({ ...none, cookie: 'tapeline_token=other' }, 'sekret'), false);
  assert.equal(mayRead({ ...none, protocols: 'tapeline, tapeline.bearer.sekret' }, 'sekret'), true);
  assert.equal(mayRead({ ...none, protocols: 'tapeline, tapeline.bearer.nope' }, 'sekret'), false);
  assert.equal(tokenCookie('a b', true), 'tapeline_token=a%20b; Path=/; HttpOnly; SameSite=Strict; Secure');
  assert.doesNotMatch(tokenCookie('x', false), /Secure/);
});

test('resolution: env over file, paths from the working dir, every refusal coded', () => {
  const base = { host: '127.0.0.1', cwd: '/', file: undefined, adminToken: undefined };
  assert.deepEqual(resolveGatewayAccess({ ...base, env: {} }), { readToken: undefined, tls: undefined });
  assert.equal(
    resolveGatewayAccess({ ...base, env: { TAPELINE_READ_TOKEN: 'env' }, file: { readToken: 'file' } }).readToken,
    'env',
  );
  assert.deepEqual(resolveGatewayAccess({ ...base, env: {}, file: { tlsCert: CERT, tlsKey: KEY } }).tls, {
    certFile: CERT,
    keyFile: KEY,
  });
  const refused = (input: Partial<Parameters<typeof resolveGatewayAccess>[0]>, code: string, message: RegExp) =>
    assert.throws(() => resolveGatewayAccess({ ...base, env: {}, ...input }), { code, message });
  refused({ env: { TAPELINE_TLS_CERT: CERT } }, 'TL_GATEWAY_TLS_INCOMPLETE', /only the certificate/);
  refused({ file: { tlsKey: KEY } }, 'TL_GATEWAY_TLS_INCOMPLETE', /only the key/);
  refused({ env: { TAPELINE_TLS_CERT: '/nope.pem', TAPELINE_TLS_KEY: KEY } }, 'TL_GATEWAY_TLS_INVALID', /nope\.pem/);
  refused({ env: { TAPELINE_READ_TOKEN: 'same' }, adminToken: 'same' }, 'TL_CONFIG_INVALID', /two different/);
  refused({ env: { TAPELINE_READ_TOKEN: 'a b' } }, 'TL_CONFIG_INVALID', /whitespace/);
  refused({ host: '0.0.0.0' }, 'TL_GATEWAY_EXPOSED_NO_TOKEN', /0\.0\.0\.0/);
  refused(
    { host: '0.0.0.0', env: { TAPELINE_TLS_CERT: CERT, TAPELINE_TLS_KEY: KEY } },
    'TL_GATEWAY_EXPOSED_NO_TOKEN',
    /read/i,
  );
  assert.ok(resolveGatewayAccess({ ...base, host: '0.0.0.0', env: { TAPELINE_READ_TOKEN: 't' } }));
});

test('tapeline run --host 0.0.0.0 without a read token: refused by the config resolver, before anything starts', () => {
  assert.throws(() => resolveConfig({ flags: { host: '0.0.0.0' }, env: {}, cwd: '/tmp' }), {
    code: 'TL_GATEWAY_EXPOSED_NO_TOKEN',
  });
  const ok = resolveConfig({ flags: { host: '0.0.0.0' }, env: { TAPELINE_READ_TOKEN: 'r' }, cwd: '/tmp' });
  assert.equal(ok.gateway?.readToken, 'r');
});
