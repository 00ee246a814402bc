// Typed reads from a decoded request body, failing with Go's "bad request body: json: ..."
// wording. `struct` names the Go struct the field lives in, for the message only.
import { ApiError } from './api-error.ts';
import { decodeFirstValue, field, float32Shortest, isJsonObject, JsonDecimal, JsonSyntaxError, jsonKind, type JsonObject } from './go-json.ts';

export function parseBody(text: string): unknown {
  try {
    return decodeFirstValue(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ApiError('badRequestBody', error.message);
    throw error;
  }
}

function mismatch(value: unknown, where: string, goType: string): ApiError {
  return new ApiError('badRequestBody', `json: cannot unmarshal ${jsonKind(value)} into Go ${where} of type ${goType}`);
}

// The body as an object; `null` decodes to nothing at all, as in Go.
export function bodyObject(value: unknown, goType: string): JsonObject {
  if (value === null) return Object.create(null) as JsonObject;
  if (!isJsonObject(value)) throw mismatch(value, 'value', goType);
  return value;
}

export function readString(object: JsonObject, name: string, struct: string): string | undefined {
  const value = field(object, name);
  if (value === undefined || typeof value === 'string') return value;
  throw mismatch(value, `struct field ${struct}.${name}`, 'string');
}

export function readBool(object: JsonObject, name: string, struct: string): boolean | undefined {
  const value = field(object, name);
  if (value === undefined || typeof value === 'boolean') return value;
  throw mismatch(value, `struct field ${struct}.${name}`, 'bool');
}

const INT64_LIMIT = 2 ** 63;

export function readInt(object: JsonObject, name: string, struct: string, goType = 'int64'): number | undefined {
  const value = field(object, name);
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Math.abs(value) < INT64_LIMIT) return value;
  const shown = typeof value === 'number' ? new JsonDecimal(value, String(value)) : value;
  throw mismatch(shown, `struct field ${struct}.${name}`, goType);
}

export function readFloat32(object: JsonObject, name: string, struct: string): number | undefined {
  const value = field(object, name);
  if (value === undefined) return undefined;
  const number = value instanceof JsonDecimal ? value.value : value;
  if (typeof number === 'number' && Number.isFinite(Math.fround(number))) return float32Shortest(number);
  throw mismatch(value, `struct field ${struct}.${name}`, 'float32');
}

export function readObject(object: JsonObject, name: string, struct: string): JsonObject | undefined {
  const value = field(object, name);
  if (value === undefined || isJsonObject(value)) return value;
  throw mismatch(value, `struct field ${struct}.${name}`, 'map[string]interface {}');
}
