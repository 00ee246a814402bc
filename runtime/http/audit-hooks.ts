// The audit log's view of the REST API: each request's handler runs inside its cause (API and
// source address, for the state changes it brings about), and each refused credential — 401
// (join, admin or session token) or 403 (a worker secret that does not match) — is written
// down before the reply leaves (an onSend hook), never with the credential itself.
import type { FastifyInstance } from 'fastify';
import { withCause, type AuditCause } from '../audit/audit-cause.ts';
import { credentialOf } from '../audit/audit-events.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { callerIp } from './leader-forwarding.ts';
import { plainIp } from './registration-body.ts';

/** `forwardProof`: a call another replica forwarded is written down with its caller's address (leader-forwarding.ts). */
export function installAuditHooks(app: FastifyInstance, audit: AuditLog, forwardProof: string | undefined): void {
  const causeOf = (ip: string): AuditCause => ({ api: 'rest', source: plainIp(ip) });
  app.addHook('preHandler', (request, _reply, done) => withCause(causeOf(callerIp(request, forwardProof)), done));
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (status !== 401 && status !== 403) return payload;
    const route = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
    const credential = status === 401 ? credentialOf('rest', request.method, route) : 'secret';
    audit.write('auth.refused', { method: request.method, route, credential }, causeOf(callerIp(request, forwardProof)));
    return payload;
  });
}
