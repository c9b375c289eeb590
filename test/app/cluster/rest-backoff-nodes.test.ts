/**
 * Issue 18, item 7 with real processes: two `tapeline run --nats` ingest nodes behind one IP (`--rest-ip`) and one
 * `tapeline sim`. A forced 429 with Retry-After meets whichever node calls next; that node records the backoff in
 * KV. A depth gap then makes the OTHER node need a fresh snapshot at once: it holds it until Retry-After passed,
 * and the sim's request log shows nothing reaching the venue from either node in between; the held node's log
 * says why, with its code and the node that was told. The periodic openInterest polls are set 10 min apart: a
 * poll whose shared-budget read finished just before the 429 was recorded is already on its way and may land
 * inside the window (seen once under CI load); that in-flight race is inherent and documented, so the test
 * judges only requests that start after the backoff is known.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { REST_BACKOFF_BUCKET } from '../../../src/runtime/nats/durable-names.js';
import type { IpBackoff } from '../../../src/runtime/nats/rest-backoff.js';
import type { RequestLogEntry } from '../../../src/venues/sim/server/request-log.js';
import { type ClusterProcess, startNode, startSim, stopAll } from '../../fixtures/cluster/cluster-processes.js';
import { natsServerMissing, startNatsServers, retryUntil as until } from '../../fixtures/nats/nats-servers.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];
const WAIT_MS = 60_000;
const RETRY_AFTER_S = 5;
const IP = 'shared-ip-test';

function logText(node: ClusterProcess): string {
  try {
    return readFileSync(join(dirname(node.adminSocket), 'logs', 'tapeline.log'), 'utf8');
  } catch {
    return ''; // not written yet
  }
}

test('two ingest nodes on one IP: a 429 on one holds the other until Retry-After (sim request log)', {
  timeout: 240_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const sim = await startSim(SYMBOLS);
  const nodes: ClusterProcess[] = [];
  const nc = await connect({ servers: nats.urls });
  const configDir = mkdtempSync(join(tmpdir(), 'tl-backoff-config-'));
  const configFile = join(configDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ ingest: { openInterestPollMs: 600_000 } }));
  try {
    const base = {
      nats: nats.urls,
      venueRest: sim.rest,
      symbols: SYMBOLS,
      extraArgs: ['--rest-ip', IP, '--config', configFile],
    };
    for (const name of ['a', 'b']) nodes.push(startNode({ ...base, name, roles: 'ingest,symbols' }));
    await Promise.all(nodes.map((n) => n.started));
    const owners = await until(
      'both nodes run symbols',
      async () => {
        const statuses = await Promise.all(nodes.map((n) => n.status()));
        const o = statuses[0]!.cluster?.owners ?? {};
        const running = statuses.every((s) => s.symbols.length > 0);
        return running && SYMBOLS.every((s) => o[s] && statuses.some((st) => st.symbols.includes(s))) ? o : undefined;
      },
      WAIT_MS,
    );
    const requests = async () =>
      ((await (await fetch(`${sim.rest}/_sim/requests`)).json()) as { requests: RequestLogEntry[] }).requests;
    // Start-up fetches (snapshots, backfill) done: the venue is quiet but for the periodic polls.
    await until(
      'start-up requests answered',
      async () => ((await requests()).filter((r) => r.path === '/fapi/v1/depth').length >= 4 ? true : undefined),
      WAIT_MS,
    );

    const post = (body: unknown) => fetch(`${sim.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(body) });
    await post({ kind: 'http429', count: 1, retryAfter: RETRY_AFTER_S });
    // The next request of either node meets it; force one on a symbol of a.
    const ofA = SYMBOLS.find((s) => owners[s] === 'a')!;
    await post({ kind: 'gap', symbol: ofA });
    const kv = await new Kvm(nc).open(REST_BACKOFF_BUCKET);
    const told = await until(
      'the backoff recorded for the IP',
      async () => {
        const e = await kv.get(IP);
        return e?.operation === 'PUT' ? e.json<IpBackoff>() : undefined;
      },
      WAIT_MS,
    );
    assert.equal(told.status, 429);
    const other = nodes.find((n) => n.name !== told.node)!;
    const ofOther = SYMBOLS.find((s) => owners[s] === other.name)!;
    const gapAt = Date.now();
    await post({ kind: 'gap', symbol: ofOther });

    await until(
      `${other.name} resynced ${ofOther} after the Retry-After`,
      async () =>
        (await requests()).some((r) => r.path === '/fapi/v1/depth' && r.status === 200 && r.receivedAt > gapAt)
          ? true
          : undefined,
      WAIT_MS,
    );
    const log = await requests();
    const limited = log.filter((r) => r.status === 429);
    assert.equal(limited.length, 1, `one 429, nobody sent into it: ${JSON.stringify(limited)}`);
    const t429 = limited[0]!.receivedAt;
    const early = log.filter((r) => r.receivedAt > t429 && r.receivedAt < t429 + RETRY_AFTER_S * 1000);
    assert.deepEqual(early, [], `nothing reached the venue within ${RETRY_AFTER_S} s of the 429`);
    const resync = log.find((r) => r.path === '/fapi/v1/depth' && r.receivedAt > gapAt)!;
    t.diagnostic(
      `429 to ${told.node}; ${other.name} needed a snapshot ${gapAt - t429} ms after it and sent it at +${resync.receivedAt - t429} ms`,
    );
    const held = await until(
      `${other.name} logs why it waits`,
      async () =>
        logText(other)
          .split('\n')
          .find((l) => l.includes('TL_VENUE_RATE_LIMITED') && l.includes(`node ${told.node} of this IP`)),
      WAIT_MS,
    );
    assert.match(held, /Retry-After/);
  } finally {
    await nc.close();
    await stopAll(nodes, sim);
    await nats.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
});
