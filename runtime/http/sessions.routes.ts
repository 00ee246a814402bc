// A worker's own session calls: heartbeats and graceful deregistration. A 404 or 409 from
// either means "register again" (the session is unknown or stale).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BreakerState } from '../../machines/breaker.machine.ts';
import type { HeartbeatRequest } from '../../machines/registry/registry.types.ts';
import { onCore, unwrap } from './core-call.ts';
import { apiErrorOf } from './error-replies.ts';
import { FieldReader } from './field-reader.ts';
import type { IdParams, RouteContext } from './route-context.ts';
import { sessionCredentials } from './session-credentials.ts';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'halfOpen'];
const ACTIVE_JOBS_MAX = 10_000;

function heartbeatOf(id: string, body: FieldReader, authorization: string | undefined): HeartbeatRequest {
  const credentials = sessionCredentials(body, authorization);
  const request: HeartbeatRequest = {
    workerId: id,
    ...credentials,
    currentJobs: body.integer('currentJobs', 0, ACTIVE_JOBS_MAX) ?? 0,
  };
  const activeJobIds = body.stringArray('activeJobIds', ACTIVE_JOBS_MAX);
  const draining = body.boolean('draining');
  const cpuPercent = body.number('cpuPercent', 0);
  const memoryUsedMb = body.number('memoryUsedMb', 0);
  const memoryTotalMb = body.number('memoryTotalMb', 0);
  const errorCount = body.integer('errorCount', 0, Number.MAX_SAFE_INTEGER);
  const message = body.string('message', { max: 1024 });
  const breakerState = body.oneOf('breakerState', BREAKER_STATES);
  if (activeJobIds !== undefined) request.activeJobIds = activeJobIds;
  if (draining !== undefined) request.draining = draining;
  if (cpuPercent !== undefined) request.cpuPercent = cpuPercent;
  if (memoryUsedMb !== undefined) request.memoryUsedMb = memoryUsedMb;
  if (memoryTotalMb !== undefined) request.memoryTotalMb = memoryTotalMb;
  if (errorCount !== undefined) request.errorCount = errorCount;
  if (message !== undefined) request.message = message;
  if (breakerState !== undefined) request.breakerState = breakerState;
  return request;
}

export function sessionsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // Heartbeats the core judged: it counts its own refusals; the rest (a body that does not
  // parse or check, no token, the registry down) are counted here.
  const judged = new WeakSet<FastifyRequest>();
  const onError = async (request: FastifyRequest, _reply: unknown, error: Error) => {
    if (!judged.has(request)) ctx.metrics.recordHeartbeatFailure(apiErrorOf(error).code);
  };
  app.post<{ Params: IdParams }>('/api/workers/:id/heartbeat', { onError }, async (request) => {
    const body = FieldReader.body(request.body);
    const heartbeat = heartbeatOf(request.params.id, body, request.headers.authorization);
    body.check('invalid heartbeat');
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
    const body = FieldReader.body(request.body);
    const credentials = sessionCredentials(body, request.headers.authorization);
    const force = body.boolean('force') ?? false;
    const reason = body.string('reason', { max: 256 }) ?? '';
    body.check('invalid deregistration');
    const workerId = request.params.id;
    const done = unwrap(onCore(ctx.host, (core, now) => core.run({ kind: 'deregister', request: { workerId, ...credentials, force, reason } }, now)));
    return { workerId, deregistered: true, requeued: done.requeued };
  });
}
