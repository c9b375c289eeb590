/**
 * Turns the first TypeBox validation error into one operator-readable line that names the field by its dotted
 * path (`runtime.restart.maxRestarts`) and says what it must be, from the schema itself, so the message stays
 * right when the schema changes.
 */
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { shown } from './field-parsers.js';

/** `/runtime/restart/maxRestarts` → `runtime.restart.maxRestarts`; `/symbols/0` → `symbols[0]`. */
export function dottedPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  }
  return out === '' ? '(top level)' : out;
}

type SchemaLike = Record<string, unknown>;

function range(schema: SchemaLike): string {
  const min = schema.minimum;
  const max = schema.maximum;
  if (typeof min === 'number' && typeof max === 'number') return ` from ${min} to ${max}`;
  if (typeof min === 'number') return ` >= ${min}`;
  if (typeof max === 'number') return ` <= ${max}`;
  return '';
}

/** What a value of this schema must be, in words. */
export function requirement(schema: SchemaLike): string {
  if (Array.isArray(schema.anyOf)) {
    const consts = (schema.anyOf as SchemaLike[]).map((s) => s.const);
    if (consts.every((c) => c !== undefined)) return `must be one of ${consts.map((c) => shown(c)).join(', ')}`;
    return 'must match one of the allowed shapes';
  }
  switch (schema.type) {
    case 'integer':
      return `must be an integer${range(schema)}`;
    case 'number':
      return `must be a number${range(schema)}`;
    case 'boolean':
      return 'must be true or false';
    case 'object':
      return 'must be an object';
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? ` and at most ${schema.maxItems}` : '';
      return min > 0 ? `must be an array of at least ${min} item(s)${max}` : `must be an array${max}`;
    }
    case 'string':
      if (typeof schema.pattern === 'string') return `must be a string matching ${schema.pattern}`;
      if (typeof schema.minLength === 'number' && schema.minLength > 0) return 'must be a non-empty string';
      return 'must be a string';
    default:
      return 'has an invalid value';
  }
}

/** One line, without the `config:` prefix or the file name (the caller adds where it came from). */
export function describeValueError(error: ValueError): string {
  const field = dottedPath(error.path);
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `${field} is not a known field (check its spelling against \`tapeline run --help\`)`;
    case ValueErrorType.ObjectRequiredProperty:
      return `${field} is required`;
    default:
      return `${field} ${requirement(error.schema as SchemaLike)} (got ${shown(error.value)})`;
  }
}
