// The JSON Schemas of what clients send: each request body, and each query string as an object
// of its parameters. These very objects are published in the OpenAPI document (openapi.ts,
// under components.schemas, and each query property as a parameter) and compiled by the
// server, which validates every request with them (request-validation.ts): one source.
// Fields a request does not name are ignored, as a newer client's additions must be.
import { MEMBER_STATES, JOB_STATES } from './rest-shapes.ts';

type Schema = Record<string, unknown>;

export const JOB_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Capabilities one job may require (a bound on what a submission can make the registry keep). */
export const JOB_REQUIRES_MAX = 64;
export const PAYLOAD_MAX = 64 * 1024;
export const TIMEOUT_MAX_MS = 7 * 24 * 3600 * 1000;
/** Jobs one heartbeat may report. */
export const ACTIVE_JOBS_MAX = 10_000;
/** Events one GET /api/events returns at most. */
export const EVENTS_LIMIT_MAX = 1_000;
/** The pattern of a string with something besides white space; its violation reads "must not be blank". */
export const NOT_BLANK = '\\S';

const object = (properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
});
const text = (maxLength: number): Schema => ({ type: 'string', maxLength });
const integer = (minimum: number, maximum: number): Schema => ({ type: 'integer', minimum, maximum });
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const nonNegative: Schema = { type: 'number', minimum: 0 };
const count: Schema = { type: 'string', pattern: '^\\d{1,10}$', description: 'a whole number' };

const session = {
  sessionToken: { type: 'string', description: 'or Authorization: Bearer <token> / Bearer <epoch>.<token>' },
  epoch: { ...integer(0, Number.MAX_SAFE_INTEGER), description: 'required here unless the bearer credential carries it' },
};

/** Request bodies, by their name in components.schemas. */
export const BODY_SCHEMAS = {
  Registration: object({
    workerId: { type: 'string', pattern: JOB_ID.source },
    name: { type: 'string', maxLength: 128, pattern: NOT_BLANK },
    address: { type: 'string', pattern: '^.+:\\d+$', description: 'HOST:PORT of the worker agent; without it, agentPort and the caller\'s IP' },
    agentPort: integer(1, 65535),
    maxConcurrentJobs: integer(1, 100),
    capabilities: stringMap,
    labels: { ...stringMap, maxProperties: 32 },
    loadFactor: { type: 'number', minimum: 0.1, maximum: 2 },
    resources: { type: 'object', additionalProperties: nonNegative },
    workerSecret: text(256),
    version: text(64),
    instance: text(64),
    defaultName: { type: 'boolean' },
  }, ['name', 'maxConcurrentJobs']),
  RegistrationBatch: object({
    workers: { type: 'array', minItems: 1, description: 'Registrations (each a Registration, judged on its own: a bad one gets its own error in the reply); at most the server\'s batchMax (500 by default)' },
  }, ['workers']),
  Heartbeat: object({
    ...session,
    currentJobs: integer(0, ACTIVE_JOBS_MAX),
    activeJobIds: { type: 'array', items: { type: 'string' }, maxItems: ACTIVE_JOBS_MAX },
    draining: { type: 'boolean' },
    cpuPercent: nonNegative,
    memoryUsedMb: nonNegative,
    memoryTotalMb: nonNegative,
    errorCount: integer(0, Number.MAX_SAFE_INTEGER),
    message: text(1024),
    breakerState: { type: 'string', enum: ['closed', 'open', 'halfOpen'] },
  }),
  Deregistration: object({ ...session, force: { type: 'boolean' }, reason: text(256) }),
  ForceDeregistration: object({ reason: { ...text(256), description: 'in the body or, without one, the query string' } }),
  JobSubmission: object({
    kind: { type: 'string', maxLength: 128, pattern: NOT_BLANK },
    jobId: { type: 'string', pattern: JOB_ID.source },
    payload: text(PAYLOAD_MAX),
    requires: { ...stringMap, maxProperties: JOB_REQUIRES_MAX },
    timeoutMs: integer(1, TIMEOUT_MAX_MS),
  }, ['kind']),
  PreRegistration: object({
    name: { type: 'string', maxLength: 128, pattern: NOT_BLANK },
    address: { type: 'string', pattern: '^.+:\\d+$', description: 'HOST:PORT of the worker agent' },
    workerId: { type: 'string', pattern: JOB_ID.source },
  }, ['name', 'address']),
} satisfies Record<string, Schema>;

/** Query strings, one property per parameter (a repeated parameter arrives as an array and is refused). */
export const QUERY_SCHEMAS = {
  WorkerQuery: object({ status: { type: 'string', enum: MEMBER_STATES } }),
  JobQuery: object({ state: { type: 'string', enum: JOB_STATES } }),
  EventQuery: object({
    limit: { ...count, description: `at most ${EVENTS_LIMIT_MAX}; 200 when absent or 0` },
    after: count,
    audited: { type: 'string', enum: ['true', 'false'] },
  }),
} satisfies Record<string, Schema>;

export type RequestSchemaName = keyof typeof BODY_SCHEMAS | keyof typeof QUERY_SCHEMAS;
export const REQUEST_SCHEMAS: Readonly<Record<RequestSchemaName, Schema>> = { ...BODY_SCHEMAS, ...QUERY_SCHEMAS };
