/**
 * The admin wire protocol without a socket: request parsing for every command and every malformed shape,
 * reply encoding, and the line framer's bound on line length.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeReply, errorReply, okReply, parseAdminRequest } from '../../../src/app/admin/admin-protocol.js';
import { LineFramer } from '../../../src/app/admin/line-framer.js';

function parsed(line: string) {
  const r = parseAdminRequest(line);
  assert.ok(r.ok, `expected ok for ${line}: ${JSON.stringify(r)}`);
  return r.request;
}

function refused(line: string, code: string, message?: RegExp) {
  const r = parseAdminRequest(line);
  assert.ok(!r.ok, `expected refusal for ${line}`);
  assert.equal(r.failure.error.code, code);
  if (message) assert.match(r.failure.error.message, message);
  return r.failure;
}

describe('parseAdminRequest', () => {
  it('accepts every command with its fields', () => {
    assert.deepEqual(parsed('{"id":1,"cmd":"status"}'), { id: 1, cmd: 'status' });
    assert.deepEqual(parsed('{"cmd":"actors"}'), { id: null, cmd: 'actors' });
    assert.deepEqual(parsed('{"id":"a","cmd":"kill","reason":"manual","symbol":"btcusdt"}'), {
      id: 'a',
      cmd: 'kill',
      reason: 'manual',
      symbol: 'BTCUSDT',
    });
    assert.deepEqual(parsed('{"id":2,"cmd":"kill"}'), { id: 2, cmd: 'kill', reason: 'admin kill' });
    assert.deepEqual(parsed('{"id":3,"cmd":"arm","reason":"go"}'), { id: 3, cmd: 'arm', reason: 'go' });
    assert.deepEqual(parsed('{"id":4,"cmd":"restart","actor":"symbol/BTCUSDT"}'), {
      id: 4,
      cmd: 'restart',
      actor: 'symbol/BTCUSDT',
    });
    assert.deepEqual(parsed('{"id":5,"cmd":"symbols","add":["xrpusdt","XRPUSDT"]}'), {
      id: 5,
      cmd: 'symbols',
      add: ['XRPUSDT'],
      remove: undefined,
    });
    assert.equal(parsed('{"cmd":"config","get":true}').cmd, 'config');
    assert.equal(parsed('{"cmd":"config","set":{"risk.maxNotional":5}}').cmd, 'config');
  });

  it('refuses malformed JSON and non-objects', () => {
    refused('{"id":1,', 'TL_ADMIN_BAD_REQUEST', /malformed JSON/);
    refused('[1,2]', 'TL_ADMIN_BAD_REQUEST', /must be a JSON object/);
    refused('"status"', 'TL_ADMIN_BAD_REQUEST', /must be a JSON object/);
    refused('null', 'TL_ADMIN_BAD_REQUEST');
  });

  it('refuses unknown commands and bad field types, keeping the id', () => {
    assert.equal(refused('{"id":7,"cmd":"reboot"}', 'TL_ADMIN_UNKNOWN_COMMAND', /unknown command "reboot"/).id, 7);
    refused('{"id":1,"cmd":5}', 'TL_ADMIN_BAD_REQUEST', /"cmd" must be a string/);
    refused('{"id":1}', 'TL_ADMIN_BAD_REQUEST', /"cmd"/);
    refused('{"id":{},"cmd":"status"}', 'TL_ADMIN_BAD_REQUEST', /"id" must be/);
    refused('{"id":1,"cmd":"status","extra":1}', 'TL_ADMIN_BAD_REQUEST', /takes no fields/);
    refused('{"id":1,"cmd":"kill","reason":5}', 'TL_ADMIN_BAD_REQUEST', /"reason" must be/);
    refused('{"id":1,"cmd":"kill","reason":"a\\nb"}', 'TL_ADMIN_BAD_REQUEST', /single-line/);
    refused('{"id":1,"cmd":"kill","symbol":"BTC-USDT"}', 'TL_ADMIN_BAD_REQUEST', /"symbol"/);
    refused('{"id":1,"cmd":"kill","sym":"BTCUSDT"}', 'TL_ADMIN_BAD_REQUEST', /accepts only: reason, symbol/);
    refused('{"id":1,"cmd":"restart"}', 'TL_ADMIN_BAD_REQUEST', /"actor"/);
    refused('{"id":1,"cmd":"restart","actor":"symbol/btc usdt"}', 'TL_ADMIN_BAD_REQUEST', /"actor"/);
    refused('{"id":1,"cmd":"symbols"}', 'TL_ADMIN_BAD_REQUEST', /"add" or "remove"/);
    refused('{"id":1,"cmd":"symbols","add":"XRPUSDT"}', 'TL_ADMIN_BAD_REQUEST', /array/);
    refused('{"id":1,"cmd":"symbols","add":[1]}', 'TL_ADMIN_BAD_REQUEST', /symbols like/);
    refused('{"id":1,"cmd":"config"}', 'TL_ADMIN_BAD_REQUEST', /"get"/);
    refused('{"id":1,"cmd":"config","set":[1]}', 'TL_ADMIN_BAD_REQUEST', /"set" must be an object/);
  });
});

describe('replies', () => {
  it('put id and ok first and never let a field overwrite them', () => {
    assert.equal(encodeReply(okReply(1, { ok: false, id: 9, a: 1 })), '{"id":1,"ok":true,"a":1}\n');
    assert.equal(
      encodeReply(errorReply(null, 'TL_INTERNAL', 'm')),
      '{"id":null,"ok":false,"error":{"code":"TL_INTERNAL","message":"m"}}\n',
    );
  });
});

describe('LineFramer', () => {
  function framer(max: number) {
    const events: string[] = [];
    const f = new LineFramer(max, {
      line: (t) => events.push(`line:${t}`),
      overflow: (n) => events.push(`overflow:${n}`),
    });
    return { f, events };
  }

  it('joins lines split across chunks and splits chunks holding many lines', () => {
    const { f, events } = framer(100);
    f.push(Buffer.from('{"a"'));
    f.push(Buffer.from(':1}\n{"b":2}\r\n\n{"c"'));
    f.push(Buffer.from(':3}\n'));
    assert.deepEqual(events, ['line:{"a":1}', 'line:{"b":2}', 'line:{"c":3}']);
  });

  it('reports an over-long line once, drops it to its newline, then frames the next line', () => {
    const { f, events } = framer(8);
    f.push(Buffer.from('123456'));
    f.push(Buffer.from('789'));
    f.push(Buffer.from('more-bytes-of-the-same-line'));
    f.push(Buffer.from('end\nok\n'));
    assert.deepEqual(events, ['overflow:9', 'line:ok']);
    f.push(Buffer.from('0123456789\nfine\n'));
    assert.deepEqual(events.slice(2), ['overflow:10', 'line:fine']);
  });

  it('finish() delivers a last line without its newline', () => {
    const { f, events } = framer(100);
    f.push(Buffer.from('{"x":1}'));
    f.finish();
    assert.deepEqual(events, ['line:{"x":1}']);
  });
});
