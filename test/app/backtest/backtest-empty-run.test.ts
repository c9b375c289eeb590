/**
 * A backtest that could not trade anything is a coded error, not an empty report with exit 0: a tape with no
 * symbol's market data in it (REST-only or unknown streams), a --from/--to window outside the tapes, or an
 * --out path that is a file. Each is one stderr line, exit 2, and the output directory is left as it was.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CliResult, runCli } from '../../app/cli/fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-backtest-empty-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** An hftbacktest-format line (`<ns> <combined-stream JSON>`), received 1 ms after its event time. */
function line(stream: string, data: unknown, t: number): string {
  return `${(t + 1) * 1_000_000} ${JSON.stringify({ stream, data })}\n`;
}

const T0 = 1_723_161_256_000;
const trade = (t: number) =>
  line('btcusdt@trade', { e: 'trade', E: t, T: t, s: 'BTCUSDT', t, p: '61800.1', q: '0.01', X: 'MARKET', m: false }, t);

function assertBadInput(r: CliResult, code: string, pattern: RegExp): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  assert.equal(r.stderrLines.length, 1, `one stderr line, got ${JSON.stringify(r.stderr)}`);
  assert.match(r.stderrLines[0]!, new RegExp(`^tapeline: ${code}: `));
  assert.match(r.stderrLines[0]!, pattern);
}

describe('tapeline backtest: nothing to trade is exit 2, and the output directory is left alone', () => {
  const tape = file('btc.txt', trade(T0) + trade(T0 + 100) + trade(T0 + 60_000));
  const out = join(dir, 'previous-run');
  mkdirSync(out);
  writeFileSync(join(out, 'summary.json'), '{"kept":true}\n');
  const untouched = () => {
    assert.deepEqual(readdirSync(out), ['summary.json']);
    assert.equal(readFileSync(join(out, 'summary.json'), 'utf8'), '{"kept":true}\n');
  };

  it('a tape with no symbol in it', async () => {
    const arr = (t: number) => line('!miniTicker@arr', [{ e: '24hrMiniTicker', E: t, s: 'BTCUSDT', c: '1' }], t);
    const r = await runCli(['backtest', file('no-symbol.txt', arr(T0) + arr(T0 + 1)), '--out', out]);
    assertBadInput(r, 'TL_BACKTEST_NO_SYMBOL', /no-symbol\.txt/);
    untouched();
  });

  it('--from after the tapes end', async () => {
    const r = await runCli(['backtest', tape, '--from', String(T0 + 3_600_000), '--out', out]);
    assertBadInput(r, 'TL_BACKTEST_EMPTY_RANGE', /--from/);
    untouched();
  });

  it('--to before the tapes begin', async () => {
    const r = await runCli(['backtest', tape, '--to', String(T0 - 3_600_000), '--out', out]);
    assertBadInput(r, 'TL_BACKTEST_EMPTY_RANGE', /--to/);
    untouched();
  });

  it('--out names a file', async () => {
    const r = await runCli(['backtest', tape, '--out', file('a-file.txt', 'notes\n')]);
    assertBadInput(r, 'TL_CLI_USAGE', /--out/);
  });
});
