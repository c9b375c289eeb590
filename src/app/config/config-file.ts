/**
 * Reads and validates a `--config FILE` (JSON) against ConfigFileSchema. Validation uses TypeBox `Value`, not
 * `TypeCompiler`: the file is checked once per start, so compiling a validator (code generation through
 * `new Function`) buys nothing, while `Value` needs no eval and yields the same ValueError list for messages.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { TapelineError } from '../../schema/errors.js';
import { type ConfigFile, ConfigFileSchema, RuntimeSchema } from '../../schema/config/config-schema.js';
import { describeValueError } from '../../schema/config/schema-errors.js';

/** A validated file with defaults applied to `runtime`, and its relative paths made absolute. */
export interface LoadedConfigFile {
  /** The path as the user gave it, for messages. */
  shownPath: string;
  values: ConfigFile & { runtime: NonNullable<ConfigFile['runtime']> };
}

function fileError(message: string, shownPath: string): TapelineError {
  return new TapelineError('TL_CONFIG_INVALID', `config: ${message} in ${shownPath}`);
}

function readText(shownPath: string, absPath: string): string {
  try {
    return readFileSync(absPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory, not a JSON file'
            : `cannot be read (${code ?? 'unknown error'})`;
    throw new TapelineError('TL_CONFIG_INVALID', `config: --config file ${shownPath} ${why}`, { cause: err });
  }
}

function parseJson(text: string, shownPath: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // V8's SyntaxError message names the position; keep it on one line.
    const detail = (err as Error).message.replace(/\s+/g, ' ');
    throw new TapelineError('TL_CONFIG_INVALID', `config: not valid JSON (${detail}) in ${shownPath}`, { cause: err });
  }
}

/** Cross-field rules a per-field schema cannot state. */
function checkRuntimeRelations(runtime: LoadedConfigFile['values']['runtime'], shownPath: string): void {
  const r = runtime.restart;
  if (r.backoffInitialMs > r.backoffMaxMs) {
    throw fileError(
      `runtime.restart.backoffInitialMs must be <= runtime.restart.backoffMaxMs (got ${r.backoffInitialMs} > ${r.backoffMaxMs})`,
      shownPath,
    );
  }
  if (runtime.heartbeatTimeoutMs <= runtime.heartbeatMs) {
    throw fileError(
      `runtime.heartbeatTimeoutMs must be greater than runtime.heartbeatMs (got ${runtime.heartbeatTimeoutMs} <= ${runtime.heartbeatMs})`,
      shownPath,
    );
  }
}

/**
 * Loads FILE (relative to `cwd`). Relative `dataDir` / `adminSocket` inside the file are resolved against the
 * file's own directory, so a config works the same whatever directory `tapeline run` is started from.
 */
export function loadConfigFile(path: string, cwd: string): LoadedConfigFile {
  const absPath = resolve(cwd, path);
  const raw = parseJson(readText(path, absPath), path);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw fileError(`the top level must be a JSON object (got ${Array.isArray(raw) ? 'an array' : String(raw)})`, path);
  }
  const obj = raw as Record<string, unknown>;
  // Symbols are case-insensitive for the operator; the schema's pattern is for the canonical uppercase form.
  if (Array.isArray(obj.symbols)) {
    obj.symbols = obj.symbols.map((s) => (typeof s === 'string' ? s.trim().toUpperCase() : s));
  }
  // Defaults first: RuntimeSchema's fields are required, so a partial `runtime` block is completed before the
  // check; Default never replaces a value that is present, so a wrong type is still reported below.
  const withDefaults = Value.Default(ConfigFileSchema, obj) as Record<string, unknown>;
  const first = Value.Errors(ConfigFileSchema, withDefaults).First();
  if (first !== undefined) throw fileError(describeValueError(first), path);
  const values = withDefaults as LoadedConfigFile['values'];
  values.runtime ??= Value.Default(RuntimeSchema, {}) as LoadedConfigFile['values']['runtime'];
  checkRuntimeRelations(values.runtime, path);
  if (values.symbols) values.symbols = [...new Set(values.symbols)];
  const base = dirname(absPath);
  if (values.dataDir !== undefined) values.dataDir = resolve(base, values.dataDir);
  if (values.adminSocket !== undefined) values.adminSocket = resolve(base, values.adminSocket);
  return { shownPath: path, values };
}

/** The runtime block with every default, for when there is no config file. */
export function defaultRuntime(): LoadedConfigFile['values']['runtime'] {
  return Value.Default(RuntimeSchema, {}) as LoadedConfigFile['values']['runtime'];
}
