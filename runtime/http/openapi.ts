// The REST API as an OpenAPI 3.1 document, served at GET /api/openapi.json: one entry per
// route (test/integration/openapi.test.ts fails when a route has none), made of the schemas of
// api-schemas.ts. The dashboard's own routes (docs/dashboard.md) and its static files are left out.
// With replicas, the headers a replica adds (docs/scale-out.md, "Reads on any replica") are
// described on every reply: who served it, how old a standby's data is, who forwarded a call.
import { rollcallVersion } from '../package/version.ts';
import { API_SCHEMAS } from './api-schemas.ts';
import { REQUEST_SCHEMAS, type RequestSchemaName } from './request-schemas.ts';
import { LEADER_MEMORY_READS } from './standby-replies.ts';

type Access = 'open' | 'read' | 'join' | 'admin' | 'session';

interface RouteDoc {
  method: 'get' | 'post' | 'delete';
  /** Fastify's form: `/api/workers/:id`. */
  path: string;
  summary: string;
  access: Access;
  /** The reply's schema in components (a 2xx reply). */
  reply: string;
  /** The request body's schema (request-schemas.ts); required when that schema requires a field. */
  body?: RequestSchemaName;
  /** The query string's schema (request-schemas.ts): a parameter per property. */
  query?: RequestSchemaName;
  /** 201 when it creates, beside 200 when it finds what it would create. */
  created?: true;
}

export const ROUTE_DOCS: readonly RouteDoc[] = [
  { method: 'get', path: '/api/workers', summary: 'List workers, optionally by state', access: 'read', reply: 'WorkerList', query: 'WorkerQuery' },
  { method: 'get', path: '/api/workers/healthy', summary: 'List the workers jobs can go to', access: 'read', reply: 'WorkerList' },
  { method: 'get', path: '/api/workers/stats', summary: 'Members by state and substate, capacity, health, heartbeat rate', access: 'read', reply: 'Stats' },
  { method: 'get', path: '/api/workers/stats/history', summary: 'Members by state and the heartbeat rate over the last hour: a sample every 10 s, then now', access: 'read', reply: 'StatsHistory' },
  { method: 'get', path: '/api/workers/:id', summary: 'One worker', access: 'read', reply: 'Worker' },
  { method: 'get', path: '/api/workers/:id/health', summary: "One worker's health", access: 'read', reply: 'WorkerHealth' },
  { method: 'post', path: '/api/workers', summary: 'Register a worker (docs/api.md, "Registration")', access: 'join', reply: 'Object', body: 'Registration', created: true },
  { method: 'post', path: '/api/workers/batch', summary: 'Register many workers at once', access: 'join', reply: 'Object', body: 'RegistrationBatch' },
  { method: 'post', path: '/api/workers/preregister', summary: 'Pre-register a worker by its agent address; the reconnect monitor dials it', access: 'admin', reply: 'PreRegistered', body: 'PreRegistration', created: true },
  { method: 'post', path: '/api/workers/:id/heartbeat', summary: "A worker's heartbeat over REST (its session token)", access: 'session', reply: 'Object', body: 'Heartbeat' },
  { method: 'post', path: '/api/workers/:id/deregister', summary: 'A worker leaves (its session token)', access: 'session', reply: 'Object', body: 'Deregistration' },
  { method: 'post', path: '/api/workers/:id/drain', summary: 'Stop giving a worker new jobs', access: 'admin', reply: 'WorkerAction' },
  { method: 'post', path: '/api/workers/:id/force-deregister', summary: 'Remove a worker now, as if it had deregistered', access: 'admin', reply: 'WorkerAction', body: 'ForceDeregistration', query: 'ForceDeregistration' },
  { method: 'delete', path: '/api/workers/:id', summary: 'Remove a worker; its jobs are requeued', access: 'admin', reply: 'Object' },
  { method: 'post', path: '/api/health/check', summary: 'Run the health check now', access: 'admin', reply: 'Sweep' },
  { method: 'post', path: '/api/cleanup/failed', summary: 'Run the cleanup sweep now', access: 'admin', reply: 'Sweep' },
  { method: 'post', path: '/api/reconnect', summary: 'Run the reconnect monitor now', access: 'admin', reply: 'Object' },
  { method: 'get', path: '/api/config', summary: 'The effective settings (tuning keys only)', access: 'read', reply: 'Config' },
  { method: 'post', path: '/api/jobs', summary: 'Submit a job (200 if its ID is known already)', access: 'admin', reply: 'JobSubmitted', body: 'JobSubmission', created: true },
  { method: 'get', path: '/api/jobs', summary: 'List jobs, optionally by state', access: 'read', reply: 'JobList', query: 'JobQuery' },
  { method: 'get', path: '/api/jobs/:id', summary: 'One job', access: 'read', reply: 'Job' },
  { method: 'get', path: '/api/events', summary: "The registry's latest events (of the last 1,000), newest first; `after`: only those numbered above it", access: 'read', reply: 'EventList', query: 'EventQuery' },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', access: 'read', reply: 'Object' },
  { method: 'get', path: '/health', summary: 'Liveness, version, and with replicas the leader', access: 'open', reply: 'Health' },
  { method: 'get', path: '/readiness', summary: 'Readiness (503 until the registry is up, and on a standby)', access: 'open', reply: 'Object' },
  { method: 'get', path: '/metrics', summary: "Prometheus' text format", access: 'read', reply: 'Object' },
];

/** The reads a standby answers from the database, with `Rollcall-Data-Age` (core-call.ts, onReads). */
const STANDBY_READS: ReadonlySet<string> = new Set(['/api/workers', '/api/workers/healthy', '/api/workers/stats', '/api/workers/:id', '/api/workers/:id/health', '/api/jobs', '/api/jobs/:id']);

const HEADERS = {
  ServedBy: {
    description: 'On a replica (a PostgreSQL --db): its role and name, `leader r1` or `standby r2`; on a forwarded call, the leader that answered it.',
    schema: { type: 'string', pattern: '^(leader|standby) \\S+$' },
  },
  DataAge: {
    description: 'On a standby: how old its data is, in seconds (the database was read that long ago; heartbeat times lag by up to the flush interval more).',
    schema: { type: 'string', pattern: '^\\d+\\.\\d{3}$' },
  },
  ForwardedBy: {
    description: 'The standby that forwarded this call to the leader, whose reply this is.',
    schema: { type: 'string' },
  },
};

/** The replica headers a route's replies may carry. */
function replicaHeaders(route: RouteDoc): Record<string, unknown> {
  const header = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });
  const headers: Record<string, unknown> = { 'Rollcall-Served-By': header('ServedBy') };
  if (route.method === 'get' && STANDBY_READS.has(route.path)) headers['Rollcall-Data-Age'] = header('DataAge');
  const forwarded = route.method !== 'get' || LEADER_MEMORY_READS.has(route.path);
  if (forwarded && route.path.startsWith('/api/')) headers['Rollcall-Forwarded-By'] = header('ForwardedBy');
  return headers;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const SECURITY: Record<Access, unknown[]> = { open: [], read: [{}, { admin: [] }], join: [{ join: [] }], admin: [{ admin: [] }], session: [{ session: [] }] };

function operation(route: RouteDoc): Record<string, unknown> {
  const params = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const properties = (route.query ? REQUEST_SCHEMAS[route.query].properties : {}) as Record<string, unknown>;
  const query = Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  const headers = replicaHeaders(route);
  const ok = { description: 'done', headers, content: route.path === '/metrics' ? { 'text/plain': { schema: { type: 'string' } } } : json(route.reply) };
  return {
    summary: route.summary,
    operationId: `${route.method} ${route.path}`,
    security: SECURITY[route.access],
    ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
    ...(route.body ? { requestBody: { required: REQUEST_SCHEMAS[route.body].required !== undefined, content: json(route.body) } } : {}),
    responses: { '200': ok, ...(route.created ? { '201': ok } : {}), default: { description: 'an error (docs/api.md, "Errors"); 503 on a standby that cannot serve it now', headers, content: json('Error') } },
  };
}

/** The document, its paths in OpenAPI's form (`/api/workers/{id}`). */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_DOCS) (paths[route.path.replace(/:(\w+)/g, '{$1}')] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: { title: 'rollcall registry REST API', version: rollcallVersion(), description: 'Worker registration, heartbeats and jobs; see docs/api.md.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: API_SCHEMAS,
      headers: HEADERS,
      securitySchemes: {
        admin: { type: 'http', scheme: 'bearer', description: 'the admin token (reads too with --protect-reads)' },
        join: { type: 'http', scheme: 'bearer', description: 'the cluster join token' },
        session: { type: 'http', scheme: 'bearer', description: "the worker's session token, from its registration" },
      },
    },
  };
}
