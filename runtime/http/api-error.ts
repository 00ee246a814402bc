// The REST API's one error type and the one table of HTTP statuses: the registry core's codes
// plus the few the HTTP layer adds. docs/api.md lists the same table; a test keeps them in sync.
import type { ErrorCode, FieldViolation, RegistryError } from '../../machines/registry/registry.types.ts';

export type ApiErrorCode =
  | ErrorCode
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  failed_precondition: 409,
  superseded: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

/** The JSON every error reply carries. */
export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details?: FieldViolation[] };
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly details: FieldViolation[] | undefined;
  /** Sent as `Retry-After`, in whole seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, extra: { details?: FieldViolation[]; retryAfterMs?: number } = {}) {
    super(message);
    this.code = code;
    this.details = extra.details;
    this.retryAfterSeconds = extra.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(extra.retryAfterMs / 1000));
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  static from(error: RegistryError): ApiError {
    const extra: { details?: FieldViolation[]; retryAfterMs?: number } = {};
    if (error.details) extra.details = error.details;
    if (error.retryAfterMs !== undefined) extra.retryAfterMs = error.retryAfterMs;
    return new ApiError(error.code, error.message, extra);
  }

  /** A 400 naming every violated field. */
  static invalid(message: string, details: FieldViolation[]): ApiError {
    return new ApiError('invalid_argument', message, { details });
  }
}
