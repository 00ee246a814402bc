// Registration: one worker (201 created / 200 re-registered) or a batch, a result per item.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { viewOf } from '../../machines/registry/queries.ts';
import type { ErrorCode } from '../../machines/registry/registry.types.ts';
import { ApiError, type ErrorBody } from './api-error.ts';
import { bearerOf, sameToken } from '../auth/tokens.ts';
import { onCore, unwrap } from './core-call.ts';
import { callerIp } from './leader-forwarding.ts';
import { isPlainObject } from './field-reader.ts';
import { checkedRequest } from './request-validation.ts';
import { registerRequestOf } from './registration-body.ts';
import { workerJson, type WorkerJson } from './rest-shapes.ts';
import type { RouteContext } from './route-context.ts';

export interface RegisterReplyJson {
  worker: WorkerJson;
  reRegistered: boolean;
  /** The requested ID belonged to another live worker; `worker.id` is a fresh one. */
  idReassigned: boolean;
  sessionToken: string;
  workerSecret?: string;
  heartbeatIntervalMs: number;
}

export type BatchItemJson = ({ status: 200 | 201 } & RegisterReplyJson) | ({ status: number } & ErrorBody);

function registerOne(ctx: RouteContext, body: unknown, peerIp: string): { status: 200 | 201; reply: RegisterReplyJson } {
  let request: ReturnType<typeof registerRequestOf>;
  try {
    request = registerRequestOf(body, peerIp);
  } catch (error) {
    // Refused here, before the core saw it; the core counts everything it decides itself.
    if (error instanceof ApiError && error.code !== 'unavailable' && error.code !== 'internal') {
      ctx.metrics.recordRegistration({ rejected: error.code as ErrorCode });
    }
    throw error;
  }
  const outcome = onCore(ctx.host, (core, now) => {
    const result = core.run({ kind: 'register', request: request }, now);
    const member = result.ok ? core.member(result.workerId) : undefined;
    return { result, view: member && viewOf(member) };
  });
  const reply = unwrap(outcome.result);
  return {
    status: reply.reRegistered ? 200 : 201,
    reply: {
      worker: workerJson(outcome.view!),
      reRegistered: reply.reRegistered,
      idReassigned: reply.idReassigned,
      sessionToken: reply.sessionToken,
      ...(reply.workerSecret ? { workerSecret: reply.workerSecret } : {}),
      heartbeatIntervalMs: reply.heartbeatIntervalMs,
    },
  };
}

/** With a join token configured, a registration must present it as a bearer credential. */
function checkJoinToken(ctx: RouteContext, request: FastifyRequest, attempts: number): void {
  if (ctx.joinToken === undefined || sameToken(bearerOf(request.headers.authorization), ctx.joinToken)) return;
  for (let i = 0; i < attempts; i++) ctx.metrics.recordRegistration({ rejected: 'unauthenticated' });
  request.log.warn({ event: 'auth.refused', api: 'rest', method: request.method, route: request.routeOptions.url }, 'registration refused: missing or wrong join token');
  throw new ApiError('unauthenticated', 'registration needs the cluster join token (Authorization: Bearer <token>)');
}

export function registrationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/api/workers', async (request, reply) => {
    checkJoinToken(ctx, request, 1);
    const { status, reply: body } = registerOne(ctx, request.body, callerIp(request, ctx.forwardProof));
    return reply.code(status).send(body);
  });

  app.post('/api/workers/batch', async (request) => {
    // The server's batch limit is a setting, so the code checks it rather than the schema.
    const given = isPlainObject(request.body) ? request.body.workers : undefined;
    const tooMany = Array.isArray(given) && given.length > ctx.batchMax ? [{ field: 'workers', description: `must hold 1 to ${ctx.batchMax} registrations` }] : [];
    const { workers } = checkedRequest<{ workers: unknown[] }>('RegistrationBatch', request.body, 'invalid batch', tooMany);
    checkJoinToken(ctx, request, workers.length);
    const results: BatchItemJson[] = workers.map((item) => {
      try {
        const { status, reply } = registerOne(ctx, item, callerIp(request, ctx.forwardProof));
        return { status, ...reply };
      } catch (error) {
        if (!(error instanceof ApiError) || error.code === 'unavailable') throw error;
        return { status: error.status, ...error.body() };
      }
    });
    const count = (status: number) => results.filter((r) => r.status === status).length;
    return { results, created: count(201), reRegistered: count(200), rejected: results.length - count(201) - count(200) };
  });
}
