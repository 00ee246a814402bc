// Every failure is JSON `{ error: { code, message, details? } }` with the status of one table,
// and docs/api.md lists the same table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../../runtime/http/api-error.ts';
import { errorOf, startApi } from '../../support/http-harness.ts';

describe('error replies', () => {
  it('answers an unknown route with a JSON 404', async () => {
    const res = await startApi().inject({ method: 'GET', url: '/api/nothing/here' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toEqual({ code: 'not_found', message: 'no route GET /api/nothing/here' });
  });

  it('answers a known path with the wrong method with a JSON 405 and Allow', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'PUT', url: '/api/workers/w-1/heartbeat' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(errorOf(res).code).toBe('method_not_allowed');
    const list = await api.inject({ method: 'DELETE', url: '/api/workers?status=active' });
    expect(list.statusCode).toBe(405);
    expect(list.headers.allow).toBe('GET, HEAD, POST');
  });

  it('answers a URL that cannot be decoded with a JSON 400', async () => {
    const res = await startApi().inject({ method: 'GET', url: '/api/workers/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('invalid_argument');
  });

  it('ignores a trailing slash', async () => {
    const res = await startApi().inject({ method: 'GET', url: '/api/workers/' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workers: [], count: 0 });
  });

  it('answers malformed JSON with 400 invalid_argument', async () => {
    const res = await startApi().inject({ method: 'POST', url: '/api/workers', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'invalid_argument', details: [{ field: 'body' }] });
  });

  it('answers an empty JSON body with 400 invalid_argument', async () => {
    const res = await startApi().inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toEqual({ code: 'invalid_argument', message: 'the body is empty but its content type is application/json', details: [{ field: 'body', description: 'must be a JSON value' }] });
  });

  it.each([
    ['{"kind":"k","__proto__":{"admin":true}}', '__proto__', '__proto__'],
    ['{"kind":"k","requires":{"\\u005f_proto__":{"x":"y"}}}', '__proto__', 'requires.__proto__'],
    ['{"kind":"k","requires":{"a":[{"constructor":{"prototype":{}}}]}}', 'prototype', 'requires.a.0.constructor.prototype'],
  ])('refuses valid JSON holding a prototype key by name, not as invalid JSON: %s', async (payload, key, path) => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toEqual({
      code: 'invalid_argument',
      message: `the body holds the key "${key}" at ${path}, which is refused: it could change the prototype of objects`,
      details: [{ field: path, description: 'keys named __proto__, and prototype inside constructor, are refused' }],
    });
    expect((await api.inject({ method: 'GET', url: '/api/jobs' })).json()).toEqual({ jobs: [], count: 0 });
  });

  it('takes a key named constructor that holds no prototype', async () => {
    const payload = JSON.stringify({ kind: 'k', requires: { constructor: 'x' }, payload: '"__proto__" and \\u0041 as text' });
    const res = await startApi().inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().job.requires).toEqual({ constructor: 'x' });
  });

  it('answers a body over the limit with a JSON 413', async () => {
    const api = startApi({}, { bodyLimitBytes: 200 });
    const res = await api.inject({ method: 'POST', url: '/api/workers', payload: { name: 'x'.repeat(500), maxConcurrentJobs: 1 } });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe('payload_too_large');
  });

  it('answers a body that is not JSON with a JSON 415', async () => {
    const res = await startApi().inject({ method: 'POST', url: '/api/jobs', headers: { 'content-type': 'text/plain' }, payload: 'kind=x' });
    expect(res.statusCode).toBe(415);
    expect(errorOf(res).code).toBe('unsupported_media_type');
  });

  it('hides an unexpected failure behind a 500 without a stack trace', async () => {
    const api = startApi({}, { triggerReconnect: () => { throw new Error('secret internals at /srv/x.ts:1'); } });
    const res = await api.inject({ method: 'POST', url: '/api/reconnect' });
    expect(res.statusCode).toBe(500);
    expect(errorOf(res)).toEqual({ code: 'internal', message: 'internal error' });
    expect(res.body).not.toMatch(/secret internals/);
  });

  it('logs an unexpected failure, with its stack, through the pino logger it was given', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    const logger = pino({ level: 'error' }, sink);
    const api = startApi({}, { logger, triggerReconnect: () => { throw new Error('dial table corrupt'); } });
    expect((await api.inject({ method: 'POST', url: '/api/reconnect' })).statusCode).toBe(500);
    const entry = JSON.parse(lines.find((l) => l.includes('request failed'))!);
    expect(entry.err.message).toBe('dial table corrupt');
    expect(entry.err.stack).toMatch(/\n\s+at /);
  });

  it('maps every code to the status documented in docs/api.md, and no other', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/api.md'), 'utf8');
    const section = doc.split('<!-- error-table -->')[1]?.split('<!-- /error-table -->')[0];
    expect(section, 'docs/api.md has no <!-- error-table --> section').toBeDefined();
    const documented: Record<string, number> = {};
    for (const match of section!.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)) documented[match[1]!] = Number(match[2]);
    expect(documented).toEqual(HTTP_STATUS);
  });
});
