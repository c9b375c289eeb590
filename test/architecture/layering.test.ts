/**
 * The layering rule of docs/architecture.md, enforced: schema ← runtime ← venues ← actors ← app, no actor
 * importing another, no import cycles. Also proves the check can fail, on a planted upward import.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles, layerViolations, readImportGraph, venueCallsOutsideAdapters } from './import-graph.js';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

test('src/ imports run one way: schema ← runtime ← venues ← actors ← app', () => {
  const violations = layerViolations(readImportGraph(SRC));
  assert.deepEqual(violations, [], `layer violations:\n${violations.join('\n')}`);
});

test('src/ has no import cycles', () => {
  const cycles = importCycles(readImportGraph(SRC));
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => c.join(' ↔ ')).join('\n')}`);
});

test('the check fails on a planted upward import, a cross-actor import and a cycle', () => {
  const graph = readImportGraph(SRC);
  graph.set('schema/planted.ts', ['app/supervisor.ts']);
  graph.set('actors/risk/planted.ts', ['actors/execution/execution-actor.ts']);
  graph.set('runtime/a-planted.ts', ['runtime/b-planted.ts']);
  graph.set('runtime/b-planted.ts', ['runtime/a-planted.ts']);
  const violations = layerViolations(graph);
  assert.ok(
    violations.some((v) => v.startsWith('schema/planted.ts → app/supervisor.ts')),
    violations.join('\n'),
  );
  assert.ok(
    violations.some((v) => v.startsWith('actors/risk/planted.ts')),
    violations.join('\n'),
  );
  assert.ok(importCycles(graph).some((c) => c.includes('runtime/a-planted.ts')));
});

test('every REST and WebSocket call to a venue lives in src/venues/ (actors get typed clients from there)', () => {
  assert.deepEqual(venueCallsOutsideAdapters(SRC), []);
});
