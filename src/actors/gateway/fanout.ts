/**
 * Routes actor output to WS clients: picks the channel from the message type, encodes it at most once per wire
 * format (and only for a format that has subscribers), and publishes the bytes on the uWS topic so uWS copies
 * them to every subscriber. A slow subscriber's share is bounded by uWS `maxBackpressure`, never ours.
 */
import { Packr } from 'msgpackr';
import type { ChannelName } from '../../schema/client-messages.js';
import { HistoryStore } from './history-store.js';
import { LastValues, type ServerMessage } from './last-values.js';
import { ALL_SYMBOLS, channelOf, isChannelWide, topicName, type WireFormat } from './topics.js';

export interface PubSub {
  publish(topic: string, message: string | Uint8Array, isBinary?: boolean): boolean;
  numSubscribers(topic: string): number;
}

/**
 * Plain msgpack maps (no msgpackr records extension) so any msgpack decoder reads the frames; `undefined`
 * fields are skipped rather than encoded, as JSON.stringify does, so both formats carry the same objects.
 */
export function createPackr(): Packr {
  return new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0]);
}

export function encode(packr: Packr, format: WireFormat, message: object): string | Uint8Array {
  return format === 'json' ? JSON.stringify(message) : packr.pack(message);
}

export interface FanoutCounters {
  /** Messages routed to a channel (whether or not anyone listened), by channel. */
  published: Record<ChannelName, number>;
  /** Encodes done, by format: at most one per message per format. */
  encoded: Record<WireFormat, number>;
  /** Messages whose type no client channel carries (not forwarded). */
  unroutable: number;
}

export class Fanout {
  readonly lastValues = new LastValues();
  /** Each symbol's recent past, for the `history` op. */
  readonly history = new HistoryStore();
  readonly counters: FanoutCounters = {
    published: { metrics: 0, signals: 0, orders: 0, risk: 0, trades: 0 },
    encoded: { json: 0, msgpack: 0 },
    unroutable: 0,
  };
  /** Symbols seen in traffic, on top of the configured ones (symbols added live). */
  readonly onSymbol: (symbol: string) => void;

  constructor(
    private readonly pubsub: PubSub,
    private readonly packr: Packr,
    onSymbol: (symbol: string) => void,
  ) {
    this.onSymbol = onSymbol;
  }

  /** Returns the channel the message went out on, or undefined when no client channel carries it. */
  publish(message: ServerMessage): ChannelName | undefined {
    const channel = channelOf(message.type);
    if (!channel) {
      this.counters.unroutable++;
      return undefined;
    }
    const symbol =
      isChannelWide(channel) || typeof message.symbol !== 'string' || message.symbol === ''
        ? ALL_SYMBOLS
        : message.symbol;
    if (symbol !== ALL_SYMBOLS) this.onSymbol(symbol);
    this.lastValues.record(channel, symbol, message);
    this.history.record(message);
    this.counters.published[channel]++;
    const jsonTopic = topicName('json', channel, symbol);
    if (this.pubsub.numSubscribers(jsonTopic) > 0) {
      this.counters.encoded.json++;
      this.pubsub.publish(jsonTopic, JSON.stringify(message), false);
    }
    const msgpackTopic = topicName('msgpack', channel, symbol);
    if (this.pubsub.numSubscribers(msgpackTopic) > 0) {
      this.counters.encoded.msgpack++;
      this.pubsub.publish(msgpackTopic, this.packr.pack(message), true);
    }
    return channel;
  }
}
