/**
 * uWS pub/sub topic names: one topic per (wire format, channel, symbol), so a message is encoded once per format
 * and uWS copies those bytes to every subscriber. Channel-wide messages (risk) use the symbol `*`.
 */
import type { ChannelName } from '../../schema/client-messages.js';

export type WireFormat = 'json' | 'msgpack';

/** Symbol of channel-wide topics; also the "every known symbol" wildcard of a subscribe op. */
export const ALL_SYMBOLS = '*';

export function topicName(format: WireFormat, channel: ChannelName, symbol: string): string {
  return `${format === 'json' ? 'j' : 'm'}|${channel}|${symbol}`;
}

/** Which channel a server message goes out on, by its `type`; undefined for types clients never see. */
export function channelOf(type: unknown): ChannelName | undefined {
  switch (type) {
    case 'metrics':
    case 'liquidation':
      return 'metrics';
    case 'signal':
    case 'signal-verdict':
      return 'signals';
    case 'order':
      return 'orders';
    case 'trades':
      return 'trades';
    case 'risk':
    case 'kill-switch':
      return 'risk';
    default:
      return undefined;
  }
}

/** Risk state is one for the whole runtime: it is published channel-wide, whatever symbol it names. */
export function isChannelWide(channel: ChannelName): boolean {
  return channel === 'risk';
}
