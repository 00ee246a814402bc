// Jobs: submit (201 new / 200 already known by its ID), read one, list by state.
import type { FastifyInstance } from 'fastify';
import { listJobs } from '../../machines/registry/queries.ts';
import type { JobSpec } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { onCore, onReads, unwrap } from './core-call.ts';
import { FieldReader } from './field-reader.ts';
import { JOB_STATES, jobJson } from './rest-shapes.ts';
import type { IdParams, RouteContext } from './route-context.ts';

export const JOB_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Capabilities one job may require (a bound on what a submission can make the registry keep). */
export const JOB_REQUIRES_MAX = 64;
export const PAYLOAD_MAX = 64 * 1024;
export const TIMEOUT_MAX_MS = 7 * 24 * 3600 * 1000;

export function jobSpecOf(body: FieldReader): JobSpec {
  const spec: JobSpec = { kind: body.string('kind', { required: true, max: 128 }) ?? '' };
  const jobId = body.string('jobId', { pattern: JOB_ID });
  const payload = body.string('payload', { max: PAYLOAD_MAX });
  const requires = body.stringMap('requires', JOB_REQUIRES_MAX);
  const timeoutMs = body.integer('timeoutMs', 1, TIMEOUT_MAX_MS);
  if (jobId !== undefined) spec.jobId = jobId;
  if (payload !== undefined) spec.payload = payload;
  if (requires !== undefined) spec.requires = requires;
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  body.check('invalid job');
  return spec;
}

export function jobsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { host } = ctx;

  app.post('/api/jobs', async (request, reply) => {
    const spec = jobSpecOf(FieldReader.body(request.body));
    const done = onCore(host, (core, now) => {
      const outcome = core.run({ kind: 'submitJob', spec: spec }, now);
      return { outcome, job: outcome.ok ? core.job(outcome.jobId) : undefined };
    });
    const result = unwrap(done.outcome);
    return reply.code(result.created ? 201 : 200).send({ job: jobJson(done.job!), created: result.created });
  });

  app.get<{ Params: IdParams }>('/api/jobs/:id', async (request, reply) => {
    const { id } = request.params;
    const job = await onReads(ctx, reply, (core) => core.job(id));
    if (!job) throw new ApiError('not_found', `job ${id} does not exist`);
    return jobJson(job);
  });

  app.get('/api/jobs', async (request, reply) => {
    const query = new FieldReader(request.query);
    const state = query.oneOf('state', JOB_STATES);
    query.check('invalid query');
    const jobs = (await onReads(ctx, reply, (core) => listJobs(core, state))).map(jobJson);
    return { jobs, count: jobs.length };
  });
}
