// The OpenAPI document of the REST API (docs/api.md, "OpenAPI"): served at /api/openapi.json,
// one entry for every route the server has, and every reply of a live server — read through
// the typed client `rollcall/client` — valid against the document's schema for it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollcallApiError, RollcallClient } from '../../runtime/client/index.ts';
import { DashboardRecords } from '../../runtime/dashboard/dashboard-records.ts';
import { heartbeat, register, type Api } from '../support/http-harness.ts';
import { ADMIN_TOKEN, listeningApi } from '../support/admin-cli.ts';

let api: Api;
let client: RollcallClient;
let document: { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)) && /^\d{4}-\d\d-\d\dT/.test(text));

beforeAll(async () => {
  let url: string;
  ({ api, url } = await listeningApi({ dashboard: new DashboardRecords() }));
  client = new RollcallClient(url, { token: ADMIN_TOKEN });
  document = (await client.openApi()) as typeof document;
  ajv.addSchema({ $id: 'api', components: document.components });
});

afterAll(async () => {
  await api.app.close();
});

/** Fastify's routes, from its route tree: `/api/workers/:id/drain POST`, … */
function serverRoutes(): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of api.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ├└─]*)(\S+) \(([^)]+)\)$/.exec(line); // under the page's `/`, a child reads `api/workers`
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') out.push(`${stack.join('')} ${method}`);
  }
  return out.sort();
}

/** Checks a reply against the schema the document gives for this route and status. */
function expectValid(method: string, path: string, status: string, reply: unknown): void {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema ?? document.paths[path]?.[method]?.responses.default?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${status}`).toBeDefined();
  const ref = (schema as { $ref: string }).$ref.replace('#/', 'api#/');
  const valid = ajv.validate({ $ref: ref }, reply);
  expect(ajv.errors ?? [], `${method} ${path}: ${JSON.stringify(reply)}`).toEqual([]);
  expect(valid).toBe(true);
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and has an entry for every route the server has (the dashboard\'s aside)', () => {
    expect(document.openapi).toBe('3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${path.replace(/\{(\w+)\}/g, ':$1')} ${m.toUpperCase()}`));
    const routes = serverRoutes().filter((route) => !route.startsWith('/api/dashboard') && !route.startsWith('/dashboard') && !route.startsWith('/ '));
    expect(routes.length).toBeGreaterThan(20);
    expect(documented.sort()).toEqual(routes);
  });

  it("validates the live server's replies: workers, jobs, stats and their history, events, health, config, errors", async () => {
    const alpha = await register(api, { name: 'alpha', maxConcurrentJobs: 2, labels: { zone: 'b' } });
    await heartbeat(api, alpha, { cpuPercent: 12.5, message: 'fine' });
    const pre = await client.preRegister({ name: 'edge', address: '10.4.0.1:7400', workerId: 'edge-0' });
    expectValid('post', '/api/workers/preregister', '201', pre);
    const submitted = await client.submitJob({ kind: 'render', jobId: 'j-1', payload: 'frame=1' });
    expectValid('post', '/api/jobs', '201', submitted);
    expectValid('get', '/api/workers', '200', await client.listWorkers());
    expectValid('get', '/api/workers', '200', await client.listWorkers({ state: 'registered' }));
    expectValid('get', '/api/workers/{id}', '200', await client.getWorker(alpha.worker.id));
    expectValid('get', '/api/workers/{id}/health', '200', await client.workerHealth(alpha.worker.id));
    expectValid('get', '/api/workers/stats', '200', await client.stats());
    // A second on: the sampler (real time) may have sampled this virtual instant before the calls above.
    api.advance(1_000);
    const history = await client.statsHistory();
    expect(history.samples.at(-1)).toMatchObject({ byState: { active: 1, registered: 1 } }); // the last one is now
    expectValid('get', '/api/workers/stats/history', '200', history);
    const events = await client.events({ limit: 50 });
    expect(events.events.map((e) => e.audit)).toEqual(expect.arrayContaining(['registered', 'preregistered']));
    expectValid('get', '/api/events', '200', events);
    expectValid('get', '/api/events', '200', await client.events({ after: events.events[0]!.seq, audited: true }));
    expectValid('get', '/api/jobs', '200', await client.listJobs({ state: 'assigned' }));
    expectValid('get', '/api/jobs/{id}', '200', await client.getJob('j-1'));
    expectValid('get', '/health', '200', await client.health());
    expectValid('get', '/api/config', '200', await client.config());
    expectValid('post', '/api/workers/{id}/drain', '200', await client.drain(alpha.worker.id));
    const missing = await client.getJob('nope').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(RollcallApiError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const raw = await fetch(`${client.baseUrl}/api/jobs/nope`);
    expectValid('get', '/api/jobs/{id}', 'default', await raw.json());
  });

  it('catches a reply that strays from its schema', () => {
    expect(() => expectValid('get', '/api/jobs/{id}', '200', { id: 'j-1' })).toThrow();
  });
});
