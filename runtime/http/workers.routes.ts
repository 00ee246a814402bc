// Reading the membership: lists, one worker, its health, the healthy ones, the stats.
import type { FastifyInstance } from 'fastify';
import { healthyMembers, listMembers, memberHealth, stats, viewOf } from '../../machines/registry/queries.ts';
import { ApiError } from './api-error.ts';
import { onCore } from './core-call.ts';
import { FieldReader } from './field-reader.ts';
import { healthJson, MEMBER_STATES, workerJson } from './rest-shapes.ts';
import type { IdParams, RouteContext } from './route-context.ts';

export function workersRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { host } = ctx;

  app.get('/api/workers', async (request) => {
    const query = new FieldReader(request.query);
    const status = query.oneOf('status', MEMBER_STATES);
    query.check('invalid query');
    const workers = onCore(host, (core) => listMembers(core, status)).map(workerJson);
    return { workers, count: workers.length };
  });

  app.get('/api/workers/healthy', async () => {
    const workers = onCore(host, (core) => healthyMembers(core)).map(workerJson);
    return { workers, count: workers.length };
  });

  app.get('/api/workers/stats', async () => {
    return onCore(host, (core, now) => stats(core, ctx.heartbeatRate.sample(core.heartbeatCount, now)));
  });

  app.get<{ Params: IdParams }>('/api/workers/:id', async (request) => {
    const { id } = request.params;
    const member = onCore(host, (core) => core.member(id));
    if (!member) throw new ApiError('not_found', `worker ${id} does not exist`);
    return workerJson(viewOf(member));
  });

  app.get<{ Params: IdParams }>('/api/workers/:id/health', async (request) => {
    const { id } = request.params;
    const health = onCore(host, (core, now) => memberHealth(core, id, now));
    if (!health) throw new ApiError('not_found', `worker ${id} does not exist`);
    return healthJson(health);
  });
}
