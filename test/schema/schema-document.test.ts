/**
 * The served JSON Schema compiles under a 2020-12 validator, accepts what the gateway sends and rejects
 * malformed client ops; the shared structures follow the internal schemas' key order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMA_VERSION } from '../../src/schema/client-messages.js';
import { INTERNAL_MESSAGES } from '../../src/schema/internal-messages.js';
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

test('the document is draft 2020-12 with a semver schemaVersion', () => {
  const doc = schemaDocument();
  assert.equal(doc.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(doc.schemaVersion, SCHEMA_VERSION);
  assert.match(SCHEMA_VERSION, /^\d+\.\d+\.\d+$/);
});

test('server messages validate; wrong ones do not', () => {
  const { server } = validators();
  assert.ok(server({ type: 'hello', schemaVersion: SCHEMA_VERSION, symbols: ['BTCUSDT'], channels: ['metrics', 'risk'] }), JSON.stringify(server.errors));
  assert.ok(server({ type: 'symbol-stats', symbol: 'BTCUSDT', ts: 1, seq: 1, received: 3, missed: 0, byKind: { aggTrade: 3 } }));
  assert.ok(server({ type: 'kill-switch', engaged: true, symbol: '', reason: 'engaged at start', ts: 1 }));
  assert.equal(server({ type: 'hello', schemaVersion: SCHEMA_VERSION, symbols: ['BTCUSDT'], channels: ['bogus'] }), false);
  assert.equal(server({ type: 'nope' }), false);
});

test('client ops validate; malformed ops are rejected', () => {
  const { client } = validators();
  assert.ok(client({ op: 'subscribe', symbols: ['BTCUSDT'], channels: ['metrics', 'signals', 'orders', 'risk'] }));
  assert.ok(client({ op: 'ping', id: 7 }));
  assert.equal(client({ op: 'subscribe', symbols: 'BTCUSDT', channels: [] }), false);
  assert.equal(client({ op: 'ping' }), false);
  assert.equal(client({ op: 'explode' }), false);
});

test('shared structures are the internal schemas keys, in order', () => {
  const structures = sharedStructures();
  assert.equal(structures.length, INTERNAL_MESSAGES.length);
  assert.deepEqual(structures[0], ['type', 'symbol', 'recvTs', 'seq', 'event']);
});
