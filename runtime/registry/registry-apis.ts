// The production registry's two APIs (start-registry.ts): gRPC for workers and operators, and
// REST with the dashboard and metrics, both on the same tokens, TLS and audit log.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { describeConfig } from '../config/load-config.ts';
import type { DashboardRecords } from '../dashboard/dashboard-records.ts';
import { grpcAudit } from '../grpc/audit-interceptor.ts';
import { startGrpcServer, type GrpcServer } from '../grpc/grpc-server.ts';
import type { TaskStreams } from '../grpc/task-streams.ts';
import { buildHttpApi } from '../http/http-api.ts';
import type { RegistryMetrics } from '../http/metrics.ts';
import type { StandbyPort } from '../http/standby-port.ts';
import { grpcServerCredentials, httpsServerOptions } from '../tls/credentials.ts';
import type { TlsMaterial } from '../tls/tls-files.ts';
import type { RegistryHost } from './registry-host.ts';

/** What the registry's parts share as it starts; `metrics` and `grpc` are set as they come up. */
export interface RegistryWiring {
  config: RegistryConfig;
  logger: Logger;
  listenHost: string;
  advertiseHost: string | undefined;
  tls: TlsMaterial | null;
  joinToken: string;
  adminToken: string;
  protectReads: boolean;
  streams: TaskStreams;
  dashboard: DashboardRecords;
  /** A replica's standby reads, when this registry stands by (the REST API answers reads from them). */
  standby: () => StandbyPort | null;
  audit: AuditLog | null;
  metrics?: RegistryMetrics;
  grpc?: GrpcServer;
}

/** The address workers are told to register with after a dial-in. */
export function advertisedGrpc(wiring: RegistryWiring): string {
  return `${wiring.advertiseHost ?? wiring.listenHost}:${wiring.grpc?.port ?? 0}`;
}

export function startGrpcApi(wiring: RegistryWiring, host: RegistryHost, metrics: RegistryMetrics, port: number): Promise<GrpcServer> {
  const { config, logger, audit } = wiring;
  const gate = audit && grpcAudit(audit);
  return startGrpcServer({
    host: wiring.listenHost,
    port,
    registry: host,
    streams: wiring.streams,
    onRegistrationRefused: (code) => {
      metrics.recordRegistration({ rejected: code });
      if (code === 'unauthenticated') logger.warn({ event: 'auth.refused', api: 'grpc', method: 'Register' }, 'registration refused: missing or wrong join token');
    },
    onHeartbeatFailed: (code) => metrics.recordHeartbeatFailure(code),
    onHeartbeatHandled: (seconds) => metrics.observeHeartbeat('grpc', seconds),
    joinToken: wiring.joinToken,
    adminToken: wiring.adminToken,
    protectReads: wiring.protectReads,
    onAdminRefused: (method) => logger.warn({ event: 'auth.refused', api: 'grpc', method }, 'admin call refused: missing or wrong admin token'),
    credentials: grpcServerCredentials(wiring.tls),
    maxMessageBytes: config.maxMessageBytes,
    maxStreamsPerPeer: config.maxStreamsPerPeer,
    ...(gate ? { interceptors: [gate.interceptor], onHeartbeatRefused: gate.heartbeatRefused } : {}),
  });
}

export function buildRestApi(wiring: RegistryWiring, host: RegistryHost, metrics: RegistryMetrics): FastifyInstance {
  const { config, logger, audit, tls } = wiring;
  return buildHttpApi({
    host,
    metrics,
    logger,
    configView: describeConfig(config),
    triggerReconnect: () => host.reconnectNow(),
    joinToken: wiring.joinToken,
    adminToken: wiring.adminToken,
    protectReads: wiring.protectReads,
    onAdminRefused: (method, route) => logger.warn({ event: 'auth.refused', api: 'rest', method, route }, 'admin call refused: missing or wrong admin token'),
    bodyLimitBytes: config.maxMessageBytes,
    ...(tls ? { https: httpsServerOptions(tls) } : {}),
    ...(audit ? { audit } : {}),
    dashboard: wiring.dashboard,
    standby: wiring.standby,
  });
}

export function portOf(http: FastifyInstance): number {
  const address = http.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
