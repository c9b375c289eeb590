/**
 * Pure parts of the gateway: bearer-token check, kill-switch body parsing, op parsing (every error code),
 * subscription bookkeeping (default, replace, unsubscribe, wildcard, channel-wide risk topic), the op rate
 * limit, and the type → channel routing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOp } from '../../../src/actors/gateway/client-ops.js';
import { createPackr } from '../../../src/actors/gateway/fanout.js';
import { checkBearer } from '../../../src/actors/gateway/kill-switch-auth.js';
import { parseKillBody } from '../../../src/actors/gateway/kill-switch-route.js';
import { ABUSE_REJECTS, newRateState, OPS_BURST, takeToken } from '../../../src/actors/gateway/op-rate-limit.js';
import {
  addPairs,
  applyOp,
  channelsForNewSymbol,
  newSubscriptionState,
} from '../../../src/actors/gateway/subscriptions.js';
import { channelOf, topicName } from '../../../src/actors/gateway/topics.js';
import { CHANNELS } from '../../../src/schema/client-messages.js';

const packr = createPackr();
const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

test('checkBearer: not configured, wrong, malformed, right', () => {
  assert.equal(checkBearer('Bearer abc', undefined), 'not-configured');
  assert.equal(checkBearer('Bearer abc', ''), 'not-configured');
  assert.equal(checkBearer('', 'abc'), 'unauthorized');
  assert.equal(checkBearer('Bearer abd', 'abc'), 'unauthorized');
  assert.equal(checkBearer('Bearer abcd', 'abc'), 'unauthorized');
  assert.equal(checkBearer('abc', 'abc'), 'unauthorized');
  assert.equal(checkBearer('Bearer abc', 'abc'), 'ok');
  assert.equal(checkBearer('bearer abc', 'abc'), 'ok');
});

test('parseKillBody: accepts engaged:true with optional reason and symbol; refuses the rest', () => {
  assert.deepEqual(parseKillBody(Buffer.from('{"engaged":true,"reason":"r"}')), { reason: 'r', symbol: undefined });
  assert.deepEqual(parseKillBody(Buffer.from('{"engaged":true,"symbol":"BTCUSDT"}')), {
    reason: 'kill switch over HTTP',
    symbol: 'BTCUSDT',
  });
  const refused = parseKillBody(Buffer.from('{"engaged":false}'));
  assert.ok('status' in refused && refused.status === 403);
  for (const body of ['x', 'null', '{"engaged":1}', '{"engaged":true,"reason":7}', '{"engaged":true,"foo":1}']) {
    const r = parseKillBody(Buffer.from(body));
    assert.ok('status' in r && r.status === 400, body);
  }
});

test('parseOp: valid ops in JSON and msgpack; each failure has its code', () => {
  assert.deepEqual(parseOp(bytes('{"op":"ping","id":3}'), false, 'json', packr), {
    ok: true,
    op: { op: 'ping', id: 3 },
  });
  const mp = packr.pack({ op: 'subscribe', symbols: ['*'], channels: ['risk'] });
  const sub = parseOp(
    mp.buffer.slice(mp.byteOffset, mp.byteOffset + mp.byteLength) as ArrayBuffer,
    true,
    'msgpack',
    packr,
  );
  assert.equal(sub.ok, true);
  const code = (r: ReturnType<typeof parseOp>) => (r.ok ? 'ok' : r.code);
  assert.equal(code(parseOp(bytes('{'), false, 'json', packr)), 'TL_WS_BAD_JSON');
  assert.equal(
    code(parseOp(new Uint8Array([0xff, 0xfe]).buffer as ArrayBuffer, false, 'json', packr)),
    'TL_WS_BAD_JSON',
  );
  assert.equal(code(parseOp(bytes('"ping"'), false, 'json', packr)), 'TL_WS_BAD_OP');
  assert.equal(code(parseOp(bytes('{"op":"nope"}'), false, 'json', packr)), 'TL_WS_UNKNOWN_OP');
  assert.equal(
    code(parseOp(bytes('{"op":"subscribe","symbols":[],"channels":["risk"]}'), false, 'json', packr)),
    'TL_WS_BAD_OP',
  );
  assert.equal(code(parseOp(bytes('{"op":"ping","id":1,"x":2}'), false, 'json', packr)), 'TL_WS_BAD_OP');
  assert.equal(
    code(parseOp(new Uint8Array([0x81, 0xa2]).buffer as ArrayBuffer, true, 'msgpack', packr)),
    'TL_WS_BAD_MSGPACK',
  );
  assert.equal(
    code(parseOp(new Uint8Array([0x80]).buffer as ArrayBuffer, true, 'json', packr)),
    'TL_WS_BINARY_ON_JSON',
  );
  assert.equal(code(parseOp(new ArrayBuffer(5000), false, 'json', packr)), 'TL_WS_OP_TOO_LARGE');
});

test('subscriptions: default holds everything; first subscribe replaces; unsubscribe removes; risk is one topic', () => {
  const known = new Set(['BTCUSDT', 'ETHUSDT']);
  const s = newSubscriptionState('json');
  const initial = addPairs(s, known, CHANNELS);
  assert.equal(initial.added.length, 10);
  assert.equal(initial.subscribe.length, 9, '4 per-symbol channels x 2 symbols + 1 channel-wide risk topic');
  assert.deepEqual(initial.joinedChannelWide, ['risk']);
  const r1 = applyOp(s, { op: 'subscribe', symbols: ['BTCUSDT'], channels: ['metrics'] }, known);
  assert.ok(r1.ok);
  assert.deepEqual(r1.change.subscribe, []);
  assert.equal(r1.change.unsubscribe.length, 8);
  assert.deepEqual([...s.topics], [topicName('json', 'metrics', 'BTCUSDT')]);
  const r2 = applyOp(s, { op: 'subscribe', symbols: ['*'], channels: ['risk'] }, known);
  assert.ok(r2.ok);
  assert.deepEqual(r2.change.subscribe, [topicName('json', 'risk', '*')]);
  const r3 = applyOp(s, { op: 'unsubscribe', symbols: ['BTCUSDT'], channels: ['risk'] }, known);
  assert.ok(r3.ok);
  assert.deepEqual(r3.change.unsubscribe, [], 'ETHUSDT still holds the risk channel');
  const bad = applyOp(s, { op: 'subscribe', symbols: ['DOGEUSDT'], channels: ['metrics'] }, known);
  assert.equal(bad.ok, false);
  assert.equal(s.pairs.size, 2, 'a rejected op changes nothing');
});

test('rate limit: a burst passes, then limited, then abusive; tokens refill with time', () => {
  const st = newRateState(0);
  for (let i = 0; i < OPS_BURST; i++) assert.equal(takeToken(st, 0), 'ok');
  assert.equal(takeToken(st, 0), 'limited');
  assert.equal(takeToken(st, 100), 'ok', '100 ms refills 2 tokens');
  assert.equal(takeToken(st, 100), 'ok');
  for (let i = 0; i < ABUSE_REJECTS - 1; i++) assert.equal(takeToken(st, 100), 'limited');
  assert.equal(takeToken(st, 100), 'abusive');
});

test('routing: message types map to channels; internal types do not reach clients', () => {
  assert.equal(channelOf('metrics'), 'metrics');
  assert.equal(channelOf('symbol-stats'), undefined, 'symbol-stats is gone');
  assert.equal(channelOf('signal'), 'signals');
  assert.equal(channelOf('order'), 'orders');
  assert.equal(channelOf('risk'), 'risk');
  assert.equal(channelOf('kill-switch'), 'risk');
  assert.equal(channelOf('intent'), undefined);
  assert.equal(channelOf('cancel-all'), undefined);
});

test('a symbol added later joins the default subscription, and only the channels subscribed with "*"', () => {
  const known = new Set(['BTCUSDT', 'ETHUSDT']);
  const s = newSubscriptionState('json');
  addPairs(s, known, CHANNELS);
  assert.deepEqual(channelsForNewSymbol(s), CHANNELS, 'default: every channel');
  assert.ok(applyOp(s, { op: 'subscribe', symbols: ['*'], channels: ['metrics', 'risk'] }, known).ok);
  assert.ok(applyOp(s, { op: 'subscribe', symbols: ['BTCUSDT'], channels: ['trades'] }, known).ok);
  assert.deepEqual([...channelsForNewSymbol(s)].sort(), ['metrics', 'risk'], 'named-symbol channels do not follow');
  assert.ok(applyOp(s, { op: 'unsubscribe', symbols: ['*'], channels: ['risk'] }, known).ok);
  assert.deepEqual(channelsForNewSymbol(s), ['metrics']);
  const explicitOnly = newSubscriptionState('json');
  assert.ok(applyOp(explicitOnly, { op: 'subscribe', symbols: ['ETHUSDT'], channels: ['metrics'] }, known).ok);
  assert.deepEqual(channelsForNewSymbol(explicitOnly), []);
});
