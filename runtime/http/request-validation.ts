// The server's validation of request bodies and query strings: the schemas of
// request-schemas.ts (those the OpenAPI document publishes), compiled by Ajv once per process
// at start-up, their violations turned into the API's 400 (every field named, one reply).
// What a schema cannot say (a credential in the body or the header, the server's batch limit,
// the registry core's own registration rules) stays in the routes, named there.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FieldViolation } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { REQUEST_SCHEMAS, type RequestSchemaName } from './request-schemas.ts';
import { violationsOf } from './schema-violations.ts';

let compiled: ReadonlyMap<RequestSchemaName, ValidateFunction> | undefined;

/** Every request schema compiled (the first call compiles; later ones reuse). */
export function requestValidators(): ReadonlyMap<RequestSchemaName, ValidateFunction> {
  if (compiled) return compiled;
  // The schemas are constants checked against the meta-schema by a test: checking them again
  // here would compile the meta-schema at every start-up, the most of the cost.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, validateSchema: false });
  compiled = new Map(Object.entries(REQUEST_SCHEMAS).map(([name, schema]) => [name as RequestSchemaName, ajv.compile(schema)]));
  return compiled;
}

/** What is wrong with `value` by the schema `name`; no body (or null) reads as an empty object. */
export function requestViolations(name: RequestSchemaName, value: unknown): FieldViolation[] {
  const validate = requestValidators().get(name)!;
  return validate(value ?? {}) ? [] : violationsOf(validate.errors ?? [], validate.schema as Record<string, unknown>);
}

/**
 * The fields of `value` that the request `name` declares (others are ignored), or the 400
 * naming every violated field, `extra` (violations found in code) among them.
 */
export function checkedRequest<T extends object>(name: RequestSchemaName, value: unknown, message: string, extra: FieldViolation[] = []): T {
  const fields = Object.keys(REQUEST_SCHEMAS[name].properties as object);
  const violations = mergeViolations(requestViolations(name, value), extra);
  // In the order the schema declares the fields (`body` first), whoever found them.
  violations.sort((a, b) => fields.indexOf(a.field.split('.')[0]!) - fields.indexOf(b.field.split('.')[0]!));
  if (violations.length > 0) throw invalidRequest(message, violations);
  const given = (value ?? {}) as Record<string, unknown>;
  const declared = fields.filter((key) => given[key] !== undefined);
  return Object.fromEntries(declared.map((key) => [key, given[key]])) as T;
}

/** The 400 for `violations`, its message naming their fields. */
export function invalidRequest(message: string, violations: FieldViolation[]): ApiError {
  return ApiError.invalid(`${message}: ${violations.map((v) => v.field).join(', ')}`, violations);
}

/** `first`, then those of `more` on fields `first` does not name. */
export function mergeViolations(first: FieldViolation[], more: FieldViolation[]): FieldViolation[] {
  const named = new Set(first.map((v) => v.field));
  return [...first, ...more.filter((v) => !named.has(v.field))];
}
