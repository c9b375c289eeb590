/**
 * resolveConfig: defaults, the precedence defaults < file < env < flags, and every error path: each must be a
 * TL_CONFIG_INVALID whose message is one line naming the field (and the file, for file errors).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TapelineError } from '../../../src/runtime/errors.js';
import { resolveConfig, type RunFlags } from '../../../src/runtime/config/load-config.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-cfg-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

function resolve(flags: Partial<RunFlags> = {}, env: NodeJS.ProcessEnv = {}) {
  return resolveConfig({ flags, env, cwd: dir });
}

/** Asserts a TL_CONFIG_INVALID one-line error whose message matches every pattern. */
function assertConfigError(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TapelineError, `expected TapelineError, got ${String(err)}`);
    assert.equal(err.code, 'TL_CONFIG_INVALID');
    assert.ok(!err.message.includes('\n'), `message must be one line: ${err.message}`);
    for (const p of patterns) assert.match(err.message, p);
    return true;
  });
}

describe('resolveConfig defaults', () => {
  it('needs no file, env or flags', () => {
    const c = resolve();
    assert.equal(c.venue, 'sim');
    assert.deepEqual(c.symbols, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8080);
    assert.equal(c.dataDir, join(dir, 'var'));
    assert.equal(c.adminSocket, join(dir, 'var', 'admin.sock'));
    assert.equal(c.record, false);
    assert.equal(c.executionEnabled, false);
    assert.equal(c.apiKey, undefined);
    assert.equal(c.apiSecret, undefined);
    assert.equal(c.adminToken, undefined);
    assert.equal(c.runtime.restart.maxRestarts, 5);
    assert.equal(c.runtime.heartbeatMs, 250);
    assert.deepEqual(c.strategies, {});
    assert.deepEqual(c.risk, {});
  });
});

describe('resolveConfig precedence: defaults < file < env < flags', () => {
  it('file beats defaults, and a partial runtime block keeps the other defaults', () => {
    const file = writeJson('p1.json', {
      venue: 'binance-testnet',
      symbols: ['xrpusdt', 'XRPUSDT', 'BTCUSDT'],
      port: 9000,
      host: 'localhost',
      record: true,
      runtime: { restart: { maxRestarts: 3 } },
      risk: { maxOrderNotional: 1000 },
    });
    const c = resolve({ config: file });
    assert.equal(c.venue, 'binance-testnet');
    assert.deepEqual(c.symbols, ['XRPUSDT', 'BTCUSDT']);
    assert.equal(c.port, 9000);
    assert.equal(c.host, 'localhost');
    assert.equal(c.record, true);
    assert.equal(c.runtime.restart.maxRestarts, 3);
    assert.equal(c.runtime.restart.windowMs, 30_000);
    assert.equal(c.runtime.marketChannelBytes, 1 << 20);
    assert.deepEqual(c.risk, { maxOrderNotional: 1000 });
  });

  it('env beats the file, flags beat env', () => {
    const file = writeJson('p2.json', { port: 9000, dataDir: 'from-file' });
    const fromFile = resolve({ config: file });
    assert.equal(fromFile.dataDir, join(dir, 'from-file'), 'file paths are relative to the file');
    const env = { TAPELINE_PORT: '9100', TAPELINE_DATA_DIR: 'from-env' };
    const fromEnv = resolve({ config: file }, env);
    assert.equal(fromEnv.port, 9100);
    assert.equal(fromEnv.dataDir, join(dir, 'from-env'));
    assert.equal(fromEnv.adminSocket, join(dir, 'from-env', 'admin.sock'));
    const fromFlags = resolve({ config: file, port: '9200', dataDir: 'from-flag', symbols: 'ethusdt,,btcusdt' }, env);
    assert.equal(fromFlags.port, 9200);
    assert.equal(fromFlags.dataDir, join(dir, 'from-flag'));
    assert.equal(fromFlags.adminSocket, join(dir, 'from-flag', 'admin.sock'));
    assert.deepEqual(fromFlags.symbols, ['ETHUSDT', 'BTCUSDT']);
  });

  it('an explicit admin socket wins over <dataDir>/admin.sock', () => {
    const file = writeJson('p3.json', { adminSocket: 'a.sock' });
    assert.equal(resolve({ config: file }).adminSocket, join(dir, 'a.sock'));
    assert.equal(resolve({ config: file, adminSocket: 'b.sock' }).adminSocket, join(dir, 'b.sock'));
  });

  it('reads safety and secrets from the environment only', () => {
    const c = resolve(
      {},
      { EXECUTION_ENABLED: 'true', BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's', TAPELINE_ADMIN_TOKEN: 't0k' },
    );
    assert.equal(c.executionEnabled, true);
    assert.equal(c.apiKey, 'k');
    assert.equal(c.apiSecret, 's');
    assert.equal(c.adminToken, 't0k');
    assert.equal(resolve({}, { EXECUTION_ENABLED: 'false' }).executionEnabled, false);
    assert.equal(resolve({}, { EXECUTION_ENABLED: '' }).executionEnabled, false, 'empty means unset');
  });
});

describe('resolveConfig errors name the field', () => {
  it('flags', () => {
    assertConfigError(() => resolve({ port: 'abc' }), /^--port must be an integer from 0 to 65535 \(got "abc"\)$/);
    assertConfigError(() => resolve({ port: '70000' }), /--port/);
    assertConfigError(() => resolve({ venue: 'kraken' }), /--venue must be one of sim, binance, binance-testnet/);
    assertConfigError(() => resolve({ symbols: 'BTC-USDT' }), /--symbols .*"BTC-USDT"/);
    assertConfigError(() => resolve({ symbols: ',' }), /--symbols must list at least one symbol/);
    assertConfigError(() => resolve({ host: 'bad host' }), /--host must be an IP address or a host name/);
    assertConfigError(() => resolve({ dataDir: '  ' }), /--data-dir must be a non-empty path/);
  });

  it('env', () => {
    assertConfigError(
      () => resolve({}, { EXECUTION_ENABLED: 'maybe' }),
      /^EXECUTION_ENABLED must be "true" or "false" \(got "maybe"\)$/,
    );
    assertConfigError(() => resolve({}, { EXECUTION_ENABLED: 'TRUE' }), /EXECUTION_ENABLED/);
    assertConfigError(() => resolve({}, { TAPELINE_PORT: '-1' }), /^TAPELINE_PORT must be an integer/);
    assertConfigError(() => resolve({}, { BINANCE_API_KEY: 'k' }), /BINANCE_API_SECRET is not set/);
    assertConfigError(() => resolve({}, { BINANCE_API_SECRET: 'sekrit' }), /BINANCE_API_KEY is not set/);
    assertConfigError(() => resolve({}, { TAPELINE_ADMIN_TOKEN: 'a b' }), /TAPELINE_ADMIN_TOKEN/);
  });

  it('never echoes a secret', () => {
    assert.throws(
      () => resolve({}, { BINANCE_API_KEY: 'k k', BINANCE_API_SECRET: 'sekrit value' }),
      (err: Error) => !err.message.includes('sekrit') && !err.message.includes('k k'),
    );
  });

  it('config file: missing, unreadable shape, bad JSON', () => {
    assertConfigError(() => resolve({ config: 'nope.json' }), /^config: --config file nope\.json does not exist$/);
    mkdirSync(join(dir, 'adir'), { recursive: true });
    assertConfigError(() => resolve({ config: 'adir' }), /adir is a directory/);
    writeJson('bad-json.json', '{"port": 80,');
    assertConfigError(() => resolve({ config: 'bad-json.json' }), /^config: not valid JSON \(.*\) in bad-json\.json$/);
    writeJson('array.json', '[1]');
    assertConfigError(() => resolve({ config: 'array.json' }), /top level must be a JSON object .* in array\.json/);
  });

  it('config file: schema errors name the dotted field and the file', () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { runtime: { restart: { maxRestarts: 'x' } } },
        /^config: runtime\.restart\.maxRestarts must be an integer from 0 to 1000 \(got "x"\) in .*c\.json$/,
      ],
      [{ runtime: { restart: { maxRestarts: -1 } } }, /runtime\.restart\.maxRestarts must be an integer/],
      [{ port: 1.5 }, /^config: port must be an integer from 0 to 65535 \(got 1\.5\)/],
      [{ venue: 'x' }, /^config: venue must be one of "sim", "binance", "binance-testnet" \(got "x"\)/],
      [{ symbols: ['BTC-USDT'] }, /^config: symbols\[0\] must be a string matching/],
      [{ symbols: [] }, /^config: symbols must be an array of at least 1 item/],
      [{ bogus: 1 }, /^config: bogus is not a known field/],
      [{ runtime: { heartbeatMss: 1 } }, /^config: runtime\.heartbeatMss is not a known field/],
      [{ record: 'yes' }, /^config: record must be true or false \(got "yes"\)/],
      [{ strategies: 3 }, /^config: strategies must be an object/],
      [{ host: 'bad host' }, /^config: host must be an IP address or a host name.* in c\.json$/],
      [
        { runtime: { restart: { backoffInitialMs: 10_000, backoffMaxMs: 100 } } },
        /backoffInitialMs must be <= runtime\.restart\.backoffMaxMs/,
      ],
      [
        { runtime: { heartbeatMs: 1000, heartbeatTimeoutMs: 500 } },
        /heartbeatTimeoutMs must be greater than runtime\.heartbeatMs/,
      ],
    ];
    for (const [value, pattern] of cases) {
      writeJson('c.json', value);
      assertConfigError(() => resolve({ config: 'c.json' }), pattern);
    }
  });

  it('a Unix socket path over 107 bytes names the field that produced it', () => {
    const long = 'd'.repeat(120);
    assertConfigError(
      () => resolve({ adminSocket: `/tmp/${long}.sock` }),
      /^--admin-socket gives an admin socket path of \d+ bytes, over the 107-byte/,
    );
    assertConfigError(() => resolve({ dataDir: `/tmp/${long}` }), /^--data-dir .*107-byte/);
    assertConfigError(() => resolve({}, { TAPELINE_DATA_DIR: `/tmp/${long}` }), /^TAPELINE_DATA_DIR .*107-byte/);
    const file = writeJson('long.json', { adminSocket: `/tmp/${long}.sock` });
    assertConfigError(() => resolve({ config: file }), /config: adminSocket \(in .*long\.json\).*107-byte/);
    // exactly 107 bytes is fine
    const ok = `/tmp/${'e'.repeat(107 - '/tmp/'.length)}`;
    assert.equal(Buffer.byteLength(ok), 107);
    assert.equal(resolve({ adminSocket: ok }).adminSocket, ok);
  });
});

describe('resolveConfig validates the ingest and risk sections at start', () => {
  it('bad ingest and risk values name the field and the file', () => {
    const ingest = writeJson('ingest.json', { ingest: { streamsPerConnection: 0 } });
    assertConfigError(() => resolve({ config: ingest }), /ingest\.streamsPerConnection/, /ingest\.json/);
    const risk = writeJson('risk.json', { risk: { maxOrderNotional: 'lots' } });
    assertConfigError(() => resolve({ config: risk }), /risk\.maxOrderNotional/, /risk\.json/);
  });

  it('good values pass through', () => {
    const ok = writeJson('ok.json', { ingest: { openInterestPollMs: 5000 }, risk: { maxOrderNotional: 500 } });
    const c = resolve({ config: ok });
    assert.equal(c.ingest.openInterestPollMs, 5000);
    assert.equal(c.risk.maxOrderNotional, 500);
  });
});
