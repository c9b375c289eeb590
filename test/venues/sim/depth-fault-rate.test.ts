/**
 * Per-frame depth faults (`{kind:'gap'|'reorder', rate}`): the rate is honoured within a binomial bound at a
 * fixed seed, the wire shows exactly the logged faults (every logged drop breaks the `pu` chain at its update
 * id, every logged hold arrives right after its successor), the same seed draws the same faults, bad
 * parameters are refused with 400 / -1130 naming the field, and rate 0 clears. The hub is driven in-process by
 * stepping a market (no clock); the API tests go over loopback.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TemplatedApp } from '../../../src/runtime/uws.js';
import { type SimVenueHandle, startSimVenue } from '../../../src/venues/sim/index.js';
import { SymbolMarket } from '../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../src/venues/sim/market/symbol-spec.js';
import type { DepthFaultReport } from '../../../src/venues/sim/server/depth-faults.js';
import { applyFault, type FaultTargets } from '../../../src/venues/sim/server/faults.js';
import { StreamHub } from '../../../src/venues/sim/server/stream-hub.js';
import { Collector } from './sim-client.js';

interface Diff {
  U: number;
  u: number;
  pu: number;
}

const STREAM = 'btcusdt@depth@0ms';

/** A hub with one BTCUSDT market and one listener on the @0ms diff stream, recording what goes out raw. */
function hubRig() {
  const hub = new StreamHub();
  const wire: Diff[] = [];
  const cut: string[] = [];
  hub.attach({
    publish(topic: string, msg: string) {
      if (topic !== `r:${STREAM}`) return true;
      try {
        wire.push(JSON.parse(msg) as Diff);
      } catch {
        cut.push(msg);
      }
      return true;
    },
  } as unknown as TemplatedApp);
  const market = new SymbolMarket(symbolSpec('BTCUSDT'), 5, 1_700_000_000_000, hub);
  hub.addMarket(market);
  hub.addInterest(STREAM);
  const targets = { hub } as unknown as FaultTargets;
  const runEvents = (n: number) => {
    const end = hub.faults.events + n;
    while (hub.faults.events < end) market.step();
  };
  return { hub, wire, cut, targets, runEvents };
}

/** Binomial bound: |k - np| <= 5 sd (a fixed seed makes it deterministic; the bound makes it meaningful). */
function assertRate(k: number, n: number, p: number, what: string) {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(
    Math.abs(k - n * p) <= 5 * sd,
    `${what}: ${k} of ${n} events, expected ${Math.round(n * p)} ± ${Math.ceil(5 * sd)}`,
  );
}

test('gap rate 1 %: dropped within the binomial bound over 20 000 events, and every drop is a pu break at its id', () => {
  const { hub, wire, targets, runEvents } = hubRig();
  const r = applyFault(targets, { kind: 'gap', rate: 0.01, seed: 7 });
  assert.deepEqual(r, { kind: 'gap', symbol: '*', rate: 0.01, injected: 0, events: 0 });
  runEvents(20_000);
  const rep = hub.faults.report(true);
  assert.equal(rep.events, 20_000);
  assertRate(rep.dropped, rep.events, 0.01, 'dropped');
  assert.equal(rep.dropped, rep.log?.length);
  assert.equal(wire.length, rep.events - rep.dropped, 'everything not dropped went out once');
  // A few clean events more, so a drop at the very end shows as a break too.
  applyFault(targets, { kind: 'gap', rate: 0 });
  runEvents(5);
  // Where the chain breaks on the wire: after the event whose u is the break's first dropped event's pu.
  const breaks = new Set<number>();
  for (let i = 1; i < wire.length; i++) if (wire[i]!.pu !== wire[i - 1]!.u) breaks.add(wire[i - 1]!.u);
  const onWire = new Set(wire.map((d) => d.u));
  // A run of consecutive drops is one break, at the first drop of the run (whose predecessor went out).
  const expected = new Set(rep.log!.filter((f) => onWire.has(f.pu)).map((f) => f.pu));
  assert.ok(expected.size > 100);
  assert.deepEqual([...breaks].sort(), [...expected].sort());
  assert.ok(rep.log!.every((f) => f.kind === 'gap' && f.symbol === 'BTCUSDT'));
});

test('reorder rate 1 %: held within the bound over 10 000 events, each held event arrives right after its successor', () => {
  const { hub, wire, targets, runEvents } = hubRig();
  applyFault(targets, { kind: 'reorder', rate: 0.01, seed: 3 });
  runEvents(10_000);
  const rep = hub.faults.report(true);
  assertRate(rep.reordered, rep.events, 0.01, 'reordered');
  assert.equal(rep.dropped, 0);
  // One clean event more releases a hold still waiting at the end.
  applyFault(targets, { kind: 'reorder', rate: 0 });
  runEvents(1);
  let inversions = 0;
  for (let i = 1; i < wire.length; i++) {
    if (wire[i]!.u < wire[i - 1]!.u) {
      inversions++;
      // The held event's successor went first: it chains from the held one.
      assert.equal(wire[i - 1]!.pu, wire[i]!.u);
    }
  }
  assert.equal(inversions, rep.reordered);
  assert.equal(wire.length, rep.events + 1, 'every event went out once');
  const heldU = new Set(rep.log!.map((f) => f.u));
  for (let i = 1; i < wire.length; i++) if (wire[i]!.u < wire[i - 1]!.u) assert.ok(heldU.has(wire[i]!.u));
});

test('the same seed draws the same faults; rate 0 clears and nothing more is injected', () => {
  const a = hubRig();
  const b = hubRig();
  for (const rig of [a, b]) {
    applyFault(rig.targets, { kind: 'gap', rate: 0.02, seed: 42 });
    applyFault(rig.targets, { kind: 'reorder', symbol: 'btcusdt', rate: 0.02, seed: 43 });
    rig.runEvents(3_000);
  }
  const la = a.hub.faults.report(true).log!;
  assert.ok(la.length > 60);
  assert.deepEqual(la, b.hub.faults.report(true).log);
  const r = applyFault(a.targets, { kind: 'gap', rate: 0 });
  applyFault(a.targets, { kind: 'reorder', symbol: 'BTCUSDT', rate: 0 });
  assert.equal(r.rate, 0);
  const before = a.hub.faults.report(false);
  assert.deepEqual(before.rates, { gap: {}, reorder: {} });
  a.runEvents(2_000);
  const later = a.hub.faults.report(false);
  assert.equal(later.dropped, before.dropped);
  assert.equal(later.reordered, before.reordered);
  assert.equal(later.events, before.events + 2_000);
});

test('a symbol rate takes precedence over the any-symbol rate; counts are spent before a rate draws', () => {
  const { hub, targets, runEvents } = hubRig();
  applyFault(targets, { kind: 'gap', rate: 1 });
  applyFault(targets, { kind: 'gap', symbol: 'BTCUSDT', rate: 0.5, seed: 1 });
  runEvents(2_000);
  assertRate(hub.faults.dropped, 2_000, 0.5, 'BTCUSDT at its own rate');
  applyFault(targets, { kind: 'gap', symbol: 'BTCUSDT', rate: 0 });
  applyFault(targets, { kind: 'gap', rate: 0 });
  applyFault(targets, { kind: 'gap', count: 3 });
  const d = hub.faults.dropped;
  runEvents(100);
  assert.equal(hub.faults.dropped, d + 3);
});

test('a malformed fault that cuts a diff is logged with the depth faults, by update id', () => {
  const { hub, wire, cut, targets, runEvents } = hubRig();
  runEvents(3);
  applyFault(targets, { kind: 'malformed', count: 2 });
  runEvents(4);
  const rep = hub.faults.report(true);
  assert.equal(cut.length, 2);
  assert.equal(rep.malformed, 2);
  assert.equal(rep.dropped + rep.reordered, 0);
  // Only the diff stream is listened to, so the two cut frames are the 4th and 5th diffs: wire has 1-3 and 6-7.
  assert.equal(wire.length, 5);
  assert.deepEqual(
    rep.log!.map((f) => [f.kind, f.pu]),
    [
      ['malformed', wire[2]!.u],
      ['malformed', rep.log![0]!.u],
    ],
  );
  assert.equal(wire[3]!.pu, rep.log![1]!.u, 'the chain resumes after the second cut diff');
});

let venue: SimVenueHandle;
before(async () => {
  venue = await startSimVenue({ seed: 13, symbols: ['BTCUSDT'] });
});
after(async () => {
  await venue.close();
});

const post = async (body: unknown) => {
  const r = await fetch(`${venue.rest}/_sim/fault`, { method: 'POST', body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { code?: number; msg?: string } & Record<string, unknown> };
};
const report = async (log = false) =>
  (await (await fetch(`${venue.rest}/_sim/faults${log ? '?log=1' : ''}`)).json()) as DepthFaultReport;

test('bad rate or seed is refused with 400 / -1130 naming the field; nothing is armed', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ kind: 'gap', rate: -0.01 }, /'rate' must be a number in \[0, 1\]/],
    [{ kind: 'gap', rate: 1.5 }, /'rate'/],
    [{ kind: 'reorder', rate: '0.01' }, /'rate'/],
    [{ kind: 'gap', rate: null }, /'rate'/],
    [{ kind: 'gap', rate: 0.1, seed: 1.5 }, /'seed' must be an integer/],
    [{ kind: 'gap', rate: 0.1, seed: -1 }, /'seed'/],
    [{ kind: 'gap', rate: 0.1, count: 2 }, /either 'count' or 'rate'/],
    [{ kind: 'reorder', count: 2, seed: 3 }, /'seed' goes with 'rate'/],
  ];
  for (const [body, msg] of cases) {
    const r = await post(body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.code, -1130, JSON.stringify(body));
    assert.match(r.body.msg ?? '', msg);
  }
  const rep = await report();
  assert.deepEqual(rep.rates, { gap: {}, reorder: {} });
  assert.deepEqual(rep.pending, { gap: {}, reorder: {} });
});

test('over the wire: rate 1 drops every diff, rate 0 clears it and the chain runs on unbroken', async () => {
  const c = new Collector(`${venue.ws}/public/ws/btcusdt@depth@100ms`);
  await c.opened;
  await c.until((m) => m.length >= 2);
  const armed = await post({ kind: 'gap', symbol: 'BTCUSDT', rate: 1, seed: 9 });
  assert.equal(armed.status, 200);
  const d0 = (await report()).dropped;
  // Polls the venue's count (bounded: ~10 s of 100 ms diffs at most), no timing asserted.
  for (let i = 0; (await report()).dropped < d0 + 5; i++) {
    assert.ok(i < 200, 'the venue kept dropping diffs');
    await new Promise((r) => setTimeout(r, 50));
  }
  const cleared = await post({ kind: 'gap', symbol: 'BTCUSDT', rate: 0 });
  assert.equal(cleared.status, 200);
  const rep = await report(true);
  assert.deepEqual(rep.rates.gap, {});
  const mark = c.messages.length;
  await c.until((m) => m.length >= mark + 4);
  assert.equal((await report()).dropped, rep.dropped, 'nothing dropped after rate 0');
  const after = c.json().slice(mark) as unknown as Diff[];
  for (let i = 1; i < after.length; i++) assert.equal(after[i]!.pu, after[i - 1]!.u, 'chain unbroken after clearing');
  assert.ok(rep.log!.slice(-5).every((f) => f.kind === 'gap' && f.symbol === 'BTCUSDT'));
  await c.close();
});
