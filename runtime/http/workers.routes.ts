// Reading the membership: lists, one worker, its health, the healthy ones, the stats.
import type { FastifyInstance } from 'fastify';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { healthyMembers, listMembers, memberHealth, stats, viewOf } from '../../machines/registry/queries.ts';
import { ApiError } from './api-error.ts';
import { onReads, sampleWhileUp } from './core-call.ts';
import { checkedRequest } from './request-validation.ts';
import { healthJson, workerJson } from './rest-shapes.ts';
import type { IdParams, RouteContext } from './route-context.ts';

/** How often the heartbeat rate is sampled besides each read of it. */
const RATE_SAMPLE_EVERY_MS = 5_000;

export function workersRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Sampled by a timer too, not only when read: a first read (`rollcall status`) would have no
  // earlier count to measure from, and say 0/s for a cluster beating steadily.
  sampleWhileUp(app, ctx.host, RATE_SAMPLE_EVERY_MS, (core, now) => ctx.heartbeatRate.sample(core.heartbeatCount, now));

  app.get('/api/workers', async (request, reply) => {
    const { status } = checkedRequest<{ status?: MemberStateName }>('WorkerQuery', request.query, 'invalid query');
    const workers = (await onReads(ctx, reply, (core) => listMembers(core, status))).map(workerJson);
    return { workers, count: workers.length };
  });

  app.get('/api/workers/healthy', async (_request, reply) => {
    const workers = (await onReads(ctx, reply, (core) => healthyMembers(core))).map(workerJson);
    return { workers, count: workers.length };
  });

  app.get('/api/workers/stats', async (_request, reply) => {
    return onReads(ctx, reply, (core, now) => stats(core, ctx.heartbeatRate.sample(core.heartbeatCount, now)));
  });

  app.get<{ Params: IdParams }>('/api/workers/:id', async (request, reply) => {
    const { id } = request.params;
    const member = await onReads(ctx, reply, (core) => core.member(id));
    if (!member) throw new ApiError('not_found', `worker ${id} does not exist`);
    return workerJson(viewOf(member));
  });

  app.get<{ Params: IdParams }>('/api/workers/:id/health', async (request, reply) => {
    const { id } = request.params;
    const health = await onReads(ctx, reply, (core, now) => memberHealth(core, id, now));
    if (!health) throw new ApiError('not_found', `worker ${id} does not exist`);
    return healthJson(health);
  });
}
