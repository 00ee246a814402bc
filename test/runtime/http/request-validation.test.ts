// The server validates requests with the schemas the OpenAPI document publishes
// (docs/api.md, "OpenAPI and a typed client"): a request breaking each kind of rule gets the
// API's 400 naming the field, every violation in one reply; the document's request schemas are
// the very objects the server compiled.
import { isDeepStrictEqual } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { validateRegistration } from '../../../machines/registry/validation.ts';
import type { RegisterRequest } from '../../../machines/registry/registry.types.ts';
import { DashboardRecords } from '../../../runtime/dashboard/dashboard-records.ts';
import { API_SCHEMAS } from '../../../runtime/http/api-schemas.ts';
import { REQUEST_SCHEMAS } from '../../../runtime/http/request-schemas.ts';
import { requestValidators, requestViolations } from '../../../runtime/http/request-validation.ts';
import { errorOf, register, startApi, type Api } from '../../support/http-harness.ts';

type Case = [rule: string, method: 'POST' | 'GET', url: string, payload: unknown, field: string, description: string];

const CASES: Case[] = [
  ['required', 'POST', '/api/jobs', { payload: 'x' }, 'kind', 'is required'],
  ['type string', 'POST', '/api/jobs', { kind: 7 }, 'kind', 'must be a string'],
  ['not blank', 'POST', '/api/jobs', { kind: '   ' }, 'kind', 'must be a non-empty string'],
  ['maxLength', 'POST', '/api/jobs', { kind: 'k'.repeat(129) }, 'kind', 'must be at most 128 characters'],
  ['pattern', 'POST', '/api/jobs', { kind: 'k', jobId: 'a b' }, 'jobId', 'must match ^[A-Za-z0-9._-]{1,64}$'],
  ['minimum', 'POST', '/api/jobs', { kind: 'k', timeoutMs: 0 }, 'timeoutMs', 'must be an integer from 1 to 604800000'],
  ['type integer', 'POST', '/api/jobs', { kind: 'k', timeoutMs: 1.5 }, 'timeoutMs', 'must be an integer from 1 to 604800000'],
  ['map value', 'POST', '/api/jobs', { kind: 'k', requires: { gpu: 1 } }, 'requires', 'must be a map of strings to strings'],
  ['maxProperties', 'POST', '/api/jobs', { kind: 'k', requires: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`c${i}`, 'x'])) }, 'requires', 'must have at most 64 entries'],
  ['root type', 'POST', '/api/jobs', [1, 2], 'body', 'must be a JSON object'],
  ['enum', 'POST', '/api/workers/W/heartbeat', { epoch: 1, sessionToken: 't', breakerState: 'ajar' }, 'breakerState', 'must be one of closed, open, halfOpen'],
  ['maximum', 'POST', '/api/workers/W/heartbeat', { epoch: 1, sessionToken: 't', currentJobs: 10_001 }, 'currentJobs', 'must be an integer from 0 to 10000'],
  ['number minimum', 'POST', '/api/workers/W/heartbeat', { epoch: 1, sessionToken: 't', cpuPercent: -1 }, 'cpuPercent', 'must be a number of at least 0'],
  ['boolean', 'POST', '/api/workers/W/heartbeat', { epoch: 1, sessionToken: 't', draining: 'yes' }, 'draining', 'must be true or false'],
  ['list item', 'POST', '/api/workers/W/heartbeat', { epoch: 1, sessionToken: 't', activeJobIds: ['j', 2] }, 'activeJobIds', 'must be an array of at most 10000 strings'],
  ['minItems', 'POST', '/api/workers/batch', { workers: [] }, 'workers', 'must hold at least 1 item'],
  ['query enum', 'GET', '/api/jobs?state=done', undefined, 'state', 'must be one of queued, assigned, succeeded, failed'],
  ['repeated query parameter', 'GET', '/api/workers?status=active&status=failed', undefined, 'status', 'must be one of registered, active, unhealthy, failed, inactive'],
  ['query pattern', 'GET', '/api/events?after=-1', undefined, 'after', 'must match ^\\d{1,10}$'],
  ['query reason', 'POST', '/api/workers/W/force-deregister?reason=' + 'r'.repeat(257), undefined, 'reason', 'must be at most 256 characters'],
  ['http field of a registration', 'POST', '/api/workers', { name: 'w', maxConcurrentJobs: 1, agentPort: 70_000 }, 'agentPort', 'must be an integer from 1 to 65535'],
  ['pre-registration', 'POST', '/api/workers/preregister', { name: 'edge' }, 'address', 'is required'],
];

async function send(api: Api, method: 'POST' | 'GET', url: string, payload: unknown, id: string) {
  return api.inject({ method, url: url.replace('/W/', `/${id}/`), ...(payload === undefined ? {} : { payload: payload as object }) });
}

describe('requests are validated with the published schemas', () => {
  it.each(CASES)('%s: a 400 naming the field', async (_rule, method, url, payload, field, description) => {
    const api = startApi({}, { dashboard: new DashboardRecords() }); // which serves /api/events
    const { worker } = await register(api);
    const res = await send(api, method, url, payload, worker.id);
    expect(res.statusCode, res.body).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toContainEqual({ field, description });
    expect(error.message).toMatch(new RegExp(`: (.*, )?${field.replace('.', '\\.')}(,|$)`));
  });

  it('names every violation of one request in one reply, in the order the schema declares the fields', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/jobs', payload: { timeoutMs: 'soon', jobId: '', payload: 5, kind: '' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details!.map((d) => d.field)).toEqual(['kind', 'jobId', 'payload', 'timeoutMs']);
    expect(errorOf(res).message).toBe('invalid job: kind, jobId, payload, timeoutMs');
  });

  it('ignores fields a request does not declare, and keeps them out of what the registry stores', async () => {
    const api = startApi();
    const res = await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k', jobId: 'j-9', colour: 'blue' } });
    expect(res.statusCode).toBe(201);
    expect(JSON.stringify(api.host.call((core) => core.job('j-9')))).not.toContain('blue');
  });

  it('keeps the rules a schema cannot say in code: the batch limit setting, the events limit, the credential in a header', async () => {
    const api = startApi({}, { batchMax: 1 });
    const batch = await api.inject({ method: 'POST', url: '/api/workers/batch', payload: { workers: [{}, {}] } });
    expect(errorOf(batch).details).toEqual([{ field: 'workers', description: 'must hold 1 to 1 registrations' }]);
    const { worker, sessionToken } = await register(api);
    const noEpoch = await api.inject({ method: 'POST', url: `/api/workers/${worker.id}/heartbeat`, payload: { sessionToken } });
    expect(errorOf(noEpoch).details).toEqual([{ field: 'epoch', description: 'is required (body "epoch" or Authorization: Bearer <epoch>.<token>)' }]);
    const bearer = await api.inject({ method: 'POST', url: `/api/workers/${worker.id}/heartbeat`, headers: { authorization: `Bearer ${worker.epoch}.${sessionToken}` } });
    expect(bearer.statusCode, bearer.body).toBe(200);
  });
});

describe('one source: the schemas the document publishes are those the server compiled', () => {
  it('compiles every request schema once, from the objects the document holds', async () => {
    const validators = requestValidators();
    expect(requestValidators()).toBe(validators);
    expect([...validators.keys()].sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
    const api = startApi();
    const served = (await api.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const [name, validate] of validators) {
      expect(validate.schema, name).toBe(API_SCHEMAS[name]);
      expect(served.components.schemas[name], name).toEqual(validate.schema);
    }
  });

  it('are valid JSON Schemas (2020-12), which the server does not check again at start-up', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const [name, schema] of Object.entries(REQUEST_SCHEMAS)) expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true);
    expect(ajv.validateSchema({ type: 'strnig' })).toBe(false);
  });

  it("points every route's body and query parameters at compiled schemas", async () => {
    const api = startApi();
    const served = (await api.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const compiled = requestValidators();
    let bodies = 0;
    let parameters = 0;
    for (const operations of Object.values(served.paths) as Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; parameters?: { in: string; name: string; schema: unknown }[] }>[]) {
      for (const op of Object.values(operations)) {
        const ref = op.requestBody?.content['application/json']!.schema.$ref;
        if (ref !== undefined) {
          bodies++;
          expect(compiled.has(ref.split('/').at(-1) as never), ref).toBe(true);
        }
        for (const parameter of (op.parameters ?? []).filter((p) => p.in === 'query')) {
          parameters++;
          const compiledAs = [...compiled.values()].map((v) => (v.schema as { properties: Record<string, unknown> }).properties[parameter.name]);
          expect(compiledAs.some((schema) => isDeepStrictEqual(schema, parameter.schema)), parameter.name).toBe(true);
        }
      }
    }
    expect(bodies).toBe(7);
    expect(parameters).toBe(6);
  });

  it("agrees with the registry core's rules on the fields the core judges", () => {
    const bad: Record<string, unknown>[] = [
      {},
      { name: '', maxConcurrentJobs: 0 },
      { name: ' ', maxConcurrentJobs: 101, workerId: 'a/b' },
      { name: 'n'.repeat(129), maxConcurrentJobs: 1.5, address: 'nohost' },
      { name: 'w', maxConcurrentJobs: 1, loadFactor: 3, capabilities: { a: 1 }, labels: [] },
      { name: 'w', maxConcurrentJobs: 1, labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`l${i}`, 'x'])), resources: 'big' },
    ];
    for (const body of bad) {
      const core = validateRegistration(body as unknown as RegisterRequest).map((v) => v.field.split('.')[0]);
      const schema = requestViolations('Registration', body).map((v) => v.field.split('.')[0]);
      expect(schema.sort(), JSON.stringify(body)).toEqual([...new Set(core)].sort());
    }
  });
});
