/**
 * A loopback TCP proxy in front of the sim's WebSocket API, so a test can take the WS API down and bring it
 * back on the same URL, or lose exactly one reply: `cutAfterNextFrame()` forwards the next client frame to the
 * venue (which executes it), then ends the venue side and destroys the client side before the reply returns;
 * `muted` swallows replies on an open connection (a venue that stops answering).
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export class TcpProxy {
  port = 0;
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  private cutNext = false;
  /** While true, the venue's bytes are dropped and the connection stays open: replies never arrive. */
  muted = false;

  constructor(private readonly targetPort: number) {}

  async up(): Promise<void> {
    const server = createServer((client) => this.pair(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops accepting and drops every connection (the WS API is unreachable until `up()`). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  cutAfterNextFrame(): void {
    this.cutNext = true;
  }

  private pair(client: Socket): void {
    const venue = connect(this.targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, venue];
    this.pairs.add(pair);
    let upgraded = false;
    let cut = false;
    venue.on('data', (d) => {
      upgraded = true;
      if (!cut && !this.muted) client.write(d);
    });
    client.on('data', (d) => {
      venue.write(d);
      if (upgraded && this.cutNext) {
        this.cutNext = false;
        cut = true;
        // The request reaches the venue (FIN after the data; never a reset, which could discard it unread);
        // the reply has nowhere to go.
        venue.end();
        client.destroy();
      }
    });
    const drop = () => {
      client.destroy();
      if (!cut) venue.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', drop);
    venue.on('close', drop);
    client.on('error', drop);
    venue.on('error', drop);
  }
}
