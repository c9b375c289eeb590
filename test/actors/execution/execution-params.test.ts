import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_EXECUTION_PARAMS, parseExecutionParams } from '../../../src/actors/execution/execution-params.js';

test('execution params: defaults when absent; a bad field is TL_EXECUTION_PARAMS_INVALID naming it', () => {
  assert.deepEqual(parseExecutionParams(undefined), DEFAULT_EXECUTION_PARAMS);
  assert.throws(() => parseExecutionParams({ requestTimeoutMs: 'soon' }, 'admin'), {
    code: 'TL_EXECUTION_PARAMS_INVALID',
    message: /^admin: execution\.requestTimeoutMs .*\(got "soon"\)/,
  });
});
