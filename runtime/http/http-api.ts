// The registry's REST API (docs/behaviour.md §4) as a Fastify instance, built but not listening: the caller
// listens (production) or injects requests (tests).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { AuditLog } from '../audit/audit-log.ts';
import { installAuditHooks } from './audit-hooks.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import { ApiError } from './api-error.ts';
import { installAdminAuth } from './admin-auth.ts';
import { installDurableReplies } from './durable-replies.ts';
import { adminRoutes } from './admin.routes.ts';
import { RequestLogs } from './request-logs.ts';
import { openApiDocument } from './openapi.ts';
import { requestValidators } from './request-validation.ts';
import { installErrorReplies, sendError } from './error-replies.ts';
import { HeartbeatRate } from './heartbeat-rate.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { installJsonBodies } from './json-body.ts';
import type { RegistryMetrics } from './metrics.ts';
import { probesRoutes } from './probes.routes.ts';
import { registrationRoutes } from './registration.routes.ts';
import type { RouteContext } from './route-context.ts';
import { sessionsRoutes } from './sessions.routes.ts';
import type { StandbyPort } from './standby-port.ts';
import { installStandbyReplies } from './standby-replies.ts';
import { forwardProof } from './leader-forwarding.ts';
import { workersRoutes } from './workers.routes.ts';
import { dashboardRoutes } from '../dashboard/dashboard.routes.ts';
import type { DashboardRecords } from '../dashboard/dashboard-records.ts';

export interface HttpApiOptions {
  host: RegistryHost;
  metrics: RegistryMetrics;
  /** A pino logger (or any Fastify-compatible one); without it the API logs nothing. */
  logger?: FastifyBaseLogger;
  /** What GET /api/config shows: the effective configuration. */
  configView: object;
  /** Runs the reconnect monitor now (POST /api/reconnect); without it that route answers 503. */
  triggerReconnect?: () => unknown;
  /** The cluster join token registrations must carry; without it registration is open. */
  joinToken?: string;
  /** Admin routes need `Authorization: Bearer <adminToken>`; without it they are open. */
  adminToken?: string;
  /** Reads (GET /api/…, /metrics) need the admin token too. */
  protectReads?: boolean;
  /** Told of every refused admin credential (never given the token). */
  onAdminRefused?: (method: string, route: string) => void;
  /** Largest request body accepted (default 1 MiB); a bigger one gets 413. */
  bodyLimitBytes?: number;
  /** Registrations in one POST /api/workers/batch (default 500). */
  batchMax?: number;
  /** Serve HTTPS with these options (cert, key; ca with requestCert for mTLS); plain HTTP when absent. */
  https?: HttpsServerOptions;
  /** Where registrations, removals and refused credentials are written (audit-hooks.ts). */
  audit?: AuditLog;
  /** Serves the live dashboard at `/` (and the recent activity reads), from these records. */
  dashboard?: DashboardRecords;
  /** A replica's standby reads: a standby answers reads from them and forwards the rest to the leader. */
  standby?: () => StandbyPort | null;
}

export function buildHttpApi(options: HttpApiOptions): FastifyInstance {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger, logController: new RequestLogs() } : { logger: false }),
    ...(options.https ? { https: options.https } : {}),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, new ApiError('invalid_argument', error.message));
    },
  }) as unknown as FastifyInstance;
  const ctx: RouteContext = {
    host: options.host,
    metrics: options.metrics,
    heartbeatRate: new HeartbeatRate(),
    joinToken: options.joinToken,
    batchMax: options.batchMax ?? 500,
    configView: options.configView,
    triggerReconnect: options.triggerReconnect,
    standby: options.standby ?? (() => null),
    forwardProof: options.adminToken === undefined ? undefined : forwardProof(options.adminToken),
  };
  // JSON only: a text/plain body is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');
  installJsonBodies(app);
  requestValidators(); // compiled now, not on the first request
  installErrorReplies(app);
  if (options.audit) installAuditHooks(app, options.audit, ctx.forwardProof);
  installDurableReplies(app, options.host);
  // By route template (`/api/workers/:id`), never the raw URL: one series per route, not per worker.
  app.addHook('onResponse', async (request, reply) => {
    options.metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  installAdminAuth(app, {
    adminToken: options.adminToken,
    protectReads: options.protectReads ?? false,
    ...(options.onAdminRefused ? { onRefused: options.onAdminRefused } : {}),
  });
  const { ca, cert, key } = options.https ?? {};
  installStandbyReplies(app, ctx, options.https ? { scheme: 'https', tls: { ca, cert, key } } : { scheme: 'http' });
  workersRoutes(app, ctx);
  registrationRoutes(app, ctx);
  sessionsRoutes(app, ctx);
  adminRoutes(app, ctx);
  jobsRoutes(app, ctx);
  probesRoutes(app, ctx);
  const openApi = openApiDocument();
  app.get('/api/openapi.json', async () => openApi);
  if (options.dashboard) dashboardRoutes(app, ctx, options.dashboard);
  return app;
}
