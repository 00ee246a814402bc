// The registry's REST API as a real-mode scenario sees it: members, jobs and the operator
// calls, over `fetch` with a short time limit. A registry that is down answers nothing, which
// reads as "unknown" (a member) or an error naming the call (an operation).
import type { JobStatus, MemberStatus } from '../scenario.ts';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

interface WorkerRecord {
  id: string;
  state: string;
  substate: string | null;
  epoch: number;
  currentJobs: number;
}

interface JobRecord {
  id: string;
  state: JobStatus['state'];
  workerId: string | null;
  attempt: number;
}

export class RegistryRest {
  readonly base: string;
  readonly #timeoutMs: number;
  readonly #tokens: { join?: string; admin?: string };

  /** `tokens`: the join token (sent on registrations) and the admin token (sent on everything else). */
  constructor(base: string, timeoutMs = 2000, tokens: { join?: string; admin?: string } = {}) {
    this.base = base;
    this.#timeoutMs = timeoutMs;
    this.#tokens = tokens;
  }

  async call(method: string, path: string, body?: unknown): Promise<Reply> {
    const registering = method === 'POST' && (path === '/api/workers' || path === '/api/workers/batch');
    const token = registering ? this.#tokens.join : this.#tokens.admin;
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    const response = await fetch(this.base + path, {
      method,
      signal: AbortSignal.timeout(this.#timeoutMs),
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** The call's reply when it succeeded; else an error with the API's code and message. */
  async ok(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const reply = await this.call(method, path, body);
    if (reply.status < 300) return reply.body;
    const error = reply.body.error as { code?: string; message?: string } | undefined;
    throw new Error(`${method} ${path}: ${reply.status} ${error?.code ?? ''}: ${error?.message ?? ''}`);
  }

  /** The member, or undefined when it is unknown or the registry does not answer. */
  async member(id: string): Promise<MemberStatus | undefined> {
    const reply = await this.call('GET', `/api/workers/${encodeURIComponent(id)}`).catch(() => null);
    if (reply === null || reply.status !== 200) return undefined;
    const w = reply.body as unknown as WorkerRecord;
    return { id: w.id, state: w.substate ? `${w.state}.${w.substate}` : w.state, epoch: w.epoch, jobs: w.currentJobs };
  }

  /** Heartbeats this registry process has accepted (`rollcall_heartbeats_total`); null when it does not answer. */
  async heartbeatCount(): Promise<number | null> {
    const token = this.#tokens.admin;
    const response = await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(this.#timeoutMs), headers: token ? { authorization: `Bearer ${token}` } : {} }).catch(() => null);
    if (!response?.ok) return null;
    const found = /^rollcall_heartbeats_total(?:\{[^}]*\})? (\d+)/m.exec(await response.text());
    return found ? Number(found[1]) : null;
  }

  async jobs(): Promise<JobStatus[]> {
    const body = await this.ok('GET', '/api/jobs');
    return (body.jobs as JobRecord[]).map((j) => ({ id: j.id, state: j.state, memberId: j.workerId, attempt: j.attempt }));
  }

  async submitJob(kind: string, payload: string): Promise<string> {
    const body = await this.ok('POST', '/api/jobs', { kind, payload });
    return (body.job as { id: string }).id;
  }

  async preRegister(workerId: string, name: string, address: string): Promise<void> {
    await this.ok('POST', '/api/workers/preregister', { workerId, name, address });
  }

  async drain(id: string): Promise<void> {
    await this.ok('POST', `/api/workers/${encodeURIComponent(id)}/drain`);
  }

  async unregister(id: string): Promise<void> {
    await this.ok('DELETE', `/api/workers/${encodeURIComponent(id)}`);
  }

  /** A registration under `id` with a secret that is not its own, from another address: the code. */
  /** A registration with the worker's ID and address but not its secret. */
  async registerImpostor(id: string, name: string): Promise<string> {
    const member = await this.call('GET', `/api/workers/${encodeURIComponent(id)}`);
    const address = typeof member.body.address === 'string' && member.body.address ? member.body.address : '127.0.0.2:9';
    const reply = await this.call('POST', '/api/workers', {
      workerId: id,
      name: `${name}-impostor`,
      address,
      maxConcurrentJobs: 1,
      workerSecret: 'impostor-secret-that-is-not-the-workers-own',
    });
    if (reply.status < 300) return 'ok';
    return (reply.body.error as { code: string }).code;
  }
}
