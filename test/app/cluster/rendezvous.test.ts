/**
 * Rendezvous hashing (src/app/cluster/rendezvous.ts): same answer on every node, balanced, and a node leaving
 * moves only the symbols it held.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignSymbols, rendezvousOwner } from '../../../src/app/cluster/rendezvous.js';

const SYMBOLS = Array.from({ length: 500 }, (_, i) => `SYM${i}USDT`);

test('rendezvous: order of the node list does not matter; no node, no owner', () => {
  for (const s of SYMBOLS.slice(0, 50))
    assert.equal(rendezvousOwner(s, ['a', 'b', 'c']), rendezvousOwner(s, ['c', 'a', 'b']));
  assert.equal(rendezvousOwner('BTCUSDT', []), undefined);
});

test('rendezvous: 500 symbols over 3 nodes land near 1/3 each', () => {
  const counts = new Map<string, number>();
  for (const owner of assignSymbols(SYMBOLS, ['a', 'b', 'c']).values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  for (const n of ['a', 'b', 'c']) assert.ok((counts.get(n) ?? 0) > 120, `${n}: ${counts.get(n)}`);
});

test('rendezvous: a node leaving moves only its own symbols', () => {
  const before = assignSymbols(SYMBOLS, ['a', 'b', 'c']);
  const after = assignSymbols(SYMBOLS, ['a', 'c']);
  for (const s of SYMBOLS) if (before.get(s) !== 'b') assert.equal(after.get(s), before.get(s), s);
});
