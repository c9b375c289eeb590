/**
 * Ingest's own control frames: symbol lifecycle and connection loss, written as combined-stream envelopes on
 * the reserved stream `tapeline@control`. The live shell feeds them through `onWsFrame` and records them in
 * the tape like any venue frame, so a replay sees the same adds, removes and reconnect resets at the same place.
 */

export const CONTROL_STREAM = 'tapeline@control';
export const CONTROL_EVENT = 'tapelineControl';

/** `resync`: a symbol actor lost book diffs downstream of ingest (its drop-oldest mailbox) and needs a new snapshot. */
export type ControlOp = 'addSymbol' | 'removeSymbol' | 'reconnect' | 'resync';

export interface ControlFrame {
  e: typeof CONTROL_EVENT;
  op: ControlOp;
  symbols: string[];
  /** For `reconnect`: the route of the lost connection (`public` resets books; `market` resets nothing). */
  route?: string;
}

export function encodeControlFrame(op: ControlOp, symbols: readonly string[], route?: string): string {
  const data: ControlFrame = { e: CONTROL_EVENT, op, symbols: [...symbols] };
  if (route !== undefined) data.route = route;
  return JSON.stringify({ stream: CONTROL_STREAM, data });
}

export function isControlFrame(data: unknown): data is ControlFrame {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as ControlFrame).e === CONTROL_EVENT &&
    Array.isArray((data as ControlFrame).symbols)
  );
}
