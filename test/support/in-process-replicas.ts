// Registry replicas on one PostgreSQL database inside the test's process (real REST and gRPC
// servers, real database), for tests that look at what each replica answers rather than at
// processes dying: start them, call their REST APIs, stop them all.
import pino from 'pino';
import { startRegistry, type RunningRegistry } from '../../runtime/index.ts';

export const ADMIN_TOKEN = 'replicas-admin-token-0123456789';
export const JOIN_TOKEN = 'replicas-join-token-0123456789';

export interface RestReply {
  status: number;
  headers: Headers;
  body: any;
}

export class InProcessReplicas {
  readonly #db: string;
  #running: RunningRegistry[] = [];

  constructor(db: string) {
    this.#db = db;
  }

  /** Starts replica `id` (lease TTL 1.2 s); the first one started on a fresh database leads at once. */
  async start(id: string, leaseRenewMs = 300): Promise<RunningRegistry> {
    const registry = await startRegistry({
      db: this.#db, grpcPort: 0, httpPort: 0, joinToken: JOIN_TOKEN, adminToken: ADMIN_TOKEN, auditLog: null,
      replica: { id, leaseTtlMs: 1_200, leaseRenewMs }, logger: pino({ level: 'silent' }),
    });
    this.#running.push(registry);
    return registry;
  }

  /** Stops every replica still running, the last started first. */
  async stopAll(): Promise<void> {
    for (const registry of this.#running.reverse()) await registry.stop();
    this.#running = [];
  }
}

/** One REST call with the admin token unless `extra` says otherwise; redirects are not followed. */
export async function restCall(registry: RunningRegistry, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<RestReply> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra };
  const reply = await fetch(`http://127.0.0.1:${registry.httpPort}${path}`, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await reply.text();
  return { status: reply.status, headers: reply.headers, body: text.startsWith('{') ? JSON.parse(text) : text };
}
