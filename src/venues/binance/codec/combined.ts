/**
 * The combined-stream envelope `{"stream":"<name>","data":<payload>}` that `/stream?streams=` connections
 * send. `decodeCombined` validates and returns the parsed envelope itself (no copy): it sits on the hot path.
 */
import { TapelineError } from '../../../schema/errors.js';
import { codecError } from './fields.js';

export interface CombinedFrame {
  stream: string;
  data: unknown;
}

/** JSON.parse with the failure turned into `TL_CODEC_INVALID` (the cause keeps the parser's message). */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const head = text.length > 60 ? `${text.slice(0, 60)}...` : text;
    throw new TapelineError('TL_CODEC_INVALID', `${what}: not valid JSON (${(err as Error).message}): ${head}`, {
      cause: err,
    });
  }
}

/** True when a parsed frame is a combined envelope (as opposed to a raw `/ws` payload or a control reply). */
export function isCombined(value: unknown): value is CombinedFrame {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CombinedFrame).stream === 'string' &&
    'data' in value
  );
}

export function decodeCombined(text: string): CombinedFrame {
  const value = parseJson(text, 'combined stream frame');
  if (!isCombined(value)) {
    const stream = (value as { stream?: unknown } | null)?.stream;
    if (typeof stream !== 'string') throw codecError('combined', 'stream', 'a string', stream);
    throw codecError('combined', 'data', 'a payload', undefined, stream);
  }
  return value;
}
