// A replica's replies (docs/scale-out.md, "Reads on any replica"): each says which replica
// served it and in which role (`Rollcall-Served-By: standby r2`). A standby answers reads
// itself, from the database (core-call.ts, onReads), but for those of the leader's memory; every
// other call under /api/ it forwards
// to the leader and answers with the leader's reply (leader-forwarding.ts), or with 503 when
// nobody leads or the leader cannot be reached. The admin check runs first, on the standby as
// it would on the leader, and a call is forwarded once at most.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error.ts';
import { FORWARDED_BY, forwardCall, type ForwardTarget } from './leader-forwarding.ts';
import type { RouteContext } from './route-context.ts';

export const SERVED_BY = 'Rollcall-Served-By';
/**
 * Reads of what only the leader's memory holds (the recent events, the last hour's samples): a
 * standby has none of it, so it forwards these as it forwards writes.
 */
export const LEADER_MEMORY_READS: ReadonlySet<string> = new Set(['/api/events', '/api/workers/stats/history']);
/** How long a standby waits for the leader's answer to a forwarded call. */
const FORWARD_TIMEOUT_MS = 10_000;

export interface Forwarding {
  scheme: 'http' | 'https';
  tls?: ForwardTarget['tls'];
}

function unavailable(message: string): ApiError {
  return new ApiError('unavailable', `${message}; try again shortly`, { retryAfterMs: 1_000 });
}

export function installStandbyReplies(app: FastifyInstance, ctx: RouteContext, forwarding: Forwarding): void {
  app.addHook('onRequest', async (_request, reply) => {
    const standby = ctx.standby();
    if (standby) reply.header(SERVED_BY, `${ctx.host.up ? 'leader' : 'standby'} ${standby.replica}`);
  });

  app.addHook('preHandler', async (request, reply) => {
    const standby = ctx.standby();
    const route = request.routeOptions.url;
    const read = (request.method === 'GET' || request.method === 'HEAD') && !LEADER_MEMORY_READS.has(route ?? '');
    if (!standby || ctx.host.up || read || !route?.startsWith('/api/')) return;
    const by = request.headers[FORWARDED_BY];
    if (by !== undefined) throw unavailable(`replica ${standby.replica} does not lead either (the call came forwarded by ${String(by)})`);
    const leader = await standby.leader().catch(() => undefined);
    const name = leader?.holder.split('/')[0];
    // Its own name: the lease changed hands a moment ago and the cached holder is this replica.
    if (!leader?.live || !leader.http || name === standby.replica) throw unavailable(`replica ${standby.replica} is standing by and no replica leads now`);
    const target: ForwardTarget = { origin: `${forwarding.scheme}://${leader.http}`, by: standby.replica, proof: ctx.forwardProof, timeoutMs: FORWARD_TIMEOUT_MS, ...(forwarding.tls ? { tls: forwarding.tls } : {}) };
    const answer = await forwardCall(target, request).catch((error: Error) => {
      throw unavailable(`replica ${standby.replica} is standing by and could not reach the leader ${name} at ${leader.http} (${error.message})`);
    });
    return reply.code(answer.status).headers({ ...answer.headers, [FORWARDED_BY]: standby.replica }).send(answer.body);
  });
}
