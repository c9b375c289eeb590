import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelRoutes } from '../../../src/runtime/channel/channel-routes.js';

function sender(name: string, to: string, topic: string) {
  const got: unknown[] = [];
  return { spec: { name, to, topic }, got, send: (m: unknown) => got.push(m) };
}

test('sendTo reaches only the channel of that destination and topic; send reaches every consumer of the topic', () => {
  const a = sender('ingest->symbol/A:market', 'symbol/A', 'market');
  const b = sender('ingest->symbol/B:market', 'symbol/B', 'market');
  const c = sender('ingest->gateway:status', 'gateway', 'status');
  const routes = new ChannelRoutes([a, b, c]);
  routes.sendTo('symbol/B', 'market', 1);
  routes.sendTo('symbol/B', 'status', 2);
  routes.sendTo('symbol/Z', 'market', 3);
  routes.send('market', 4);
  assert.deepEqual(a.got, [4]);
  assert.deepEqual(b.got, [1, 4]);
  assert.deepEqual(c.got, []);
});

test('a route handle taken before its channel attaches delivers once it does, and stops after detach', () => {
  const routes = new ChannelRoutes<ReturnType<typeof sender>>();
  const route = routes.route('symbol/C', 'market');
  route.send('lost: no channel yet');
  const c = sender('ingest->symbol/C:market', 'symbol/C', 'market');
  assert.equal(routes.add(c), true);
  assert.equal(routes.add(sender('ingest->symbol/C:market', 'symbol/C', 'market')), false, 'same channel twice');
  route.send('first');
  assert.equal(routes.remove('ingest->symbol/C:market'), c);
  route.send('after detach');
  assert.deepEqual(c.got, ['first']);
  assert.equal(routes.all().length, 0);
});
