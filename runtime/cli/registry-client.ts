// A small client of the registry's REST API for the admin CLI: one request, its JSON reply, or
// one of two errors a person can act on — the API refused (its code and message), or the
// registry could not be reached (why, in words).
export const DEFAULT_HTTP_URL = 'http://127.0.0.1:8080';

export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
};

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return (code && REASONS[code]) ?? cause?.message ?? (error as Error).message;
}

export class RegistryClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #token: string | undefined;

  /** `token`: the admin token, sent as `Authorization: Bearer` on every call. */
  constructor(baseUrl: string, timeoutMs = 10_000, token?: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
    this.#token = token;
  }

  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new UnreachableError(`cannot reach the registry at ${this.baseUrl}: ${reasonOf(error, this.#timeoutMs)}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiCallError(response.status, 'bad_reply', `${this.baseUrl} answered ${response.status} with something that is not JSON; is it a rollcall registry?`);
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new ApiCallError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }
}
