/**
 * The sim started in-process on a taken port rejects with TL_SIM_LISTEN_FAILED naming the port and leaves
 * nothing running: the market driver starts only after listening succeeded, so this file ends by itself (a
 * leaked timer would hang it until the runner times it out).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimVenue } from '../../../src/venues/sim/index.js';

test('a taken port: TL_SIM_LISTEN_FAILED, and nothing left running', async () => {
  const first = await startSimVenue({ port: 0, seed: 3, symbols: ['BTCUSDT'] });
  try {
    await assert.rejects(startSimVenue({ port: first.port, seed: 3, symbols: ['BTCUSDT'] }), (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'TL_SIM_LISTEN_FAILED');
      assert.match(String((err as Error).message), new RegExp(`:${first.port} `));
      return true;
    });
  } finally {
    await first.close();
  }
});
