/**
 * The last message of each kind per symbol (metrics, signal, risk state) and a short order history, so a
 * client that subscribes sees the current picture at once instead of waiting for the next update.
 */
import type { ChannelName } from '../../schema/client-messages.js';
import { ALL_SYMBOLS } from './topics.js';

export interface ServerMessage {
  type: string;
  symbol?: string;
  [key: string]: unknown;
}

/** Orders kept per symbol for a new subscriber's blotter. */
const ORDER_HISTORY = 50;

export class LastValues {
  /** key `channel|symbol` → type → message; a Map keeps the types in first-seen order. */
  private readonly latest = new Map<string, Map<string, ServerMessage>>();
  private readonly orders = new Map<string, ServerMessage[]>();

  record(channel: ChannelName, symbol: string, message: ServerMessage): void {
    // Prints are a stream, not a state: a new subscriber asks `history` for them (history-store.ts).
    if (channel === 'trades') return;
    if (channel === 'orders') {
      let list = this.orders.get(symbol);
      if (!list) {
        list = [];
        this.orders.set(symbol, list);
      }
      list.push(message);
      if (list.length > ORDER_HISTORY) list.splice(0, list.length - ORDER_HISTORY);
      return;
    }
    const key = `${channel}|${symbol}`;
    let byType = this.latest.get(key);
    if (!byType) {
      byType = new Map();
      this.latest.set(key, byType);
    }
    byType.set(message.type, message);
  }

  /** What a new subscriber of (symbol, channel) gets first, oldest first. */
  replay(channel: ChannelName, symbol: string): ServerMessage[] {
    if (channel === 'orders') return this.orders.get(symbol)?.slice() ?? [];
    const byType = this.latest.get(`${channel}|${symbol}`);
    return byType ? [...byType.values()] : [];
  }

  /** The latest `metrics` message of a symbol, if one has arrived. */
  metrics(symbol: string): ServerMessage | undefined {
    return this.latest.get(`metrics|${symbol}`)?.get('metrics');
  }

  channelWide(channel: ChannelName): ServerMessage[] {
    return this.replay(channel, ALL_SYMBOLS);
  }
}
