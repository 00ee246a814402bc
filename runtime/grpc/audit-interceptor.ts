// The audit log's view of the gRPC API, as a server interceptor so that no handler needs to
// know: each call runs inside its cause (API and peer address, for the state changes it
// brings about), and each refused credential is written down — a status of UNAUTHENTICATED
// (join, admin or session token) or PERMISSION_DENIED (a worker secret that does not match),
// or such an error inside a reply (a HeartbeatStream ack, a RegisterBatch item).
import { ServerInterceptingCall, status as Status, type FullResponder, type ServerInterceptor } from '@grpc/grpc-js';
import { withCause, type AuditCause } from '../audit/audit-cause.ts';
import { credentialOf } from '../audit/audit-events.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { peerHost } from './register-handlers.ts';

type Coded = { code?: number } | undefined;

function credential(code: number | undefined, rpc: string): string | undefined {
  if (code === Status.UNAUTHENTICATED) return credentialOf('grpc', '', rpc);
  if (code === Status.PERMISSION_DENIED) return 'secret';
  return undefined;
}

/** The refused credentials carried inside a reply message, by kind. */
function refusalsIn(message: unknown, rpc: string): string[] {
  const reply = message as { error?: Coded; results?: { error?: Coded }[] } | null;
  const errors = reply?.error ? [reply.error] : (reply?.results ?? []).map((r) => r.error);
  return errors.flatMap((e) => credential(e?.code, rpc) ?? []);
}

export function auditInterceptor(audit: AuditLog): ServerInterceptor {
  return (method, call) => {
    const rpc = method.path.slice(method.path.lastIndexOf('/') + 1);
    const cause: AuditCause = { api: 'grpc', source: peerHost(call.getPeer()) ?? call.getPeer() };
    const refused = (kind: string, count = 1) => audit.write('auth.refused', { rpc, credential: kind, ...(count > 1 ? { count } : {}) }, cause);
    // HeartbeatStream is the hot path: its messages run without a cause (a drain a worker
    // announces there is audited with its reason only); its refused acks are still seen.
    const start: FullResponder['start'] = (next) =>
      next({
        onReceiveMessage: (message, pass) => withCause(cause, () => pass(message)),
        onReceiveHalfClose: (pass) => withCause(cause, pass),
      });
    return new ServerInterceptingCall(call, {
      ...(rpc === 'HeartbeatStream' ? {} : { start }),
      sendMessage: (message, next) => {
        const kinds = refusalsIn(message, rpc);
        for (const kind of new Set(kinds)) refused(kind, kinds.filter((k) => k === kind).length);
        next(message);
      },
      sendStatus: (status, next) => {
        const kind = credential(status.code, rpc);
        if (kind) refused(kind);
        next(status);
      },
    });
  };
}
