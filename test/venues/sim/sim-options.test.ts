/** Bad sim options fail before anything listens, each with its code and a message naming the option. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimVenue } from '../../../src/venues/sim/index.js';

test('TL_SIM_BAD_OPTION: a bad, missing or repeated symbol is named', async () => {
  await assert.rejects(startSimVenue({ symbols: ['BTC/USDT'] }), { code: 'TL_SIM_BAD_OPTION', message: /"BTC\/USDT"/ });
  await assert.rejects(startSimVenue({ symbols: [] }), { code: 'TL_SIM_BAD_OPTION', message: /at least one/ });
  await assert.rejects(startSimVenue({ symbols: ['BTCUSDT', 'btcusdt'] }), {
    code: 'TL_SIM_BAD_OPTION',
    message: /listed twice/,
  });
});

test('TL_SIM_TAPE_FAILED: a tape with no symbol in it cannot be replayed, and says which file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-simopt-'));
  try {
    const tape = join(dir, 'empty.ndjson');
    writeFileSync(tape, '');
    await assert.rejects(startSimVenue({ tape: [tape] }), { code: 'TL_SIM_TAPE_FAILED', message: /empty\.ndjson/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
