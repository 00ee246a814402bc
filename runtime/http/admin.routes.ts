// Operator calls: pre-register, drain, force-deregister, unregister (purge), trigger the sweeps and the reconnect
// monitor by hand, and read the effective configuration.
import type { FastifyInstance } from 'fastify';
import { viewOf } from '../../machines/registry/queries.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { Outcome, RegisterRequest } from '../../machines/registry/registry.types.ts';
import { validateRegistration } from '../../machines/registry/validation.ts';
import { ApiError } from './api-error.ts';
import { onCore, unwrap } from './core-call.ts';
import { isPlainObject } from './field-reader.ts';
import { checkedRequest } from './request-validation.ts';
import { workerJson } from './rest-shapes.ts';
import type { IdParams, RouteContext } from './route-context.ts';

export function adminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  preregisterRoute(app, ctx);
  memberRoutes(app, ctx);
  sweepRoutes(app, ctx);
  app.get('/api/config', async () => ctx.configView);
}

/** Pre-registration: a member made ready before its worker first registers (201 when new). */
function preregisterRoute(app: FastifyInstance, { host }: RouteContext): void {
  app.post('/api/workers/preregister', async (request, reply) => {
    // The core's rules for these fields (the address's port among them) beside the schema's.
    const { name, address, workerId } = isPlainObject(request.body) ? request.body : {};
    const core = validateRegistration({ name, address, workerId, maxConcurrentJobs: 1 } as RegisterRequest);
    const fields = checkedRequest<{ name: string; address: string; workerId?: string }>('PreRegistration', request.body, 'invalid pre-registration', core);
    const done = onCore(host, (core, now) => {
      const outcome = core.run({ kind: 'preRegister', request: fields }, now);
      const member = outcome.ok ? core.member(outcome.workerId) : undefined;
      return { outcome, view: member && viewOf(member) };
    });
    const result = unwrap(done.outcome);
    return reply.code(result.created ? 201 : 200).send({ worker: workerJson(done.view!), created: result.created });
  });
}

/** Operator actions on one member: drain, force-deregister, unregister (purge). */
function memberRoutes(app: FastifyInstance, { host }: RouteContext): void {
  /** Runs an operator action on member `id`; its outcome (or error) and the member as it is after. */
  const onMember = <T>(id: string, act: (core: CoreAccess, now: number) => Outcome<T>) => {
    const done = onCore(host, (core, now) => {
      const outcome = act(core, now);
      const member = core.member(id);
      return { outcome, view: member && viewOf(member) };
    });
    return { ...unwrap(done.outcome), worker: workerJson(done.view!) };
  };

  app.post<{ Params: IdParams }>('/api/workers/:id/drain', async (request) => {
    const { id } = request.params;
    return { worker: onMember(id, (core, now) => core.run({ kind: 'drain', workerId: id }, now)).worker };
  });

  // The operator's reason comes in the JSON body or, without a body, the query string.
  app.post<{ Params: IdParams }>('/api/workers/:id/force-deregister', async (request) => {
    const { id } = request.params;
    const reason = checkedRequest<{ reason?: string }>('ForceDeregistration', request.body ?? request.query, 'invalid force-deregistration').reason ?? '';
    const { worker, requeued } = onMember(id, (core, now) => core.run({ kind: 'forceDeregister', workerId: id, reason: reason }, now));
    return { worker, requeued, reason };
  });

  app.delete<{ Params: IdParams }>('/api/workers/:id', async (request) => {
    const { id } = request.params;
    const done = unwrap(onCore(host, (core, now) => core.run({ kind: 'unregister', workerId: id }, now)));
    return { workerId: id, removed: true, requeued: done.requeued };
  });
}

/** The sweeps (health check, cleanup of failed members) and the reconnect monitor, run by hand. */
function sweepRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { host } = ctx;
  app.post('/api/health/check', async () => onCore(host, (core, now) => core.run({ kind: 'checkHealth' }, now)));

  app.post('/api/cleanup/failed', async () => onCore(host, (core, now) => core.run({ kind: 'cleanup' }, now)));

  app.post('/api/reconnect', async (_request, reply) => {
    if (!ctx.triggerReconnect) throw new ApiError('unavailable', 'the reconnect monitor is not running in this process');
    if (!host.up) throw new ApiError('unavailable', host.downReason);
    const result = await ctx.triggerReconnect();
    return reply.code(202).send({ triggered: true, ...(typeof result === 'object' && result !== null ? result : {}) });
  });
}
