/**
 * Symbol ownership (src/app/cluster/symbol-ownership.ts) on a real nats-server: two nodes split 20 symbols with
 * exactly one holder each, matching rendezvous hashing; a node whose lease is taken over (a higher revision
 * from elsewhere) stops that symbol at once (fencing); a node that leaves hands its symbols to the other.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import pino from 'pino';
import { NodeMembership } from '../../../src/app/cluster/node-membership.js';
import { assignSymbols } from '../../../src/app/cluster/rendezvous.js';
import { SymbolOwnership } from '../../../src/app/cluster/symbol-ownership.js';
import { clusterSubjects } from '../../../src/runtime/nats/cluster-subjects.js';
import { connectNats, type NatsConnection } from '../../../src/runtime/nats/connect.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

const SYMBOLS = Array.from({ length: 20 }, (_, i) => `S${i}USDT`);

test('ownership: one holder per symbol, fenced on takeover, handed over on leave', { timeout: 90_000 }, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const subjects = clusterSubjects('owntest');
  const conns: NatsConnection[] = [];
  const nodes = new Map<
    string,
    { held: Map<string, number>; released: string[]; own: SymbolOwnership; m: NodeMembership }
  >();
  try {
    for (const id of ['a', 'b']) {
      const nc = await connectNats(nats.urls);
      conns.push(nc);
      const kvm = new Kvm(nc);
      const nodesKv = await kvm.create(subjects.nodesBucket, { history: 1, ttl: 60_000 });
      const ownersKv = await kvm.create(subjects.ownersBucket, { history: 1 });
      const self = { id, roles: ['symbols' as const], schema: 'x', pid: 0, startedAt: 0 };
      const m = await NodeMembership.join(nodesKv, self, () => undefined);
      const held = new Map<string, number>();
      const released: string[] = [];
      const own = new SymbolOwnership(
        ownersKv,
        m,
        SYMBOLS,
        {
          acquire: async (leases) => {
            for (const [s, r] of leases) held.set(s, r);
          },
          release: async (list) => {
            for (const s of list) held.delete(s);
            released.push(...list);
          },
        },
        pino({ level: 'silent' }),
      );
      await own.start();
      nodes.set(id, { held, released, own, m });
    }
    const a = nodes.get('a')!;
    const b = nodes.get('b')!;
    const expected = assignSymbols(SYMBOLS, ['a', 'b']);
    await until('the rendezvous split', async () =>
      SYMBOLS.every(
        (s) => (expected.get(s) === 'a' ? a : b).held.has(s) && !(expected.get(s) === 'a' ? b : a).held.has(s),
      )
        ? true
        : undefined,
    );
    assert.deepEqual(a.own.owners(), Object.fromEntries(SYMBOLS.map((s) => [s, expected.get(s)])));

    // Fencing: someone else takes one of a's symbols with a newer revision; a stops it, then (z being no live
    // node) takes it back with a newer revision still, by compare-and-set.
    const stolen = SYMBOLS.find((s) => expected.get(s) === 'a')!;
    const kv = await new Kvm(conns[0]!).open(subjects.ownersBucket);
    const entry = await kv.get(stolen);
    const revision = await kv.update(stolen, 'z', entry!.revision);
    assert.ok(revision > a.held.get(stolen)!);
    await until('a fenced off', async () => (a.released.includes(stolen) ? true : undefined));
    await until('a holds it again, newer', async () => ((a.held.get(stolen) ?? 0) > revision ? true : undefined));

    // b leaves gracefully: a takes every other symbol of b's.
    await b.own.stop();
    await b.m.leave();
    await until("a holds b's symbols", async () =>
      SYMBOLS.filter((s) => expected.get(s) === 'b').every((s) => a.held.has(s)) ? true : undefined,
    );
  } finally {
    for (const n of nodes.values()) {
      await n.own.stop();
      await n.m.leave();
    }
    for (const c of conns) await c.close();
    await nats.stop();
  }
});
