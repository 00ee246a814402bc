// `rollcall/client`: a typed client of the registry's REST API for TypeScript users, over the
// platform's fetch. Replies are the shapes of the OpenAPI document (GET /api/openapi.json); a
// refusal throws a RollcallApiError with the API's code, message and HTTP status.
//
//   const registry = new RollcallClient('http://127.0.0.1:8080', { token: process.env.ROLLCALL_ADMIN_TOKEN });
//   const { workers } = await registry.listWorkers({ state: 'active' });
import type { ApiErrorCode, ErrorBody } from '../http/api-error.ts';
import type { RecentEventJson, TrendSampleJson } from '../dashboard/activity.routes.ts';
import type { JobJson, WorkerHealthJson, WorkerJson } from '../http/rest-shapes.ts';
import type { MemberStateName } from '../../machines/member.machine.ts';
import type { JobState, Stats } from '../../machines/registry/registry.types.ts';

export type { ApiErrorCode, JobJson, JobState, MemberStateName, RecentEventJson, Stats, TrendSampleJson, WorkerHealthJson, WorkerJson };

export interface JobSubmission {
  kind: string;
  jobId?: string;
  payload?: string;
  requires?: Record<string, string>;
  timeoutMs?: number;
}

export interface Health {
  status: 'ok';
  version: string;
  registryUp: boolean;
  leader?: { replica: string; epoch: number };
}

export class RollcallApiError extends Error {
  override name = 'RollcallApiError';
  readonly status: number;
  readonly code: ApiErrorCode | `http_${number}`;

  constructor(status: number, code: ApiErrorCode | `http_${number}`, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface ClientOptions {
  /** The admin token (or the join token, to register), sent as `Authorization: Bearer`. */
  token?: string;
  /** Another fetch (a proxy, a test double); the global one by default. */
  fetch?: typeof fetch;
}

export class RollcallClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  async #call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}) };
    const response = await this.#fetch(this.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const reply = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return reply as T;
    const error = (reply as Partial<ErrorBody> | null)?.error;
    throw new RollcallApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `HTTP ${response.status}`);
  }

  health(): Promise<Health> {
    return this.#call('GET', '/health');
  }

  listWorkers(filter: { state?: MemberStateName } = {}): Promise<{ workers: WorkerJson[]; count: number }> {
    return this.#call('GET', filter.state ? `/api/workers?status=${filter.state}` : '/api/workers');
  }

  getWorker(id: string): Promise<WorkerJson> {
    return this.#call('GET', `/api/workers/${encodeURIComponent(id)}`);
  }

  workerHealth(id: string): Promise<WorkerHealthJson> {
    return this.#call('GET', `/api/workers/${encodeURIComponent(id)}/health`);
  }

  stats(): Promise<Stats> {
    return this.#call('GET', '/api/workers/stats');
  }

  /** Members by state and the heartbeat rate over the last hour, oldest first, the last one now. */
  statsHistory(): Promise<{ everyMs: number; samples: TrendSampleJson[] }> {
    return this.#call('GET', '/api/workers/stats/history');
  }

  /** The registry's latest events, newest first; `after` a `seq` already seen, `audited` only those the audit log keeps. */
  events(filter: { limit?: number; after?: number; audited?: boolean } = {}): Promise<{ events: RecentEventJson[]; count: number }> {
    const query = new URLSearchParams(Object.entries(filter).map(([key, value]): [string, string] => [key, String(value)]));
    return this.#call('GET', `/api/events${query.size ? `?${query}` : ''}`);
  }

  listJobs(filter: { state?: JobState } = {}): Promise<{ jobs: JobJson[]; count: number }> {
    return this.#call('GET', filter.state ? `/api/jobs?state=${filter.state}` : '/api/jobs');
  }

  getJob(id: string): Promise<JobJson> {
    return this.#call('GET', `/api/jobs/${encodeURIComponent(id)}`);
  }

  submitJob(job: JobSubmission): Promise<{ job: JobJson; created: boolean }> {
    return this.#call('POST', '/api/jobs', job);
  }

  preRegister(worker: { name: string; address: string; workerId?: string }): Promise<{ worker: WorkerJson; created: boolean }> {
    return this.#call('POST', '/api/workers/preregister', worker);
  }

  drain(id: string): Promise<{ worker: WorkerJson }> {
    return this.#call('POST', `/api/workers/${encodeURIComponent(id)}/drain`);
  }

  remove(id: string): Promise<{ requeued: number }> {
    return this.#call('DELETE', `/api/workers/${encodeURIComponent(id)}`);
  }

  config(): Promise<Record<string, string | number | boolean>> {
    return this.#call('GET', '/api/config');
  }

  openApi(): Promise<Record<string, unknown>> {
    return this.#call('GET', '/api/openapi.json');
  }
}
