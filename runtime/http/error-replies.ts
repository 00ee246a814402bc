// Every failure leaves the API as `{ error: { code, message, details? } }` with the status of
// HTTP_STATUS: thrown ApiErrors (bad JSON among them: json-body.ts), Fastify's own errors (body
// too large, wrong media type), unknown routes (404) and known paths with the wrong method
// (405, with Allow).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('Retry-After', String(error.retryAfterSeconds));
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body());
}

/** Fastify's errors (limits, media types) as ApiErrors; anything else is an internal error. */
export function apiErrorOf(error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error;
  const fastify = error as FastifyError;
  switch (fastify.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  const status = fastify.statusCode ?? 500;
  if (status === 413) return new ApiError('payload_too_large', 'the request body is too large');
  if (status === 415) return new ApiError('unsupported_media_type', 'send the body as application/json');
  if (status >= 400 && status < 500) return new ApiError('invalid_argument', fastify.message);
  return new ApiError('internal', 'internal error');
}

/** Turns a route pattern such as /api/workers/:id/health into a matcher for concrete paths. */
function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`); // trailing slashes are ignored by the router too
}

export function installErrorReplies(app: FastifyInstance): void {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let entry = routes.find((r) => r.pattern.source === patternOf(route.url).source);
    if (!entry) routes.push((entry = { pattern: patternOf(route.url), methods: new Set() }));
    for (const method of methods) entry.methods.add(method);
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = apiErrorOf(error);
    if (apiError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendError(reply, apiError);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = routes.find((r) => r.pattern.test(path));
    if (allowed && !allowed.methods.has(request.method)) {
      const allow = [...allowed.methods].sort().join(', ');
      reply.header('Allow', allow);
      return sendError(reply, new ApiError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allow}`));
    }
    return sendError(reply, new ApiError('not_found', `no route ${request.method} ${path}`));
  });
}
