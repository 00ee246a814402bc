// Ajv's errors as the API's field violations (docs/api.md, "Errors"): one per field, named as
// the client wrote it (`timeoutMs`, `resources.cpuCores`), described in the words the API has
// always used ("must be an integer from 1 to 100"). A bad value inside a map or a list names
// the map or the list, and says what it must hold.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import { NOT_BLANK } from './request-schemas.ts';

type Schema = Record<string, unknown>;

/** What a value of `schema` must be, as the end of "FIELD must be …". */
export function mustBe(schema: Schema): string {
  const { type, minimum: min, maximum: max } = schema;
  if (Array.isArray(schema.enum)) return `must be one of ${schema.enum.join(', ')}`;
  const values = schema.additionalProperties as Schema | undefined;
  const items = schema.items as Schema | undefined;
  switch (type) {
    case 'string':
      return 'must be a string';
    case 'boolean':
      return 'must be true or false';
    case 'integer':
      return max === undefined ? `must be an integer of at least ${String(min ?? 0)}` : `must be an integer from ${String(min)} to ${String(max)}`;
    case 'number':
      if (max !== undefined) return `must be a number from ${String(min)} to ${String(max)}`;
      return min === undefined ? 'must be a number' : `must be a number of at least ${String(min)}`;
    case 'array':
      if (items?.type !== 'string') return 'must be an array';
      return schema.maxItems === undefined ? 'must be an array of strings' : `must be an array of at most ${String(schema.maxItems)} strings`;
  }
  if (values?.type === 'string') return 'must be a map of strings to strings';
  if (values?.type === 'number') return `must be a map of names to numbers (${mustBe(values).replace(/^must be /, '')})`;
  return 'must be a JSON object';
}

/** The description of one Ajv error on a value of `schema`. */
function describe(error: ErrorObject, schema: Schema): string {
  const limit = String(Object.values(error.params)[0]);
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'maxLength':
      return `must be at most ${limit} characters`;
    case 'minLength':
      return 'must be a non-empty string';
    case 'pattern':
      return error.params.pattern === NOT_BLANK ? 'must be a non-empty string' : `must match ${String(error.params.pattern)}`;
    case 'maxProperties':
      return `must have at most ${limit} entries`;
    case 'minItems':
      return `must hold at least ${limit} ${limit === '1' ? 'item' : 'items'}`;
    default:
      return mustBe(schema);
  }
}

/** Decodes a JSON Pointer's segments (`/a~1b` → `a/b`). */
const segments = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/**
 * The field an error is about, and the schema of that field: the deepest named property on its
 * path (an error inside a map's values or a list's items is the map's or the list's).
 */
function fieldOf(error: ErrorObject, root: Schema): { field: string; schema: Schema } {
  const steps = segments(error.schemaPath.replace(/^#/, ''));
  const path = segments(error.instancePath);
  const names: string[] = [];
  let schema = root;
  for (let i = 0; i + 1 < steps.length && steps[i] === 'properties'; i += 2) {
    names.push(path[names.length]!);
    schema = (schema.properties as Record<string, Schema>)[steps[i + 1]!]!;
  }
  if (error.keyword === 'required') names.push(String(error.params.missingProperty));
  return { field: names.length > 0 ? names.join('.') : 'body', schema };
}

/** Ajv's errors against the schema `root` as violations, the first for each field. */
export function violationsOf(errors: readonly ErrorObject[], root: Schema): FieldViolation[] {
  const byField = new Map<string, string>();
  for (const error of errors) {
    const { field, schema } = fieldOf(error, root);
    if (!byField.has(field)) byField.set(field, describe(error, schema));
  }
  return [...byField].map(([field, description]) => ({ field, description }));
}
