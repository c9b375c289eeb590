/**
 * The served JSON Schema compiles under a 2020-12 validator, accepts what the gateway sends and rejects
 * malformed client ops; the shared structures follow the internal schemas' key order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SymbolEngine } from '../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../src/actors/symbol/symbol-params.js';
import { SCHEMA_VERSION } from '../../src/schema/client-messages.js';
import { INTERNAL_MESSAGES, OrderIntent } from '../../src/schema/internal-messages.js';
import { MetricsMessage } from '../../src/schema/metrics-message.js';
import { ORDER_MESSAGES } from '../../src/schema/order-messages.js';
import { schemaDocument } from '../../src/schema/schema-document.js';
import { sharedStructures } from '../../src/schema/shared-structures.js';

function validators() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(schemaDocument(), 'doc');
  return {
    server: ajv.compile({ $ref: 'doc#/$defs/serverMessage' }),
    client: ajv.compile({ $ref: 'doc#/$defs/clientOp' }),
  };
}

test('every server message and client op has a definition; serverMessage and clientOp list them', () => {
  const defs = (schemaDocument().$defs ?? {}) as Record<string, { oneOf?: unknown[] }>;
  for (const name of [
    'hello',
    'error',
    'pong',
    'subscribed',
    'metrics',
    'liquidation',
    'trades',
    'history',
    'signal',
    'order',
    'risk',
    'kill-switch',
  ]) {
    assert.ok(defs[`server.${name}`], `server.${name}`);
  }
  assert.ok(defs['client.subscribe'] && defs['client.ping'] && defs['client.history-op']);
  assert.equal(defs.serverMessage?.oneOf?.length, 13);
  assert.equal(defs.clientOp?.oneOf?.length, 3);
});

test('the document is draft 2020-12 with a semver schemaVersion', () => {
  const doc = schemaDocument();
  assert.equal(doc.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(doc.schemaVersion, SCHEMA_VERSION);
  assert.match(SCHEMA_VERSION, /^\d+\.\d+\.\d+$/);
});

test('server messages validate; wrong ones do not', () => {
  const { server } = validators();
  assert.ok(
    server({ type: 'hello', schemaVersion: SCHEMA_VERSION, symbols: ['BTCUSDT'], channels: ['metrics', 'risk'] }),
    JSON.stringify(server.errors),
  );
  assert.ok(server({ type: 'kill-switch', engaged: true, symbol: '', reason: 'engaged at start', ts: 1 }));
  assert.ok(
    server({ type: 'subscribed', subscriptions: [{ symbol: 'BTCUSDT', channel: 'metrics' }] }),
    JSON.stringify(server.errors),
  );
  assert.ok(server({ type: 'pong', id: 1, ts: 2 }));
  assert.ok(server({ type: 'error', code: 'TL_WS_BAD_OP', message: 'x' }));
  assert.ok(
    server({
      type: 'signal',
      symbol: 'BTCUSDT',
      ts: 1,
      strategy: 'sweep-fade',
      side: 'BUY',
      strength: 0.5,
      reason: 'r',
      metrics: { z: 2, obi: null },
      accepted: true,
    }),
  );
  assert.ok(
    server({
      type: 'signal',
      symbol: 'BTCUSDT',
      ts: 1,
      strategy: 'sweep-fade',
      side: 'BUY',
      strength: 0.5,
      reason: 'r',
      metrics: {},
      accepted: null,
      decisionId: 'BTCUSDT:sweep-fade:1',
    }),
  );
  assert.ok(
    server({
      type: 'signal-verdict',
      symbol: 'BTCUSDT',
      ts: 2,
      decisionId: 'BTCUSDT:sweep-fade:1',
      accepted: false,
      refusal: 'TL_RISK_GATE_KILL_SWITCH',
    }),
  );
  assert.equal(
    server({ type: 'signal-verdict', symbol: 'BTCUSDT', ts: 2, accepted: false }),
    false,
    'a verdict without its decisionId is refused',
  );
  const order = {
    type: 'order',
    symbol: 'BTCUSDT',
    ts: 1,
    clientOrderId: 'c1',
    orderId: 5,
    side: 'SELL',
    orderType: 'LIMIT',
    status: 'PARTIALLY_FILLED',
    price: 1,
    quantity: 2,
    filledQuantity: 1,
    avgPrice: 1,
  };
  assert.ok(server(order), JSON.stringify(server.errors));
  assert.equal(server({ ...order, status: 'HALF_DONE' }), false);
  const risk = {
    type: 'risk',
    ts: 1,
    killSwitch: {
      engaged: true,
      reason: 'engaged at start',
      since: 1,
      symbols: { ETHUSDT: { engaged: true, reason: 'x', since: 1 } },
    },
    gates: { executionEnabled: false, keys: true, ready: false },
    budgets: { notional: { used: 1, limit: 10 } },
    cooldowns: { BTCUSDT: { until: 5, reason: 'loss' } },
  };
  assert.ok(server(risk), JSON.stringify(server.errors));
  assert.equal(server({ ...risk, gates: { ...risk.gates, extra: 'yes' } }), false);
  assert.equal(
    server({ type: 'hello', schemaVersion: SCHEMA_VERSION, symbols: ['BTCUSDT'], channels: ['bogus'] }),
    false,
  );
  assert.equal(server({ type: 'nope' }), false);
});

test('client ops validate; malformed ops are rejected', () => {
  const { client } = validators();
  assert.ok(client({ op: 'subscribe', symbols: ['BTCUSDT'], channels: ['metrics', 'signals', 'orders', 'risk'] }));
  assert.ok(client({ op: 'ping', id: 7 }));
  assert.equal(client({ op: 'subscribe', symbols: 'BTCUSDT', channels: [] }), false);
  assert.equal(client({ op: 'ping' }), false);
  assert.equal(client({ op: 'subscribe', symbols: [], channels: ['metrics'] }), false, 'empty symbol list');
  assert.equal(client({ op: 'unsubscribe', symbols: ['BTCUSDT'], channels: [] }), false, 'empty channel list');
  assert.equal(client({ op: 'explode' }), false);
});

test('shared structures are the internal schemas keys, in order, then the order path and metrics shapes', () => {
  const structures = sharedStructures();
  const base = INTERNAL_MESSAGES.length;
  assert.deepEqual(structures[0], ['type', 'symbol', 'recvTs', 'seq', 'event']);
  assert.deepEqual(structures[INTERNAL_MESSAGES.indexOf(OrderIntent)], [
    ...Object.keys(OrderIntent.properties).filter((k) => k !== 'readiness'),
    'readiness',
  ]);
  assert.deepEqual(structures[base], ['ts', 'bookInSync', 'backfillDone', 'dataFresh', 'markPrice']);
  assert.deepEqual(structures[base + 1 + ORDER_MESSAGES.length - 1], Object.keys(ORDER_MESSAGES.at(-1)!.properties));
  assert.deepEqual(structures[base + 1 + ORDER_MESSAGES.length], Object.keys(MetricsMessage.properties));
  assert.equal(new Set(structures.map((k) => k.join())).size, structures.length, 'no shape listed twice');
});

test('every fixed block of a metrics message the real engine builds is a shared structure (keys in order)', () => {
  // A block whose keys drift from the schema's order would silently travel with its keys inline (2x the bytes).
  const engine = new SymbolEngine('BTCUSDT', DEFAULT_SYMBOL_PARAMS);
  const t0 = 1_723_161_256_000;
  engine.apply(
    {
      kind: 'depthSnapshot',
      symbol: 'BTCUSDT',
      eventTime: t0,
      transactionTime: t0,
      lastUpdateId: 1,
      bids: [[61_800, 1]],
      asks: [[61_800.2, 1]],
    },
    t0,
  );
  engine.apply({ kind: 'backfillDone', symbol: 'BTCUSDT', eventTime: t0 }, t0);
  let metrics: Record<string, unknown> | undefined;
  for (let i = 1; i < 1_000 && !metrics; i++) {
    const t = t0 + i * 10;
    const out = engine.apply(
      {
        kind: 'aggTrade',
        symbol: 'BTCUSDT',
        eventTime: t,
        tradeTime: t,
        aggTradeId: i,
        firstTradeId: i,
        lastTradeId: i,
        price: 61_800 + (i % 7),
        qty: 0.01,
        side: i % 2 ? 'buy' : 'sell',
      },
      t,
    );
    if (out && i > 200) metrics = out as unknown as Record<string, unknown>;
  }
  assert.ok(metrics, 'the engine emitted metrics');
  const registered = new Set(sharedStructures().map((k) => k.join()));
  assert.ok(registered.has(Object.keys(metrics).join()), 'the top level');
  for (const [name, block] of Object.entries(metrics)) {
    if (name === 'advancedMetrics' || block === null || typeof block !== 'object') continue;
    assert.ok(registered.has(Object.keys(block).join()), `block ${name}: ${Object.keys(block).join()}`);
  }
});
