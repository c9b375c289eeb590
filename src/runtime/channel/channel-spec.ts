/**
 * What the supervisor hands each worker about one data channel. The shared buffers outlive the workers, so a
 * restarted actor reattaches to the same mailbox and nothing queued in it is lost.
 */

/** `drop-oldest`: market data and telemetry, counted drops when full. `never-drop`: orders, fills, control. */
export type FullPolicy = 'drop-oldest' | 'never-drop';

export interface ChannelSpec {
  /** Stable name, `<from>-><to>:<topic>`. */
  name: string;
  /** Topic the consumer sees with each message: `market`, `telemetry`, `intents`, `orders`, `execution-commands`, `execution-reports`, `risk`. */
  topic: string;
  from: string;
  to: string;
  policy: FullPolicy;
  ring: SharedArrayBuffer;
  /** The consumer worker's doorbell (see doorbell.ts). */
  doorbell: SharedArrayBuffer;
}
