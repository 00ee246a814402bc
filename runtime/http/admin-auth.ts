// Who may call what on REST: admin routes need `Authorization: Bearer <admin token>`; read-only
// routes are open unless reads are protected too. Probes (/health, /readiness) stay open so an
// orchestrator can check the process. Checked in an onRequest hook, before the body is read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerOf, sameToken } from '../auth/tokens.ts';
import { ApiError } from './api-error.ts';
import { sendError } from './error-replies.ts';

export interface AdminAuth {
  /** Without it every route is open (unit tests that build the API by hand). */
  adminToken: string | undefined;
  /** Also require the admin token on reads (GET /api/…, /metrics). */
  protectReads: boolean;
  /** Told of every refused credential (for metrics or an audit trail); never given the token. */
  onRefused?: (method: string, route: string) => void;
}

/** The routes (method and Fastify route pattern) that change the cluster on an operator's word. */
export const ADMIN_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/workers/preregister',
  'POST /api/workers/:id/drain',
  'POST /api/workers/:id/force-deregister',
  'DELETE /api/workers/:id',
  'POST /api/health/check',
  'POST /api/cleanup/failed',
  'POST /api/reconnect',
  'POST /api/jobs',
]);

/** Open even with --protect-reads: probes, and the dashboard's page and assets (its data calls are not). */
const OPEN_PROBES = new Set(['/health', '/readiness', '/', '/dashboard/:asset']);

export function needsAdmin(method: string, route: string | undefined, protectReads: boolean): boolean {
  if (route === undefined) return false;
  if (ADMIN_ROUTES.has(`${method} ${route}`)) return true;
  return protectReads && (method === 'GET' || method === 'HEAD') && !OPEN_PROBES.has(route);
}

export function installAdminAuth(app: FastifyInstance, auth: AdminAuth): void {
  const token = auth.adminToken;
  if (token === undefined) return;
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const route = request.routeOptions.url;
    if (!needsAdmin(request.method, route, auth.protectReads)) return;
    if (sameToken(bearerOf(request.headers.authorization), token)) return;
    auth.onRefused?.(request.method, route ?? request.url);
    return sendError(reply, new ApiError('unauthenticated', 'this call needs the admin token (Authorization: Bearer <admin token>)'));
  });
}
