// No REST answer leaves before the writes its request caused are durable. With SQLite the
// writes are already durable when the route returns; with PostgreSQL they are queued, and this
// hook holds every reply until the queue has caught up (or turns it into 503 if it failed).
// A read waits too, so it never shows a change that a crash could still take back. Probes do
// not: /health, /readiness and /metrics report on the process, and a slow database must not
// make a load balancer or an orchestrator take a live leader for dead.
import type { FastifyInstance } from 'fastify';
import type { RegistryHost } from '../registry/registry-host.ts';
import { ApiError } from './api-error.ts';

const PROBES: ReadonlySet<string> = new Set(['/health', '/readiness', '/metrics']);

export function installDurableReplies(app: FastifyInstance, host: RegistryHost): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (PROBES.has(request.routeOptions.url ?? '')) return payload;
    const durable = host.settled();
    if (!durable) return payload;
    try {
      await durable;
      return payload;
    } catch {
      const error = new ApiError('unavailable', 'the registry could not store the change; try again');
      reply.code(error.status).type('application/json; charset=utf-8');
      return JSON.stringify(error.body());
    }
  });
}
