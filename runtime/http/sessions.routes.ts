// A worker's own session calls: heartbeats and graceful deregistration. A 404 or 409 from
// either means "register again" (the session is unknown or stale).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HeartbeatRequest } from '../../machines/registry/registry.types.ts';
import { onCore, unwrap } from './core-call.ts';
import { apiErrorOf } from './error-replies.ts';
import { checkedRequest } from './request-validation.ts';
import type { IdParams, RouteContext } from './route-context.ts';
import { sessionCredentials } from './session-credentials.ts';

/** A heartbeat's body (Heartbeat, request-schemas.ts) and credentials as the core's request, or the 400. */
function heartbeatOf(workerId: string, body: unknown, authorization: string | undefined): HeartbeatRequest {
  const { credentials, violations } = sessionCredentials(body, authorization);
  const fields = checkedRequest<Partial<HeartbeatRequest>>('Heartbeat', body, 'invalid heartbeat', violations);
  return { ...fields, workerId, ...credentials, currentJobs: fields.currentJobs ?? 0 };
}

export function sessionsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Heartbeats the core judged: it counts its own refusals; the rest (a body that does not
  // parse or check, no token, the registry down) are counted here.
  const judged = new WeakSet<FastifyRequest>();
  const onError = async (request: FastifyRequest, _reply: unknown, error: Error) => {
    if (!judged.has(request)) ctx.metrics.recordHeartbeatFailure(apiErrorOf(error).code);
  };
  app.post<{ Params: IdParams }>('/api/workers/:id/heartbeat', { onError }, async (request) => {
    const heartbeat = heartbeatOf(request.params.id, request.body, request.headers.authorization);
    const start = performance.now();
    const outcome = onCore(ctx.host, (core, now) => {
      judged.add(request);
      return core.run({ kind: 'heartbeat', request: heartbeat }, now);
    });
    ctx.metrics.observeHeartbeat('rest', (performance.now() - start) / 1000);
    const ack = unwrap(outcome);
    return { instruction: ack.instruction, heartbeatIntervalMs: ack.heartbeatIntervalMs };
  });

  app.post<{ Params: IdParams }>('/api/workers/:id/deregister', async (request) => {
    const { credentials, violations } = sessionCredentials(request.body, request.headers.authorization);
    const fields = checkedRequest<{ force?: boolean; reason?: string }>('Deregistration', request.body, 'invalid deregistration', violations);
    const force = fields.force ?? false;
    const reason = fields.reason ?? '';
    const workerId = request.params.id;
    const done = unwrap(onCore(ctx.host, (core, now) => core.run({ kind: 'deregister', request: { workerId, ...credentials, force, reason } }, now)));
    return { workerId, deregistered: true, requeued: done.requeued };
  });
}
