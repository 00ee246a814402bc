// Every error the proxy API can reply with, in one table (Toxiproxy's api.go catalogue).
// Anything else a handler throws becomes a 500 carrying its message, as Go's `apiError` does.

export const API_ERRORS = {
  badRequestBody: { status: 400, message: 'bad request body' },
  missingField: { status: 400, message: 'missing required field' },
  proxyNotFound: { status: 404, message: 'proxy not found' },
  proxyAlreadyExists: { status: 409, message: 'proxy already exists' },
  invalidStream: { status: 400, message: 'stream was invalid, can be either upstream or downstream' },
  invalidToxicType: { status: 400, message: 'invalid toxic type' },
  toxicAlreadyExists: { status: 409, message: 'toxic already exists' },
  toxicNotFound: { status: 404, message: 'toxic not found' },
  // rollcall's own: attribute values Toxiproxy accepts and then crashes or hangs on.
  invalidAttribute: { status: 400, message: 'invalid toxic attribute' },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly status: number;

  // `detail` is appended the way Go's joinError does: "<message>: <detail>".
  constructor(code: ApiErrorCode, detail?: string) {
    const entry = API_ERRORS[code];
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`);
    this.code = code;
    this.status = entry.status;
  }
}

// An operational failure (listen, resolve) reported with Go's wording and status 500.
export class NetError extends Error {
  override name = 'NetError';
  readonly status = 500;
}

export function errorStatus(error: unknown): number {
  return error instanceof ApiError || error instanceof NetError ? error.status : 500;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
