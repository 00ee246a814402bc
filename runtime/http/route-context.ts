// What every group of routes is given.
import type { RegistryHost } from '../registry/registry-host.ts';
import type { HeartbeatRate } from './heartbeat-rate.ts';
import type { RegistryMetrics } from './metrics.ts';

export interface RouteContext {
  host: RegistryHost;
  metrics: RegistryMetrics;
  heartbeatRate: HeartbeatRate;
  /** When set, registrations must carry `Authorization: Bearer <joinToken>`. */
  joinToken: string | undefined;
  /** Registrations accepted in one batch request. */
  batchMax: number;
  configView: object;
  triggerReconnect: (() => unknown) | undefined;
}

/** Fastify's `:id` parameter. */
export interface IdParams {
  id: string;
}
