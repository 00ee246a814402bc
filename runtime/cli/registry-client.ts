// A small client of the registry's REST API for the admin CLI: one request, its JSON reply, or
// one of two errors a person can act on — the API refused (its code and message), or the
// registry could not be reached (why, in words). Over https it verifies the registry against
// --tls-ca and presents --tls-cert when the registry asks for a client certificate.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { httpsClientOptions } from '../tls/credentials.ts';
import type { TlsMaterial } from '../tls/tls-files.ts';
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
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is not signed by a CA we trust (pass the registry's CA with --tls-ca)",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate is not signed by a CA we trust (pass the registry's CA with --tls-ca)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is self-signed and not trusted (pass it with --tls-ca)",
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not valid for this host name',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'it requires a client certificate (pass --tls-cert and --tls-key)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'it refused our client certificate',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'it does not trust the CA of our client certificate',
  EPROTO: 'the TLS handshake failed (is it serving plain HTTP?)',
};

function reasonOf(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  return (error.code && REASONS[error.code]) ?? error.message;
}

interface Reply {
  status: number;
  text: string;
}

export class RegistryClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #token: string | undefined;
  readonly #tls: TlsMaterial | null;

  /** `token`: the admin token, sent as `Authorization: Bearer` on every call; `tls`: CA and client certificate for https. */
  constructor(baseUrl: string, timeoutMs = 10_000, token?: string, tls: TlsMaterial | null = null) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
    this.#token = token;
    this.#tls = tls;
  }

  #send(method: string, path: string, body: string | undefined): Promise<Reply> {
    const url = new URL(this.baseUrl + path);
    const headers = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
    };
    const options = { method, headers, signal: AbortSignal.timeout(this.#timeoutMs) };
    return new Promise((resolve, reject) => {
      const onReply = (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      };
      const request = url.protocol === 'https:' ? httpsRequest(url, { ...options, ...httpsClientOptions(this.#tls) }, onReply) : httpRequest(url, options, onReply);
      request.on('error', reject);
      request.end(body);
    });
  }

  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Reply;
    try {
      response = await this.#send(method, path, body === undefined ? undefined : JSON.stringify(body));
    } catch (error) {
      throw new UnreachableError(`cannot reach the registry at ${this.baseUrl}: ${reasonOf(error as Error, this.#timeoutMs)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new ApiCallError(response.status, 'bad_reply', `${this.baseUrl} answered ${response.status} with something that is not JSON; is it a rollcall registry?`);
    }
    if (response.status < 200 || response.status > 299) {
      const error = (json as { error?: { code?: string; message?: string } }).error;
      throw new ApiCallError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }
}
