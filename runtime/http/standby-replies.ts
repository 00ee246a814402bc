// A replica's replies (docs/scale-out.md, "Reads on any replica"): each says which replica
// served it and in which role (`Rollcall-Served-By: standby r2`). A standby answers reads
// itself, from the database (core-call.ts, onReads); every other call under /api/ is redirected
// to the leader's REST address with 307, which keeps the method and body, or gets 503 when
// nobody leads. Runs after the admin check, so a call without its token is refused here as it
// would be by the leader.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';
import { sendError } from './error-replies.ts';
import type { RouteContext } from './route-context.ts';

export const SERVED_BY = 'Rollcall-Served-By';

/** The body of a redirect: where the call goes, and why. */
export interface RedirectBody {
  redirect: { location: string; leader: string; epoch: number; message: string };
}

export function installStandbyReplies(app: FastifyInstance, ctx: RouteContext, scheme: 'http' | 'https'): void {
  app.addHook('onRequest', async (request, reply) => {
    const { host } = ctx;
    const standby = ctx.standby();
    if (standby === null) return;
    reply.header(SERVED_BY, `${host.up ? 'leader' : 'standby'} ${standby.replica}`);
    const route = request.routeOptions.url;
    if (host.up || request.method === 'GET' || request.method === 'HEAD' || !route?.startsWith('/api/')) return;
    const leader = await standby.leader().catch(() => undefined);
    const name = leader?.holder.split('/')[0];
    // Its own name: the lease changed hands a moment ago and the cached holder is this replica.
    if (!leader?.live || !leader.http || name === standby.replica) {
      return sendError(reply, new ApiError('unavailable', `replica ${standby.replica} is standing by and no replica leads now; try again shortly`, { retryAfterMs: 1_000 }));
    }
    const location = `${scheme}://${leader.http}${request.url}`;
    const message = `replica ${standby.replica} is standing by; ${request.method} ${route} goes to the leader ${name} at ${location}`;
    const body: RedirectBody = { redirect: { location, leader: name!, epoch: leader.epoch, message } };
    return reply.code(307).header('Location', location).type('application/json; charset=utf-8').send(body);
  });
}
