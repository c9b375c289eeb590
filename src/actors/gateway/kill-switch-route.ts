/**
 * `POST /api/kill-switch`: engages the kill switch through the supervisor (which asks risk) and answers with its
 * state. Only `{"engaged":true,"reason":"..."}` (optionally `"symbol"`) is accepted: disengaging (arming) over HTTP
 * is refused with 403 TL_KILL_SWITCH_ARM_OVER_HTTP; arming is an operator act on the admin socket only.
 */
import type { Remote } from '../../runtime/control/comlink.js';
import type { SupervisorApi } from '../../runtime/supervisor-api.js';
import type { HttpRequest, HttpResponse } from '../../runtime/uws.js';
import { checkBearer } from './kill-switch-auth.js';
import { errorReply, json, type Reply, readBody, replyAsync, write } from './http-reply.js';

const MAX_BODY = 4096;
const MAX_REASON = 200;
const ALLOWED_KEYS = new Set(['engaged', 'reason', 'symbol']);

export interface KillRequest {
  reason: string;
  symbol: string | undefined;
}

/** Validates the body; returns the request or the error reply. Pure, so every branch has a unit test. */
export function parseKillBody(body: Buffer): KillRequest | Reply {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return errorReply(400, 'TL_HTTP_BAD_BODY', 'body must be JSON: {"engaged":true,"reason":"..."}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return errorReply(400, 'TL_HTTP_BAD_BODY', 'body must be a JSON object: {"engaged":true,"reason":"..."}');
  }
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !ALLOWED_KEYS.has(k));
  if (extra.length)
    return errorReply(400, 'TL_HTTP_BAD_BODY', `unknown field "${extra[0]}"; allowed: engaged, reason, symbol`);
  if (v.engaged === false) {
    return errorReply(
      403,
      'TL_KILL_SWITCH_ARM_OVER_HTTP',
      'disengaging the kill switch is not allowed over HTTP; use `tapeline admin arm` on the admin socket',
    );
  }
  if (v.engaged !== true) return errorReply(400, 'TL_HTTP_BAD_BODY', 'field "engaged" must be true');
  if (
    v.reason !== undefined &&
    (typeof v.reason !== 'string' || v.reason.length === 0 || v.reason.length > MAX_REASON)
  ) {
    return errorReply(
      400,
      'TL_HTTP_BAD_BODY',
      `field "reason" must be a non-empty string of at most ${MAX_REASON} characters`,
    );
  }
  if (v.symbol !== undefined && (typeof v.symbol !== 'string' || !/^[A-Z0-9]{2,30}$/.test(v.symbol))) {
    return errorReply(400, 'TL_HTTP_BAD_BODY', 'field "symbol" must be a symbol like "BTCUSDT"');
  }
  return {
    reason: (v.reason as string | undefined) ?? 'kill switch over HTTP',
    symbol: v.symbol as string | undefined,
  };
}

export function killSwitchRoute(
  supervisor: () => Remote<SupervisorApi>,
  token: string | undefined,
  onKill: (req: KillRequest) => void,
): (res: HttpResponse, req: HttpRequest) => void {
  return (res, req) => {
    // The request object is only valid synchronously: read the header now.
    const verdict = checkBearer(req.getHeader('authorization'), token);
    if (verdict === 'not-configured') {
      write(
        res,
        errorReply(
          403,
          'TL_KILL_SWITCH_NO_TOKEN',
          'no admin token is configured; set TAPELINE_ADMIN_TOKEN to enable the HTTP kill switch',
        ),
      );
      return;
    }
    if (verdict === 'unauthorized') {
      write(
        res,
        errorReply(401, 'TL_KILL_SWITCH_UNAUTHORIZED', 'missing or wrong bearer token', {
          'www-authenticate': 'Bearer',
        }),
      );
      return;
    }
    replyAsync(res, async () => {
      const body = await readBody(res, MAX_BODY);
      if (!body) return errorReply(413, 'TL_HTTP_BODY_TOO_LARGE', `body is over ${MAX_BODY} bytes`);
      const parsed = parseKillBody(body);
      if ('status' in parsed) return parsed;
      onKill(parsed);
      const killSwitch = await supervisor().kill(parsed.reason, parsed.symbol);
      return json(200, { ok: true, killSwitch });
    });
  };
}
