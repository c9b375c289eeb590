/**
 * Maps one validated admin request onto the SupervisorApi and shapes the reply (docs/contract.md, admin socket protocol). Never throws: an
 * error from the supervisor becomes `ok:false` with its stable code, so one failing command cannot take the
 * socket down.
 */
import { errorMessage, TapelineError, tapelineCode } from '../../schema/errors.js';
import type { SupervisorApi } from '../../schema/supervisor-api.js';
import { type AdminReply, type AdminRequest, errorReply, okReply } from './admin-protocol.js';

export type AdminLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: object) => void;

async function run(api: SupervisorApi, req: AdminRequest): Promise<Record<string, unknown>> {
  switch (req.cmd) {
    case 'status':
      return { ...(await api.status()) };
    case 'actors':
      return { actors: await api.actors() };
    case 'kill':
      return { killSwitch: await api.kill(req.reason, req.symbol) };
    case 'arm':
      return { killSwitch: await api.arm(req.reason, req.symbol) };
    case 'restart':
      return { actor: await api.restart(req.actor) };
    case 'symbols':
      return { ...(await api.symbols({ add: req.add, remove: req.remove })) };
    case 'config':
      return await api.config({ get: req.get, set: req.set });
  }
}

/** Commands that change state are logged at warn so they stand out in an audit of the logs. */
const MUTATING = new Set(['kill', 'arm', 'restart', 'symbols', 'config']);

export async function dispatchAdminRequest(api: SupervisorApi, req: AdminRequest, log?: AdminLog): Promise<AdminReply> {
  const started = Date.now();
  try {
    const fields = await run(api, req);
    if (log) {
      const level = MUTATING.has(req.cmd) ? 'warn' : 'info';
      log(level, `admin ${req.cmd}`, { ...describe(req), ok: true, ms: Date.now() - started });
    }
    return okReply(req.id, fields);
  } catch (err) {
    const isOurs = err instanceof TapelineError;
    const code = tapelineCode(err, 'TL_INTERNAL');
    // A foreign error is a bug in the supervisor; say so rather than pass on an unvetted message.
    const message = isOurs ? err.message : `internal error while running "${req.cmd}": ${errorMessage(err)}`;
    log?.(isOurs ? 'warn' : 'error', `admin ${req.cmd} failed`, { ...describe(req), code, message });
    return errorReply(req.id, code, message);
  }
}

/** The request fields worth a log line (ids and free text, never anything large). */
function describe(req: AdminRequest): Record<string, unknown> {
  const { id, cmd, ...rest } = req as AdminRequest & Record<string, unknown>;
  return { id, cmd, ...rest };
}
