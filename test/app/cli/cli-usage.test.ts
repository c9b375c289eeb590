/**
 * The CLI's error contract (docs/contract.md, commands and options), on the real binary: a bad option, env value or config file exits 2
 * with exactly one stderr line that names the field and no stack trace; `--help` of every command exits 0
 * and lists options, defaults and env vars.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliResult, runCli } from './fixtures/run-cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function assertUsageError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stderrLines.length, 1, `exactly one stderr line, got: ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderrLines[0]!, /^tapeline: /);
  assert.match(r.stderrLines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '');
}

describe('tapeline run: bad input exits 2 with one line naming the field', () => {
  it('bad option', async () => {
    assertUsageError(await runCli(['run', '--prot', '1']), /unknown option '--prot'/);
    assertUsageError(await runCli(['run', '--port', 'abc']), /--port must be an integer from 0 to 65535 \(got "abc"\)/);
    assertUsageError(await runCli(['run', '--venue', 'kraken']), /--venue must be one of/);
    assertUsageError(await runCli(['run', '--symbols', 'BTC/USDT']), /--symbols/);
    assertUsageError(await runCli(['run', '--record-stream', 'day1']), /--record-stream needs --nats URL/);
    assertUsageError(
      await runCli(['run', '--nats', 'nats://127.0.0.1:1', '--node', 'a', '--rest-ip', 'a b']),
      /--rest-ip "a b"/,
    );
    assertUsageError(await runCli(['run', '--speed', '2']), /--speed needs --tape FILE/);
    assertUsageError(await runCli(['run', '--tape', join(dir, 'absent.gz')]), /tape .*absent\.gz/);
    writeFileSync(join(dir, 'tape.ndjson'), '{}\n');
    assertUsageError(
      await runCli(['run', '--tape', join(dir, 'tape.ndjson'), '--venue', 'binance']),
      /--tape runs the embedded simulated venue/,
    );
    assertUsageError(
      await runCli(['run', '--tape', join(dir, 'tape.ndjson'), '--speed', '0']),
      /--speed must be a positive number/,
    );
    // A readable file that is not a tape is refused before the start, even when --symbols spares reading it.
    writeFileSync(join(dir, 'not-a-tape.ndjson'), 'hello\n');
    const notTape = await runCli(['run', '--tape', join(dir, 'not-a-tape.ndjson'), '--symbols', 'BTCUSDT']);
    assert.equal(notTape.code, 1, notTape.stderr);
    assert.match(notTape.stderr, /^tapeline: TL_SIM_TAPE_FAILED: tape .*not-a-tape\.ndjson .*not a known tape format/);
  });

  it('bad env', async () => {
    assertUsageError(
      await runCli(['run'], { env: { EXECUTION_ENABLED: 'maybe' } }),
      /EXECUTION_ENABLED must be "true" or "false" \(got "maybe"\)/,
    );
    assertUsageError(await runCli(['run'], { env: { TAPELINE_PORT: 'eighty' } }), /TAPELINE_PORT/);
    assertUsageError(await runCli(['run'], { env: { BINANCE_API_KEY: 'k' } }), /BINANCE_API_SECRET/);
  });

  it('bad config file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ runtime: { restart: { maxRestarts: 'x' } } }));
    assertUsageError(
      await runCli(['run', '--config', bad]),
      /config: runtime\.restart\.maxRestarts must be an integer from 0 to 1000 \(got "x"\) in .*bad\.json$/,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"port": ');
    assertUsageError(await runCli(['run', '--config', broken]), /config: not valid JSON .* in .*broken\.json$/);
  });

  it('missing config file', async () => {
    assertUsageError(await runCli(['run', '--config', 'nope.json']), /config: --config file nope\.json does not exist/);
  });

  it('an admin socket path over 107 bytes', async () => {
    assertUsageError(await runCli(['run', '--data-dir', `/tmp/${'x'.repeat(110)}`]), /--data-dir .*107-byte/);
  });
});

describe('other commands: usage errors (TL_CLI_USAGE) exit 2 with one line', () => {
  it('no command, unknown command', async () => {
    assertUsageError(await runCli([]), /missing command: run, admin, sim, replay/);
    assertUsageError(await runCli(['frobnicate']), /unknown command 'frobnicate'/);
  });

  it('admin', async () => {
    assertUsageError(await runCli(['admin']), /admin needs a command/);
    assertUsageError(await runCli(['admin', 'reboot']), /unknown admin command 'reboot'/);
    assertUsageError(await runCli(['admin', 'restart']), /missing required argument 'actor'/);
    assertUsageError(await runCli(['admin', 'restart', 'nobody']), /unknown actor 'nobody'/);
    assertUsageError(await runCli(['admin', 'kill', '--symbol', 'a-b']), /--symbol/);
    assertUsageError(await runCli(['admin', 'symbols', 'swap', 'BTCUSDT']), /symbols takes add or remove/);
    assertUsageError(await runCli(['admin', 'config', 'set', 'novalue']), /config set: 'novalue' is not K=V/);
    assertUsageError(await runCli(['admin', 'status', '--timeout', '0']), /--timeout must be an integer/);
  });

  it('sim', async () => {
    assertUsageError(await runCli(['sim', '--port', '-5']), /--port must be an integer/);
    assertUsageError(await runCli(['sim', '--seed', 'abc']), /--seed must be an integer/);
    assertUsageError(await runCli(['sim', '--speed', '0']), /--speed must be a number greater than 0/);
    assertUsageError(await runCli(['sim', '--tape', join(dir, 'none.ndjson')]), /--tape .*none\.ndjson: no such file/);
    assertUsageError(await runCli(['sim', '--api-key', 'k']), /--api-key and --api-secret go together/);
    assertUsageError(
      await runCli(['sim'], { env: { BINANCE_API_SECRET: 's' } }),
      /BINANCE_API_KEY and BINANCE_API_SECRET/,
    );
  });

  it('replay: a missing or empty tape is named', async () => {
    assertUsageError(await runCli(['replay']), /give tape files, or --nats URL --stream NAME/);
    assertUsageError(await runCli(['replay', '--stream', 'x']), /--nats and --stream go together/);
    assertUsageError(await runCli(['replay', join(dir, 'gone.ndjson')]), /tape .*gone\.ndjson: no such file/);
    const tape = join(dir, 't.ndjson');
    writeFileSync(tape, '');
    assertUsageError(await runCli(['replay', tape, '--out', join(dir, 'no', 'x.txt')]), /--out .*does not exist/);
    assertUsageError(await runCli(['replay', tape]), /t\.ndjson holds no frames/);
  });
});

describe('--help', () => {
  const cases: Array<[string[], RegExp[]]> = [
    [['--help'], [/Usage: tapeline/, /run/, /admin/, /sim/, /replay/]],
    [
      ['run', '--help'],
      [/--venue/, /default: sim/, /--port/, /default: 8080/, /--data-dir/, /--admin-socket/, /--record/, /--config/],
    ],
    [
      ['run', '--help'],
      [/EXECUTION_ENABLED/, /BINANCE_API_KEY/, /TAPELINE_ADMIN_TOKEN/, /TAPELINE_PORT/, /TAPELINE_DATA_DIR/],
    ],
    [
      ['admin', '--help'],
      [/status/, /kill/, /arm/, /actors/, /restart/, /symbols/, /config/, /--socket/, /TAPELINE_DATA_DIR/],
    ],
    [
      ['admin', 'kill', '--help'],
      [/--reason/, /--symbol/, /--socket/, /default: all/],
    ],
    [
      ['admin', 'arm', '--help'],
      [/--reason/, /EXECUTION_ENABLED=true/],
    ],
    [['admin', 'restart', '--help'], [/<actor>/]],
    [['admin', 'status', '--help'], [/--timeout/]],
    [['admin', 'actors', '--help'], [/--socket/]],
    [['admin', 'symbols', '--help'], [/add\|remove/]],
    [['admin', 'config', '--help'], [/K=V/]],
    [
      ['sim', '--help'],
      [/--port/, /--seed/, /--symbols/, /--tape/, /--speed/, /--api-key/, /--api-secret/, /BINANCE_API_KEY/],
    ],
    [
      ['replay', '--help'],
      [/\[tape\.\.\.\]/, /--out/, /--metrics/, /--nats/, /--stream/],
    ],
  ];
  for (const [args, patterns] of cases) {
    it(`tapeline ${args.join(' ')} exits 0`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      for (const p of patterns) assert.match(r.stdout, p);
    });
  }
});
