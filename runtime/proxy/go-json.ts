// JSON as Go's encoding/json reads and writes it, for wire parity with Toxiproxy:
// - decoding reads only the first value of a body and ignores what follows;
// - numbers that are not integer literals stay distinguishable (Go refuses 1.5 for an int64);
// - fields are found case-insensitively, the last matching key winning; null means "absent";
// - encoding escapes <, >, & and U+2028/2029 the way json.Marshal does.

// A number written with a fraction or an exponent, e.g. `1.5` or `1e3`.
export class JsonDecimal {
  readonly value: number;
  readonly text: string;
  constructor(value: number, text: string) {
    this.value = value;
    this.text = text;
  }
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

export type JsonObject = Record<string, unknown>;

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

// Decodes the first JSON value in `text`. Throws JsonSyntaxError with Go-like messages
// ("EOF" for an empty body, "unexpected EOF" for a truncated one).
export function decodeFirstValue(text: string): unknown {
  const state = { text, pos: 0 };
  skipWhitespace(state);
  if (state.pos >= text.length) throw new JsonSyntaxError('EOF');
  return parseValue(state);
}

interface ParseState {
  text: string;
  pos: number;
}

function skipWhitespace(state: ParseState): void {
  while (state.pos < state.text.length && WHITESPACE.has(state.text[state.pos]!)) state.pos++;
}

function unexpected(state: ParseState, context: string): JsonSyntaxError {
  if (state.pos >= state.text.length) return new JsonSyntaxError('unexpected EOF');
  const char = state.text[state.pos]!;
  return new JsonSyntaxError(`invalid character ${JSON.stringify(char).replace(/^"|"$/g, "'")} ${context}`);
}

function parseValue(state: ParseState): unknown {
  skipWhitespace(state);
  const char = state.text[state.pos];
  if (char === '{') return parseObject(state);
  if (char === '[') return parseArray(state);
  if (char === '"') return parseString(state);
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (state.text.startsWith(word, state.pos)) {
      state.pos += word.length;
      return value;
    }
  }
  NUMBER.lastIndex = state.pos;
  const match = NUMBER.exec(state.text);
  if (!match) throw unexpected(state, 'looking for beginning of value');
  state.pos += match[0].length;
  const value = Number(match[0]);
  return match[1] === undefined && match[2] === undefined ? value : new JsonDecimal(value, match[0]);
}

function parseString(state: ParseState): string {
  STRING.lastIndex = state.pos;
  const match = STRING.exec(state.text);
  if (!match) {
    const closing = state.text.indexOf('"', state.pos + 1);
    if (closing < 0) {
      state.pos = state.text.length;
      throw unexpected(state, 'in string literal');
    }
    throw new JsonSyntaxError('invalid character in string literal');
  }
  state.pos += match[0].length;
  return JSON.parse(match[0]) as string;
}

function parseObject(state: ParseState): JsonObject {
  const result: JsonObject = Object.create(null) as JsonObject;
  state.pos++;
  skipWhitespace(state);
  if (state.text[state.pos] === '}') {
    state.pos++;
    return result;
  }
  for (;;) {
    skipWhitespace(state);
    if (state.text[state.pos] !== '"') throw unexpected(state, 'looking for beginning of object key string');
    const key = parseString(state);
    skipWhitespace(state);
    if (state.text[state.pos] !== ':') throw unexpected(state, 'after object key');
    state.pos++;
    result[key] = parseValue(state);
    skipWhitespace(state);
    const next = state.text[state.pos];
    state.pos++;
    if (next === '}') return result;
    if (next !== ',') {
      state.pos--;
      throw unexpected(state, 'after object key:value pair');
    }
  }
}

function parseArray(state: ParseState): unknown[] {
  const result: unknown[] = [];
  state.pos++;
  skipWhitespace(state);
  if (state.text[state.pos] === ']') {
    state.pos++;
    return result;
  }
  for (;;) {
    result.push(parseValue(state));
    skipWhitespace(state);
    const next = state.text[state.pos];
    state.pos++;
    if (next === ']') return result;
    if (next !== ',') {
      state.pos--;
      throw unexpected(state, 'after array element');
    }
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonDecimal);
}

// The value of `field` in `object`, matched case-insensitively; undefined when absent or null.
export function field(object: JsonObject, name: string): unknown {
  let found: unknown;
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) found = object[key];
  }
  return found === null ? undefined : found;
}

// Go's name for the JSON type of `value`, as used in "cannot unmarshal X into ...".
export function jsonKind(value: unknown): string {
  if (value instanceof JsonDecimal) return `number ${value.text}`;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

// Go's json.Marshal output for plain data: compact, with HTML-sensitive characters escaped.
export function encodeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// The shortest decimal that reads back as the same float32, as Go prints a float32 field.
export function float32Shortest(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}
