// The audit log's view of the gRPC API, as a server interceptor so that no handler needs to
// know: each call runs inside its cause (API and peer address, for the state changes it
// brings about), and each refused credential is written down — a status of UNAUTHENTICATED
// (join, admin or session token) or PERMISSION_DENIED (a worker secret that does not match),
// or such an error inside a reply (a RegisterBatch item). HeartbeatStream, the hot path, is
// left alone: the stream reports its refused heartbeats itself.
import { ServerInterceptingCall, status as Status, type ServerInterceptor } from '@grpc/grpc-js';
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
  const reply = message as { results?: { error?: Coded }[] } | null;
  const errors = (reply?.results ?? []).map((r) => r.error);
  return errors.flatMap((e) => credential(e?.code, rpc) ?? []);
}

export interface GrpcAudit {
  /** Sees every call but HeartbeatStream's. */
  interceptor: ServerInterceptor;
  /** Told of each heartbeat refused on a HeartbeatStream (an ack carrying the error). */
  heartbeatRefused(peer: string, code: number): void;
}

export function grpcAudit(audit: AuditLog): GrpcAudit {
  const causeOf = (peer: string): AuditCause => ({ api: 'grpc', source: peerHost(peer) ?? peer });
  const interceptor: ServerInterceptor = (method, call) => {
    const rpc = method.path.slice(method.path.lastIndexOf('/') + 1);
    // HeartbeatStream is the hot path: not even a pass-through wrapper (1–3 µs per beat
    // measured); its refusals are reported by the stream itself (heartbeatRefused).
    // (grpc-js types the result as the class, but only calls the interface on it.)
    if (rpc === 'HeartbeatStream') return call as ServerInterceptingCall;
    const cause = causeOf(call.getPeer());
    const refused = (kind: string, count = 1) => audit.write('auth.refused', { rpc, credential: kind, ...(count > 1 ? { count } : {}) }, cause);
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message, pass) => withCause(cause, () => pass(message)),
          onReceiveHalfClose: (pass) => withCause(cause, pass),
        }),
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
  return {
    interceptor,
    heartbeatRefused(peer, code) {
      const kind = credential(code, 'HeartbeatStream');
      if (kind) audit.write('auth.refused', { rpc: 'HeartbeatStream', credential: kind }, causeOf(peer));
    },
  };
}
