// Failures on the wire: the registry's coded errors as gRPC statuses with trailing metadata
// (server side), and statuses back into the failures the worker machine understands (client
// side). docs/protocol.md lists the metadata keys; keep the two in step.
import { Metadata, status as Status, type StatusObject } from '@grpc/grpc-js';
import type { RpcCode } from '../../machines/rpc-code.ts';
import { rpcCodeOf } from '../../machines/registry/error-codes.ts';
import type { FieldViolation, RegistryError } from '../../machines/registry/registry.types.ts';
import type { RpcResult } from './registry-connection.ts';
import type { WireError } from './proto/messages.ts';

/** Trailing metadata keys of a failed call. */
export const ERROR_METADATA = {
  /** The registry's stable error code (`invalid_argument`, `rate_limited`, …). */
  reason: 'rollcall-error-code',
  /** JSON array of `{ field, description }`, one per violated field. */
  fieldViolations: 'rollcall-field-violations',
  /** Milliseconds to wait before trying again, as a decimal integer. */
  retryAfterMs: 'retry-after-ms',
} as const;

export type RpcFailure = Extract<RpcResult<never>, { ok: false }>;

const NUMBER_OF: Record<RpcCode, number> = {
  CANCELLED: Status.CANCELLED,
  UNKNOWN: Status.UNKNOWN,
  INVALID_ARGUMENT: Status.INVALID_ARGUMENT,
  DEADLINE_EXCEEDED: Status.DEADLINE_EXCEEDED,
  NOT_FOUND: Status.NOT_FOUND,
  ALREADY_EXISTS: Status.ALREADY_EXISTS,
  PERMISSION_DENIED: Status.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: Status.RESOURCE_EXHAUSTED,
  FAILED_PRECONDITION: Status.FAILED_PRECONDITION,
  ABORTED: Status.ABORTED,
  UNIMPLEMENTED: Status.UNIMPLEMENTED,
  INTERNAL: Status.INTERNAL,
  UNAVAILABLE: Status.UNAVAILABLE,
  UNAUTHENTICATED: Status.UNAUTHENTICATED,
};

const NAME_OF = new Map<number, RpcCode>(Object.entries(NUMBER_OF).map(([name, n]) => [n, name as RpcCode]));

export function statusNumberOf(code: RpcCode): number {
  return NUMBER_OF[code];
}

/** A status number as an RpcCode; codes outside the closed set (OUT_OF_RANGE, DATA_LOSS) are UNKNOWN. */
export function rpcCodeOfStatus(status: number): RpcCode {
  return NAME_OF.get(status) ?? 'UNKNOWN';
}

/** A failure of the gRPC layer itself (bad input, registry down), with the registry's shape. */
export interface WireFailure {
  code: RpcCode;
  message: string;
  reason?: string;
  details?: FieldViolation[];
  retryAfterMs?: number;
}

export function failureOfRegistry(error: RegistryError): WireFailure {
  return {
    code: rpcCodeOf(error.code),
    message: error.message,
    reason: error.code,
    ...(error.details ? { details: error.details } : {}),
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
  };
}

export function invalidArgument(message: string, details: FieldViolation[] = []): WireFailure {
  return { code: 'INVALID_ARGUMENT', message, reason: 'invalid_argument', ...(details.length ? { details } : {}) };
}

/** The status a server sends for a failure: code, message as is, the rest in trailing metadata. */
export function statusOf(failure: WireFailure): Partial<StatusObject> & { message: string } {
  const metadata = new Metadata();
  if (failure.reason) metadata.set(ERROR_METADATA.reason, failure.reason);
  if (failure.details?.length) metadata.set(ERROR_METADATA.fieldViolations, JSON.stringify(failure.details));
  if (failure.retryAfterMs !== undefined) metadata.set(ERROR_METADATA.retryAfterMs, String(Math.max(0, Math.ceil(failure.retryAfterMs))));
  return { code: statusNumberOf(failure.code), details: failure.message, message: failure.message, metadata };
}

/** The same failure inside a reply message (HeartbeatStream acks, RegisterBatch results). */
export function wireErrorOf(failure: WireFailure): WireError {
  return {
    code: statusNumberOf(failure.code),
    message: failure.message,
    reason: failure.reason ?? '',
    fieldViolations: failure.details ?? [],
    retryAfterMs: failure.retryAfterMs !== undefined ? Math.max(0, Math.ceil(failure.retryAfterMs)) : 0,
  };
}

function first(metadata: Metadata | undefined, key: string): string | undefined {
  const value = metadata?.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

function parseViolations(text: string | undefined): FieldViolation[] | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return undefined;
    return parsed
      .filter((v): v is FieldViolation => typeof v?.field === 'string' && typeof v?.description === 'string')
      .map((v) => ({ field: v.field, description: v.description }));
  } catch {
    return undefined;
  }
}

/** A failed call's status as the failure the worker sees. */
export function failureOfStatus(status: Pick<StatusObject, 'code' | 'details'> & { metadata?: Metadata }): RpcFailure {
  const retryText = first(status.metadata, ERROR_METADATA.retryAfterMs);
  const retry = retryText === undefined ? NaN : Number(retryText);
  const details = parseViolations(first(status.metadata, ERROR_METADATA.fieldViolations));
  const reason = first(status.metadata, ERROR_METADATA.reason);
  return {
    ok: false,
    code: rpcCodeOfStatus(status.code),
    message: status.details,
    ...(reason ? { reason } : {}),
    ...(Number.isFinite(retry) && retry >= 0 ? { retryAfterMs: retry } : {}),
    ...(details ? { details } : {}),
  };
}

/** A failure carried inside a reply message as the failure the worker sees. */
export function failureOfWireError(error: WireError): RpcFailure {
  return {
    ok: false,
    code: rpcCodeOfStatus(error.code),
    message: error.message,
    ...(error.reason ? { reason: error.reason } : {}),
    ...(error.retryAfterMs > 0 ? { retryAfterMs: error.retryAfterMs } : {}),
    ...(error.fieldViolations.length > 0 ? { details: error.fieldViolations } : {}),
  };
}
