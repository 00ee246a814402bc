// What every group of routes is given.
import type { RegistryHost } from '../registry/registry-host.ts';
import type { HeartbeatRate } from './heartbeat-rate.ts';
import type { RegistryMetrics } from './metrics.ts';
import type { StandbyPort } from './standby-port.ts';

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
  /** A replica's standby reads while it stands by (null: not a replica, or not yet begun). */
  standby: () => StandbyPort | null;
  /** What proves a call forwarded by another replica of this cluster (leader-forwarding.ts); none without an admin token. */
  forwardProof: string | undefined;
}

/** Fastify's `:id` parameter. */
export interface IdParams {
  id: string;
}
