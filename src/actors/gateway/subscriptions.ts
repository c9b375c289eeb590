/**
 * A connection's subscription: a set of (channel, symbol) pairs and the uWS topics they map to. Until its first
 * subscribe op a connection holds every pair (a plain client sees data at once); that first subscribe replaces
 * the default with exactly what it asked for. `*` expands to the symbols known at that moment, and the channels
 * subscribed with `*` also follow symbols added later (`wildcard`), until unsubscribed with `*`.
 */
import type { Failure } from '../../schema/errors.js';
import { CHANNELS, type ChannelName, type SubscribeOp } from '../../schema/client-messages.js';
import { ALL_SYMBOLS, isChannelWide, topicName, type WireFormat } from './topics.js';

export interface Pair {
  channel: ChannelName;
  symbol: string;
}

export interface SubscriptionState {
  format: WireFormat;
  /** key `channel|symbol`. */
  pairs: Map<string, Pair>;
  topics: Set<string>;
  /** False until the first subscribe/unsubscribe op. */
  explicit: boolean;
  /** Channels subscribed with `*`: a symbol added later joins them. */
  wildcard: Set<ChannelName>;
}

export interface Change {
  /** Pairs that are new (to replay their last values), and the channel-wide topics newly joined. */
  added: Pair[];
  joinedChannelWide: ChannelName[];
  subscribe: string[];
  unsubscribe: string[];
}

export type ApplyResult = { ok: true; change: Change } | ({ ok: false } & Failure);

function topicOf(format: WireFormat, pair: Pair): string {
  return topicName(format, pair.channel, isChannelWide(pair.channel) ? ALL_SYMBOLS : pair.symbol);
}

export function newSubscriptionState(format: WireFormat): SubscriptionState {
  return { format, pairs: new Map(), topics: new Set(), explicit: false, wildcard: new Set() };
}

/** Adds pairs and reports the topic changes; used for the default subscription and for subscribe ops. */
export function addPairs(
  state: SubscriptionState,
  symbols: Iterable<string>,
  channels: readonly ChannelName[],
): Change {
  const before = new Set(state.topics);
  const added: Pair[] = [];
  for (const symbol of symbols) {
    for (const channel of channels) {
      const key = `${channel}|${symbol}`;
      if (state.pairs.has(key)) continue;
      const pair = { channel, symbol };
      state.pairs.set(key, pair);
      added.push(pair);
    }
  }
  return diff(state, before, added);
}

function diff(state: SubscriptionState, before: Set<string>, added: Pair[]): Change {
  const now = new Set<string>();
  for (const pair of state.pairs.values()) now.add(topicOf(state.format, pair));
  state.topics = now;
  const joinedChannelWide = CHANNELS.filter(
    (c) =>
      isChannelWide(c) &&
      now.has(topicName(state.format, c, ALL_SYMBOLS)) &&
      !before.has(topicName(state.format, c, ALL_SYMBOLS)),
  );
  return {
    added,
    joinedChannelWide,
    subscribe: [...now].filter((t) => !before.has(t)),
    unsubscribe: [...before].filter((t) => !now.has(t)),
  };
}

/** Applies a subscribe/unsubscribe op; an unknown symbol rejects the whole op and changes nothing. */
export function applyOp(state: SubscriptionState, op: SubscribeOp, known: ReadonlySet<string>): ApplyResult {
  const symbols = new Set<string>();
  for (const s of op.symbols) {
    if (s === ALL_SYMBOLS) for (const k of known) symbols.add(k);
    else if (known.has(s)) symbols.add(s);
    else
      return {
        ok: false,
        code: 'TL_WS_UNKNOWN_SYMBOL',
        detail: `unknown symbol "${s}"; known: ${[...known].join(', ')} (or "*")`,
      };
  }
  const channels = [...new Set(op.channels)];
  const all = op.symbols.includes(ALL_SYMBOLS);
  if (op.op === 'subscribe') {
    if (!state.explicit) {
      state.pairs.clear();
      state.explicit = true;
    }
    if (all) for (const c of channels) state.wildcard.add(c);
    return { ok: true, change: addPairs(state, symbols, channels) };
  }
  state.explicit = true;
  if (all) for (const c of channels) state.wildcard.delete(c);
  const before = new Set(state.topics);
  for (const symbol of symbols) for (const channel of channels) state.pairs.delete(`${channel}|${symbol}`);
  return { ok: true, change: diff(state, before, []) };
}

/** The channels a newly known symbol joins on this connection: every one by default, else the `*` ones. */
export function channelsForNewSymbol(state: SubscriptionState): readonly ChannelName[] {
  return state.explicit ? [...state.wildcard] : CHANNELS;
}

export function listPairs(state: SubscriptionState): Pair[] {
  return [...state.pairs.values()].map((p) => ({ symbol: p.symbol, channel: p.channel }));
}
