/**
 * Ingest's routing cost per market event: `ctx.sendTo('symbol/X', 'market', env)` picks the one outbound channel
 * of that symbol actor. Senders are stubs that only count, so the figure is the lookup alone (encode and ring
 * write are measured by frame-codec and channel-hop). Spec strings go through structuredClone, as workerData
 * does, so they are not interned and compare by content, as they do in a worker.
 */
import { ChannelRoutes } from '../src/runtime/channel/channel-routes.js';
import { type BenchCase, type BenchSuite, tinybenchCase } from './harness.js';

interface StubSender {
  spec: { to: string; topic: string };
  sent: number;
  send(message: unknown): void;
}

function stubSenders(symbols: number): StubSender[] {
  const specs = structuredClone(
    Array.from({ length: symbols }, (_, i) => ({ to: `symbol/S${String(i).padStart(3, '0')}USDT`, topic: 'market' })),
  );
  return specs.map((spec) => ({
    spec,
    sent: 0,
    send(this: StubSender) {
      this.sent++;
    },
  }));
}

/** Destination names as the ingest actor holds them (its own strings, not the specs'). */
function destinations(symbols: number): string[] {
  return Array.from({ length: symbols }, (_, i) => `symbol/S${String(i).padStart(3, '0')}USDT`);
}

/** The routing every host did before: a scan of all senders with two string compares each. */
function scanRoute(senders: StubSender[]): (to: string, topic: string, message: unknown) => void {
  return (to, topic, message) => {
    for (const s of senders) if (s.spec.to === to && s.spec.topic === topic) s.send(message);
  };
}

function routeCase(
  name: string,
  symbols: number,
  build: (s: StubSender[]) => (to: string, topic: string, m: unknown) => void,
): BenchCase {
  const senders = stubSenders(symbols);
  const route = build(senders);
  const to = destinations(symbols);
  const message = { type: 'market' };
  let i = 0;
  return tinybenchCase(name, () => {
    // 100 events per sample, so timer resolution does not swamp a sub-100 ns lookup.
    for (let k = 0; k < 100; k++) {
      route(to[i]!, 'market', message);
      if (++i === symbols) i = 0;
    }
  });
}

/** `ctx.sendTo` today: two Map hits. */
function mapRoute(senders: StubSender[]): (to: string, topic: string, message: unknown) => void {
  const routes = new ChannelRoutes(senders);
  return (to, topic, message) => routes.sendTo(to, topic, message);
}

/** What ingest does: a route handle per symbol resolved once at addSymbol, looked up by symbol as ingest does. */
function handleRoute(senders: StubSender[]): (to: string, topic: string, message: unknown) => void {
  const routes = new ChannelRoutes(senders);
  const bySymbol = new Map<string, { out: { send(m: unknown): void } }>();
  for (const s of senders) bySymbol.set(s.spec.to, { out: routes.route(s.spec.to, 'market') });
  return (to, _topic, message) => bySymbol.get(to)!.out.send(message);
}

export const suite: BenchSuite = {
  name: 'ingest routing',
  cases: [
    routeCase('ingest routing x100: scan, 3 symbols', 3, scanRoute),
    routeCase('ingest routing x100: scan, 500 symbols', 500, scanRoute),
    routeCase('ingest routing x100: map, 3 symbols', 3, mapRoute),
    routeCase('ingest routing x100: map, 500 symbols', 500, mapRoute),
    routeCase('ingest routing x100: route handle, 3 symbols', 3, handleRoute),
    routeCase('ingest routing x100: route handle, 500 symbols', 500, handleRoute),
  ],
};
