/**
 * Request signing: Binance's documented HMAC example, query order as given (then recvWindow, timestamp,
 * signature), value encoding, refusal of exponent numbers, and venue-side verification over query + body.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildQuery, buildSignedQuery, signQuery, verifySignedRequest } from '../../../src/venues/binance/signing.js';

// From Binance's API documentation (SIGNED endpoint examples).
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const QUERY =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

test("signQuery reproduces Binance's documented example", () => {
  assert.equal(signQuery(SECRET, QUERY), SIGNATURE);
  // Binance's "mixed query string and request body" example: query + body concatenated with no separator.
  const query = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC';
  const body = 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  assert.equal(signQuery(SECRET, query + body), '0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77');
});

test('buildSignedQuery keeps the caller order, then recvWindow, timestamp and signature', () => {
  const signed = buildSignedQuery(
    { symbol: 'LTCBTC', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 1, price: '0.1' },
    SECRET,
    1499827319559,
    5000,
  );
  assert.equal(signed, `${QUERY}&signature=${SIGNATURE}`);
  const reordered = buildSignedQuery({ side: 'BUY', symbol: 'LTCBTC' }, SECRET, 1);
  assert.ok(reordered.startsWith('side=BUY&symbol=LTCBTC&timestamp=1&signature='));
  assert.equal(buildSignedQuery({}, SECRET, 7), `timestamp=7&signature=${signQuery(SECRET, 'timestamp=7')}`);
});

test('values are percent-encoded; booleans are true/false; exponent numbers are refused', () => {
  assert.equal(
    buildQuery({ newClientOrderId: 'a b/c:d', reduceOnly: true, closePosition: false, qty: 0.001 }),
    'newClientOrderId=a%20b%2Fc%3Ad&reduceOnly=true&closePosition=false&qty=0.001',
  );
  assert.throws(() => buildQuery({ quantity: 1e-7 }), {
    code: 'TL_CODEC_INVALID',
    message: /quantity=1e-7 cannot be sent/,
  });
  assert.throws(() => buildQuery({ price: Number.NaN }), { code: 'TL_CODEC_INVALID' });
  assert.throws(
    () => buildSignedQuery({ quantity: 1e21 }, SECRET, 1),
    (err: Error) => !err.message.includes(SECRET),
  );
});

test('verifySignedRequest: over the raw query (signature removed) + raw body, in either place', () => {
  assert.equal(verifySignedRequest(SECRET, `${QUERY}&signature=${SIGNATURE}`), true);
  assert.equal(verifySignedRequest(SECRET, `${QUERY}&signature=${SIGNATURE.replace('c8', 'c9')}`), false);
  assert.equal(verifySignedRequest(SECRET, QUERY), false, 'unsigned');
  assert.equal(verifySignedRequest('other', `${QUERY}&signature=${SIGNATURE}`), false);
  const body = 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  const query = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC';
  const sig = signQuery(SECRET, query + body);
  assert.equal(verifySignedRequest(SECRET, `${query}&signature=${sig}`, body), true, 'signature in the query');
  assert.equal(verifySignedRequest(SECRET, query, `${body}&signature=${sig}`), true, 'signature in the body');
  assert.equal(verifySignedRequest(SECRET, `signature=${signQuery(SECRET, 'a=1')}&a=1`), true, 'signature first');
  assert.equal(verifySignedRequest(SECRET, 'xsignature=ab&a=1'), false);
});
