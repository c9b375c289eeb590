/**
 * Checks a signed request as the venue does (binance-usdm.md §5): API key header (-2014/-2015), HMAC-SHA256
 * hex over the raw query (minus `signature`) concatenated with the raw body (-1022), then timestamp against
 * recvWindow (-1021). Never echoes the secret or the expected signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type RestRequest, VenueError } from './rest-types.js';

/** Removes `signature=...` from a raw parameter string, keeping the other bytes exactly. */
function stripSignature(raw: string): { rest: string; signature: string | undefined } {
  if (raw.length === 0) return { rest: raw, signature: undefined };
  const parts = raw.split('&');
  let signature: string | undefined;
  const kept: string[] = [];
  for (const p of parts) {
    if (p.startsWith('signature=')) signature = p.slice(10);
    else kept.push(p);
  }
  return { rest: kept.join('&'), signature };
}

export function checkApiKey(req: RestRequest, apiKey: string): void {
  if (req.apiKey === undefined) throw new VenueError(401, -2014, 'API-key format invalid.');
  const a = Buffer.from(req.apiKey);
  const b = Buffer.from(apiKey);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new VenueError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
}

export function checkSigned(req: RestRequest, apiKey: string, secret: string, serverTime: number): void {
  checkApiKey(req, apiKey);
  const q = stripSignature(req.rawQuery);
  const b = stripSignature(req.rawBody);
  const signature = q.signature ?? b.signature;
  if (signature === undefined || signature === '') {
    throw new VenueError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  }
  const timestampRaw = req.params.get('timestamp');
  if (timestampRaw === null || !/^\d+$/.test(timestampRaw)) {
    throw new VenueError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  }
  const expected = createHmac('sha256', secret)
    .update(q.rest + b.rest, 'utf8')
    .digest('hex');
  const got = Buffer.from(signature.toLowerCase());
  const want = Buffer.from(expected);
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    throw new VenueError(400, -1022, 'Signature for this request is not valid.');
  }
  const recvRaw = req.params.get('recvWindow');
  const recvWindow = recvRaw === null ? 5000 : Number(recvRaw);
  if (!Number.isFinite(recvWindow) || recvWindow <= 0 || recvWindow > 60_000) {
    throw new VenueError(400, -1131, 'recvWindow must be less than 60000');
  }
  const timestamp = Number(timestampRaw);
  if (timestamp >= serverTime + 1000) {
    throw new VenueError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  if (serverTime - timestamp > recvWindow) {
    throw new VenueError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }
}
