// The REST API's JSON bodies. A key named `__proto__` (or a `constructor` holding `prototype`)
// is refused, as Fastify's own parser does, because code that copies such an object could change
// the prototype of every object; but Fastify answered "the body is not valid JSON", which sent
// people hunting for a syntax error in valid JSON. This parser names the key instead.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';

/** Where a key that could reach a prototype sits in `value` (`"a.__proto__"`), if one does. */
export function prototypeKeyPath(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: node, path } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__') return at;
      if (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype')) return `${at}.prototype`;
      stack.push({ value: child, path: at });
    }
  }
  return undefined;
}

/** A JSON body as a value, or the ApiError (400) that says what is wrong with it. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) {
    throw ApiError.invalid('the body is empty but its content type is application/json', [{ field: 'body', description: 'must be a JSON value' }]);
  }
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw ApiError.invalid('the body is not valid JSON', [{ field: 'body', description: 'must be valid JSON' }]);
  }
  // Only text that mentions such a key (or escapes a character) can hold one: skip the walk.
  if (!json.includes('__proto__') && !json.includes('constructor') && !json.includes('\\u')) return value;
  const path = prototypeKeyPath(value);
  if (path !== undefined) {
    throw ApiError.invalid(`the body holds the key "${path.split('.').at(-1)}" at ${path}, which is refused: it could change the prototype of objects`, [
      { field: path, description: 'keys named __proto__, and prototype inside constructor, are refused' },
    ]);
  }
  return value;
}

/** Replaces Fastify's JSON parser with parseJsonBody (the body limit still applies). */
export function installJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });
}
