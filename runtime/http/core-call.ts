// How a route reaches the registry core: through RegistryHost.call, which makes the request's
// effects durable before it returns. Errors are thrown only after the call, never inside it,
// so a failed request cannot leave effects unflushed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { RegistryReads } from '../../machines/registry/registry.ts';
import type { Outcome } from '../../machines/registry/registry.types.ts';
import type { RegistryHost } from '../registry/registry-host.ts';
import { ApiError } from './api-error.ts';
import type { RouteContext } from './route-context.ts';

/** Says how old a standby's answer is: `Rollcall-Data-Age`, in seconds (docs/scale-out.md, "Reads on any replica"). */
export const DATA_AGE = 'Rollcall-Data-Age';

export function onCore<R>(host: RegistryHost, handle: (core: CoreAccess, now: number) => R): R {
  if (!host.up) throw new ApiError('unavailable', host.downReason);
  return host.call(handle);
}

/**
 * A read: on the serving registry, from its core; on a standby, from the database as read at
 * most a moment ago, with that moment's age in `Rollcall-Data-Age`. Never changes anything.
 */
export async function onReads<R>(ctx: RouteContext, reply: FastifyReply, handle: (core: RegistryReads, now: number) => R): Promise<R> {
  const { host } = ctx;
  if (host.up) return host.call(handle);
  const standby = ctx.standby();
  if (!standby) throw new ApiError('unavailable', host.downReason);
  const view = await standby.view().catch((error: Error) => {
    throw new ApiError('unavailable', `${host.downReason}; it cannot read the database either (${error.message})`);
  });
  const now = Date.now();
  reply.header(DATA_AGE, ((now - view.readAt) / 1000).toFixed(3));
  return handle(view.core, now);
}

/** The successful outcome, or the core's error as an ApiError. */
export function unwrap<T>(outcome: Outcome<T>): { ok: true } & T {
  if (!outcome.ok) throw ApiError.from(outcome);
  return outcome;
}

/** The bearer credential of an `Authorization` header, if there is one. */
export function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * Calls `sample` with the core every `everyMs` while the registry is up, from the server's start
 * to its close, whether or not anyone reads (the timer keeps no process alive).
 */
export function sampleWhileUp(app: FastifyInstance, host: RegistryHost, everyMs: number, sample: (core: CoreAccess, now: number) => void): void {
  const timer = setInterval(() => {
    if (host.up) onCore(host, sample);
  }, everyMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
