// The registry's boundary error codes and the gRPC status each travels as.
import type { RpcCode } from '../rpc-code.ts';
import type { ErrorCode, RegistryError } from './registry.types.ts';

const RPC_CODE: Record<ErrorCode, RpcCode> = {
  invalid_argument: 'INVALID_ARGUMENT',
  not_found: 'NOT_FOUND',
  failed_precondition: 'FAILED_PRECONDITION',
  rate_limited: 'RESOURCE_EXHAUSTED',
  resource_exhausted: 'RESOURCE_EXHAUSTED',
  unauthenticated: 'UNAUTHENTICATED',
  permission_denied: 'PERMISSION_DENIED',
  // A stale epoch all the same (docs/behaviour.md §1): only the reason tells the worker not to register again.
  superseded: 'FAILED_PRECONDITION',
};

export function rpcCodeOf(code: ErrorCode): RpcCode {
  return RPC_CODE[code];
}

/** A boundary error for a reply. */
export function fail(code: ErrorCode, message: string, extra: Partial<RegistryError> = {}): RegistryError {
  return { ok: false, code, message, ...extra };
}

/** Counts `error` under its code in `counts`, and returns it. */
export function counted(counts: Map<RegistryError['code'], number>, error: RegistryError): RegistryError {
  counts.set(error.code, (counts.get(error.code) ?? 0) + 1);
  return error;
}
