// JSON Schemas (2020-12, as OpenAPI 3.1 takes them) of what the REST API exchanges: the replies,
// exact to the shapes of rest-shapes.ts, and the requests of request-schemas.ts, which the
// server validates with. The OpenAPI document (openapi.ts) is made of them;
// test/integration/openapi.test.ts validates the live server's replies against them.
import { AUDIT_EVENTS } from '../audit/audit-events.ts';
import { HTTP_STATUS } from './api-error.ts';
import { REQUEST_SCHEMAS } from './request-schemas.ts';
import { JOB_STATES, MEMBER_STATES } from './rest-shapes.ts';

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const number: Schema = { type: 'number' };
const boolean: Schema = { type: 'boolean' };
const iso: Schema = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const stringMap: Schema = { type: 'object', additionalProperties: string };
/** Every property required, no others: a reply that grows a field fails its test until the schema says so. */
const exact = (properties: Record<string, Schema>, optional: readonly string[] = []): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
  additionalProperties: false,
});
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const byState = exact(Object.fromEntries(MEMBER_STATES.map((state) => [state, integer])));

const report = exact({
  at: iso,
  currentJobs: integer,
  cpuPercent: nullable(number),
  memoryUsedMb: nullable(number),
  memoryTotalMb: nullable(number),
  errorCount: nullable(integer),
  message: string,
  breakerState: nullable({ type: 'string', enum: ['closed', 'open', 'halfOpen'] }),
  problem: nullable(string),
});

/** The schemas of `components.schemas`, by name. */
export const API_SCHEMAS: Readonly<Record<string, Schema>> = {
  Error: exact({
    error: exact({ code: { type: 'string', enum: Object.keys(HTTP_STATUS) }, message: string, details: { type: 'array', items: exact({ field: string, description: string }) } }, ['details']),
  }),
  Worker: exact({
    id: string,
    name: string,
    address: string,
    state: { type: 'string', enum: MEMBER_STATES },
    substate: nullable({ type: 'string', enum: ['idle', 'busy', 'draining'] }),
    epoch: integer,
    registeredAt: iso,
    lastHeartbeatAt: nullable(iso),
    maxConcurrentJobs: integer,
    currentJobs: integer,
    loadFactor: number,
    capabilities: stringMap,
    labels: stringMap,
    resources: exact({ cpuCores: number, memoryMb: number, diskMb: number }, ['cpuCores', 'memoryMb', 'diskMb']),
    report: nullable(report),
  }),
  WorkerHealth: exact({
    id: string,
    state: { type: 'string', enum: MEMBER_STATES },
    substate: nullable({ type: 'string', enum: ['idle', 'busy', 'draining'] }),
    healthy: boolean,
    schedulable: boolean,
    lastHeartbeatAt: nullable(iso),
    heartbeatAgeMs: nullable(integer),
    consecutiveFailedChecks: integer,
    reportProblem: nullable(string),
  }),
  WorkerList: exact({ workers: { type: 'array', items: ref('Worker') }, count: integer }),
  Stats: exact({
    total: integer,
    byState,
    bySubstate: exact({ idle: integer, busy: integer, draining: integer }),
    capacity: exact({ total: integer, used: integer, available: integer }),
    healthPercent: number,
    massFailureHeld: boolean,
    heartbeatsPerSecond: number,
  }),
  Job: exact({
    id: string,
    kind: string,
    payload: string,
    requires: stringMap,
    timeoutMs: integer,
    state: { type: 'string', enum: JOB_STATES },
    attempt: integer,
    workerId: nullable(string),
    epoch: integer,
    submittedAt: iso,
    assignedAt: nullable(iso),
    finishedAt: nullable(iso),
    result: string,
  }),
  JobList: exact({ jobs: { type: 'array', items: ref('Job') }, count: integer }),
  StatsHistory: exact({
    everyMs: integer,
    samples: { type: 'array', items: exact({ at: iso, byState, heartbeatsPerSecond: nullable(number) }) },
  }),
  EventList: exact({
    events: {
      type: 'array',
      items: exact({ seq: integer, at: iso, type: string, id: nullable(string), text: string, audit: nullable({ type: 'string', enum: [...AUDIT_EVENTS, 'auth.refused'] }) }),
    },
    count: integer,
  }),
  JobSubmitted: exact({ job: ref('Job'), created: boolean }),
  WorkerAction: { type: 'object', properties: { worker: ref('Worker') }, required: ['worker'] },
  PreRegistered: exact({ worker: ref('Worker'), created: boolean }),
  Health: exact({ status: { const: 'ok' }, version: string, registryUp: boolean, leader: exact({ replica: string, epoch: integer }) }, ['leader']),
  Config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  Sweep: { type: 'object', additionalProperties: { type: 'integer' } },
  Object: { type: 'object' },
  // What clients send: the very objects the server validates requests with.
  ...REQUEST_SCHEMAS,
};
