/**
 * Listen keys for the user-data stream (docs/venue-binance.md, user-data stream): one active key per account (POST returns it
 * again and extends it), PUT keeps it alive 60 minutes, DELETE closes it; an expired key gets a
 * `listenKeyExpired` event and is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { VenueError } from './rest-types.js';

export const LISTEN_KEY_TTL_MS = 60 * 60_000;

export class ListenKeys {
  private readonly expiry = new Map<string, number>();

  create(now: number): string {
    for (const key of this.expiry.keys()) {
      this.expiry.set(key, now + LISTEN_KEY_TTL_MS);
      return key;
    }
    const key = randomBytes(48).toString('base64url').slice(0, 64);
    this.expiry.set(key, now + LISTEN_KEY_TTL_MS);
    return key;
  }

  keepAlive(key: string | null, now: number): string {
    const k = this.require(key);
    this.expiry.set(k, now + LISTEN_KEY_TTL_MS);
    return k;
  }

  remove(key: string | null): void {
    this.expiry.delete(this.require(key));
  }

  has(key: string): boolean {
    return this.expiry.has(key);
  }

  keys(): string[] {
    return [...this.expiry.keys()];
  }

  /** Keys that expired by `now` (removed). */
  expire(now: number): string[] {
    const out: string[] = [];
    for (const [k, t] of this.expiry) {
      if (t <= now) {
        this.expiry.delete(k);
        out.push(k);
      }
    }
    return out;
  }

  /** Ends a key's life now (tests, the `listenKeyExpired` path). */
  forceExpire(key: string): void {
    if (this.expiry.has(key)) this.expiry.set(key, 0);
  }

  private require(key: string | null): string {
    // Recent clients send no key on PUT/DELETE: the account's single key is meant.
    const k = key ?? this.keys()[0];
    if (k === undefined || !this.expiry.has(k)) throw new VenueError(400, -1125, 'This listenKey does not exist.');
    return k;
  }
}
