// Admin RPCs need `authorization: Bearer <admin token>` metadata; reads need it too when reads
// are protected. Wraps the service's handlers by name, so the handlers themselves stay as they are.
import type { handleUnaryCall, Metadata, UntypedHandleCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { bearerOf, sameToken } from '../auth/tokens.ts';
import { statusOf } from './rpc-status.ts';

/** The RPCs that change the cluster on an operator's word. */
export const ADMIN_RPCS: ReadonlySet<string> = new Set([
  'PreRegister', 'Unregister', 'Drain', 'TriggerHealthCheck', 'TriggerCleanup', 'TriggerReconnect', 'SubmitJob',
]);

/** The read-only RPCs, guarded only with protected reads. */
export const READ_RPCS: ReadonlySet<string> = new Set(['ListWorkers', 'GetWorker', 'Stats', 'GetJob']);

export interface GrpcAdminAuth {
  adminToken: string | undefined;
  protectReads?: boolean;
  onRefused?: (method: string) => void;
}

export function hasAdminToken(metadata: Metadata, token: string): boolean {
  const values = metadata.get('authorization');
  return values.length === 1 && sameToken(bearerOf(String(values[0])), token);
}

function guard(name: string, handler: handleUnaryCall<unknown, unknown>, token: string, auth: GrpcAdminAuth): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    if (hasAdminToken(call.metadata, token)) return handler(call, callback);
    auth.onRefused?.(name);
    callback(statusOf({ code: 'UNAUTHENTICATED', message: `${name} needs the admin token (authorization: Bearer <admin token>)`, reason: 'unauthenticated' }));
  };
}

/** The implementation with its admin (and, if asked, read) RPCs guarded by the admin token. */
export function guardAdminRpcs(handlers: UntypedServiceImplementation, auth: GrpcAdminAuth): UntypedServiceImplementation {
  const token = auth.adminToken;
  if (token === undefined) return handlers;
  const guarded: Record<string, UntypedHandleCall> = { ...handlers };
  for (const [name, handler] of Object.entries(handlers)) {
    if (ADMIN_RPCS.has(name) || (auth.protectReads && READ_RPCS.has(name))) {
      guarded[name] = guard(name, handler as handleUnaryCall<unknown, unknown>, token, auth);
    }
  }
  return guarded;
}
