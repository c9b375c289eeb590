/**
 * The shape every REST handler of the sim works with: the raw request (query and body exactly as received,
 * for signature checks) and a reply carrying the request weight the limiter counts.
 */

export interface RestRequest {
  method: string;
  path: string;
  /** The raw query string, without '?'. */
  rawQuery: string;
  /** The raw body (form-encoded for signed POST/PUT/DELETE). */
  rawBody: string;
  /** Query and body parameters merged (body wins). */
  params: URLSearchParams;
  apiKey: string | undefined;
  receivedAt: number;
}

export interface RestReply {
  status: number;
  body: string;
  /** Request weight counted against REQUEST_WEIGHT (default 1). */
  weight?: number;
  /** Counted against the ORDERS limits. */
  orders?: number;
  headers?: Array<[string, string]>;
}

export type RestHandler = (req: RestRequest) => RestReply;

/** A venue error body `{"code":-1121,"msg":"Invalid symbol."}` with its HTTP status. */
export class VenueError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }

  reply(weight = 1): RestReply {
    return { status: this.status, body: JSON.stringify({ code: this.code, msg: this.message }), weight };
  }
}

export function ok(body: unknown, weight = 1): RestReply {
  return { status: 200, body: typeof body === 'string' ? body : JSON.stringify(body), weight };
}

export function mandatory(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '') {
    throw new VenueError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  }
  return v;
}

export function optionalInt(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v))
    throw new VenueError(
      400,
      -1100,
      `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
    );
  return Number(v);
}
