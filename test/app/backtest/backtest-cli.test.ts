/**
 * `tapeline backtest` on the real binary: bad input is one coded stderr line and exit 2 (unknown tape
 * format, empty tape, config and risk parameter errors, bad options, a symbol without filters, a bad
 * --filters file); --help lists the options and their defaults.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CliResult, runCli } from '../../app/cli/fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-backtest-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** An hftbacktest-format line: `<ns> <combined-stream JSON>`. */
function tradeLine(symbol: string, t: number): string {
  const data = { e: 'trade', E: t, T: t, s: symbol, t, p: '0.1', q: '100', X: 'MARKET', m: false };
  return `${t * 1_000_000} ${JSON.stringify({ stream: `${symbol.toLowerCase()}@trade`, data })}\n`;
}

function assertBadInput(r: CliResult, code: string, pattern?: RegExp): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stderrLines.length, 1, `one stderr line, got ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderrLines[0]!, new RegExp(`^tapeline: ${code}: `));
  if (pattern) assert.match(r.stderrLines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('tapeline backtest: bad input exits 2 with one coded line', () => {
  const good = file('doge.gz.txt', tradeLine('DOGEUSDT', 1_723_161_256_000) + tradeLine('DOGEUSDT', 1_723_161_256_100));
  const out = join(dir, 'out');

  it('unknown tape format', async () => {
    assertBadInput(
      await runCli(['backtest', file('notes.txt', 'hello world\n'), '--out', out]),
      'TL_TAPE_UNKNOWN_FORMAT',
    );
  });

  it('empty tape', async () => {
    assertBadInput(await runCli(['backtest', file('empty.txt', ''), '--out', out]), 'TL_BACKTEST_EMPTY_TAPE');
  });

  it('a symbol with no filters', async () => {
    assertBadInput(await runCli(['backtest', good, '--out', out]), 'TL_BACKTEST_NO_FILTERS', /--filters FILE/);
  });

  it('a bad --filters file', async () => {
    assertBadInput(
      await runCli(['backtest', good, '--filters', file('info.json', '{"symbols":[]}'), '--out', out]),
      'TL_BACKTEST_BAD_FILTERS',
    );
  });

  it('config and risk parameter errors', async () => {
    const badRisk = file('risk.json', JSON.stringify({ risk: { maxOrderNotional: -1 } }));
    assertBadInput(
      await runCli(['backtest', good, '--config', badRisk, '--out', out]),
      'TL_CONFIG_INVALID',
      /risk\.maxOrderNotional/,
    );
    const badStrategy = file('strategy.json', JSON.stringify({ strategies: { sweepFade: { burstZ: 'high' } } }));
    assertBadInput(
      await runCli(['backtest', good, '--config', badStrategy, '--out', out]),
      'TL_CONFIG_INVALID',
      /sweepFade\.burstZ/,
    );
  });

  it('bad options', async () => {
    assertBadInput(await runCli(['backtest', good, '--fees', '2', '--out', out]), 'TL_CLI_USAGE', /--fees/);
    assertBadInput(await runCli(['backtest', good, '--queue', 'fifo', '--out', out]), 'TL_CLI_USAGE', /--queue/);
    assertBadInput(await runCli(['backtest', good, '--latency', 'slow', '--out', out]), 'TL_CLI_USAGE', /--latency/);
    assertBadInput(await runCli(['backtest', good, '--from', 'yesterday', '--out', out]), 'TL_CLI_USAGE', /--from/);
    assertBadInput(await runCli(['backtest', good, '--workers', '0', '--out', out]), 'TL_CLI_USAGE', /--workers/);
    assertBadInput(
      await runCli(['backtest', good, '--risk-scope', 'desk', '--out', out]),
      'TL_CLI_USAGE',
      /--risk-scope/,
    );
    assertBadInput(
      await runCli(['backtest', good, '--workers', '2', '--out', out]),
      'TL_CLI_USAGE',
      /--workers 2 .* needs --risk-scope symbol/,
    );
  });

  it('--help lists every option with its default', async () => {
    const r = await runCli(['backtest', '--help']);
    assert.equal(r.code, 0);
    for (const o of [
      '--config',
      '--out',
      '--latency',
      '--queue',
      '--fees',
      '--balance',
      '--workers',
      '--risk-scope',
      '--from',
      '--to',
      '--filters',
    ])
      assert.match(r.stdout, new RegExp(o));
    assert.match(r.stdout, /default: "2,5"|maker 2, taker 5/);
    assert.match(r.stdout, /risk-averse/);
  });
});
