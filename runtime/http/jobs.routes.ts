// Jobs: submit (201 new / 200 already known by its ID), read one, list by state.
import type { FastifyInstance } from 'fastify';
import { listJobs } from '../../machines/registry/queries.ts';
import type { JobSpec, JobState } from '../../machines/registry/registry.types.ts';
import { ApiError } from './api-error.ts';
import { onCore, onReads, unwrap } from './core-call.ts';
import { checkedRequest } from './request-validation.ts';
import { jobJson } from './rest-shapes.ts';
import type { IdParams, RouteContext } from './route-context.ts';

/** A job submission's body (JobSubmission, request-schemas.ts) as the core's JobSpec, or the 400. */
export function jobSpecOf(body: unknown): JobSpec {
  return checkedRequest<JobSpec>('JobSubmission', body, 'invalid job');
}

export function jobsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { host } = ctx;

  app.post('/api/jobs', async (request, reply) => {
    const spec = jobSpecOf(request.body);
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
    const { state } = checkedRequest<{ state?: JobState }>('JobQuery', request.query, 'invalid query');
    const jobs = (await onReads(ctx, reply, (core) => listJobs(core, state))).map(jobJson);
    return { jobs, count: jobs.length };
  });
}
