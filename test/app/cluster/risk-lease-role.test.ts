/**
 * The risk lease on a running node (risk-lease-role.ts), in-process against one nats-server: one of two risk
 * nodes leads and engages on taking the lease; a follower without the risk role sees who leads; a clean stop of
 * the leader hands the lease to the standby within one renew period, engaged again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { RiskLeaseRole } from '../../../src/app/cluster/risk-lease-role.js';
import pino from 'pino';
import { natsServerMissing, retryUntil, startNatsServers } from '../../fixtures/nats/nats-servers.js';

test('risk lease role: one leader engaged on takeover, followers see it, a clean stop hands it over', {
  timeout: 60_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls });
  const log = pino({ level: 'silent' });
  const engaged: string[] = [];
  const roles: RiskLeaseRole[] = [];
  try {
    const start = async (node: string, campaign: boolean) => {
      const r = await RiskLeaseRole.start({
        nc,
        node,
        campaign,
        replicas: 1,
        engage: async (reason) => {
          engaged.push(`${node}: ${reason}`);
        },
        log,
      });
      roles.push(r);
      return r;
    };
    const a = await start('a', true);
    await retryUntil('a leads', async () => (a.leading ? true : undefined));
    const b = await start('b', true);
    const g = await start('g', false);
    await retryUntil('followers see a', async () => (b.leader === 'a' && g.leader === 'a' ? true : undefined));
    assert.equal(b.leading, false);
    assert.match(engaged.join('\n'), /a: risk leader since term \d+: engaged until an operator arms/);
    const termA = a.term;
    await a.stop();
    roles.splice(roles.indexOf(a), 1);
    await retryUntil('b takes over', async () => (b.leading ? true : undefined), 30_000);
    await retryUntil('g sees b', async () => (g.leader === 'b' ? true : undefined));
    assert.ok(g.term > termA, `term ${g.term} after ${termA}`);
    assert.match(engaged.join('\n'), /b: risk leader since term \d+: engaged/);
  } finally {
    for (const r of roles) await r.stop();
    await nc.close();
    await nats.stop();
  }
});
