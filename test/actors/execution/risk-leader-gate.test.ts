/**
 * The execution fence on a cluster node (docs/cluster-durability.md): an armed execution whose node does not hold
 * the risk lease lets no order leave (EXEC_NOT_RISK_LEADER); the kill switch is still reported first.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExecutionGate, OPEN_GATE } from '../../../src/actors/execution/execution-gate.js';

test('execution gate: not the risk leader closes it; one process (riskLeader true) is unchanged', () => {
  assert.equal(checkExecutionGate(OPEN_GATE), undefined);
  assert.equal(checkExecutionGate({ ...OPEN_GATE, riskLeader: false })?.code, 'EXEC_NOT_RISK_LEADER');
  assert.equal(checkExecutionGate({ ...OPEN_GATE, riskLeader: false, armed: false })?.code, 'EXEC_KILL_SWITCH');
});
