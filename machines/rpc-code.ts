// The closed set of failure codes that reach machines, taken from gRPC status codes.
export type RpcCode =
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'UNAUTHENTICATED';

/** Codes a worker retries with backoff (docs/behaviour.md §2); every other code fails at once. */
export function isRetriable(code: RpcCode): boolean {
  return code === 'UNAVAILABLE' || code === 'DEADLINE_EXCEEDED' || code === 'RESOURCE_EXHAUSTED' || code === 'ABORTED';
}

/**
 * Codes with which the registry tells a worker its session is gone: register again. NOT_FOUND
 * (unknown worker), FAILED_PRECONDITION (stale epoch) and UNAUTHENTICATED (a revoked or
 * rotated session token).
 */
export function meansReRegister(code: RpcCode): boolean {
  return code === 'NOT_FOUND' || code === 'FAILED_PRECONDITION' || code === 'UNAUTHENTICATED';
}
