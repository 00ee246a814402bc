// Probes for orchestrators and Prometheus: liveness, readiness, metrics.
import type { FastifyInstance } from 'fastify';
import { rollcallVersion } from '../package/version.ts';
import type { RouteContext } from './route-context.ts';

export interface Readiness {
  ready: boolean;
  reason?: string;
  /** While in the restart grace: when it ends. */
  graceUntil?: string;
}

export function readinessOf(ctx: RouteContext): Readiness {
  const { host } = ctx;
  if (!host.up) return { ready: false, reason: host.downReason };
  return host.call((core, now) => {
    if (core.guardHeld) {
      const fraction = Math.round(core.config.massFailureFraction * 100);
      return { ready: false, reason: `mass-failure guard holding: more than ${fraction}% of live members are unhealthy, so failures are held` };
    }
    if (now < core.graceUntil) {
      const graceUntil = new Date(core.graceUntil).toISOString();
      return { ready: false, reason: `restart grace: no member is judged before ${graceUntil}`, graceUntil };
    }
    return { ready: true };
  });
}

export function probesRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // With replicas, the leader also says who it is and its lease epoch (standbys: their /readiness names the leader).
  app.get('/health', async () => ({ status: 'ok', version: rollcallVersion(), registryUp: ctx.host.up, ...(ctx.host.leadership ? { leader: ctx.host.leadership } : {}) }));

  app.get('/readiness', async (_request, reply) => {
    const readiness = readinessOf(ctx);
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await ctx.metrics.text();
    return reply.type(ctx.metrics.contentType).send(text);
  });
}
