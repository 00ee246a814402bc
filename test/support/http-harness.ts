// A REST API over a real RegistryHost on virtual time with a MemoryStore, driven by Fastify's
// inject: what the HTTP tests share.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { SeededChance } from '../../machines/random.ts';
import { defaultRegistryConfig, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import { VirtualClock } from '../../runtime/clock/virtual-clock.ts';
import { buildHttpApi, type HttpApiOptions } from '../../runtime/http/http-api.ts';
import { createRegistryMetrics, type RegistryMetrics } from '../../runtime/http/metrics.ts';
import { RegistryHost } from '../../runtime/registry/registry-host.ts';
import { MemoryStore } from '../../runtime/store/memory-store.ts';

/** 2026-11-23T00:00:00Z: a start time whose ISO form is easy to check. */
export const START_MS = Date.UTC(2026, 10, 23);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export interface Api {
  app: FastifyInstance;
  host: RegistryHost;
  clock: VirtualClock;
  store: MemoryStore;
  metrics: RegistryMetrics;
  events: { type: string }[];
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Moves virtual time forward, firing the registry's sweeps on the way. */
  advance(ms: number): void;
}

export function startApi(
  config: Partial<RegistryConfig> = {},
  options: Partial<Omit<HttpApiOptions, 'host' | 'metrics'>> = {},
  startMs = START_MS,
): Api {
  const clock = new VirtualClock(startMs);
  const store = new MemoryStore();
  const events: { type: string }[] = [];
  let metrics: RegistryMetrics | undefined;
  const host = new RegistryHost(
    { ...defaultRegistryConfig, ...config },
    {
      clock,
      store,
      events: {
        write: (t, type, fields = {}) => {
          events.push({ type });
          options.dashboard?.observe(t, type, fields); // as production's event sink feeds it
          metrics?.event(type, fields);
        },
      },
      chance: (incarnation) => new SeededChance(11, incarnation),
      dispatch: () => {},
      dial: () => {},
    },
  );
  host.start();
  metrics = createRegistryMetrics(host);
  const app = buildHttpApi({ host, metrics, configView: { heartbeatInterval: '30s' }, ...options });
  return {
    app,
    host,
    clock,
    store,
    metrics,
    events,
    inject: (o) => app.inject(o),
    advance: (ms) => clock.runUntil(clock.now() + ms),
  };
}

let port = 9000;
export function registration(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'worker', address: `10.0.0.1:${port++}`, maxConcurrentJobs: 2, ...extra };
}

export interface Registered {
  worker: { id: string; epoch: number; state: string; registeredAt: string };
  sessionToken: string;
  workerSecret?: string;
  reRegistered: boolean;
  heartbeatIntervalMs: number;
}

export async function register(api: Api, extra: Record<string, unknown> = {}): Promise<Registered> {
  const res = await api.inject({ method: 'POST', url: '/api/workers', payload: registration(extra) });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json() as Registered;
}

export async function heartbeat(api: Api, s: Registered, extra: Record<string, unknown> = {}) {
  return api.inject({
    method: 'POST',
    url: `/api/workers/${s.worker.id}/heartbeat`,
    payload: { epoch: s.worker.epoch, sessionToken: s.sessionToken, currentJobs: 0, ...extra },
  });
}

/** Asserts the error shape and returns the error. */
export function errorOf(res: LightMyRequestResponse): { code: string; message: string; details?: { field: string; description: string }[] } {
  const body = res.json() as { error?: { code: string; message: string } };
  if (!body.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error reply: ${res.statusCode} ${res.body}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/json')) throw new Error(`not JSON: ${res.headers['content-type']}`);
  if (/\n\s+at /.test(res.body)) throw new Error(`a stack trace leaked: ${res.body}`);
  return body.error;
}
