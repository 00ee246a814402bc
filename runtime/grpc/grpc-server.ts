// Starts a gRPC server with the Registry service on a RegistryHost: binds host:port (port 0
// picks a free one and reports it), and closes gracefully, ending task streams first.
import { Server, ServerCredentials, type ServerInterceptor } from '@grpc/grpc-js';
import type { RegistryHost } from '../registry/registry-host.ts';
import { addRegistryService, type RegistryServiceOptions } from './registry-service.ts';
import { StreamQuota } from './stream-quota.ts';
import type { TaskStreams } from './task-streams.ts';
import { bindProblem } from './bind-problem.ts';

export interface GrpcServerOptions {
  /** Interface to bind ("127.0.0.1", "0.0.0.0", "[::]"). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  registry: RegistryHost;
  streams: TaskStreams;
  /** The cluster join token registrations must carry; none required when absent. */
  joinToken?: string;
  /** Admin RPCs need this bearer token; open when absent. */
  adminToken?: string;
  /** Read RPCs need the admin token too. */
  protectReads?: boolean;
  onAdminRefused?: RegistryServiceOptions['onAdminRefused'];
  /** TLS or mTLS; insecure when absent. */
  credentials?: ServerCredentials;
  /** Told of registrations refused before the core saw them (metrics). */
  onRegistrationRefused?: RegistryServiceOptions['onRegistrationRefused'];
  /** How long close() lets calls in flight finish before cancelling them (1000 ms). */
  shutdownGraceMs?: number;
  /** Largest message received, in bytes; a bigger one fails with RESOURCE_EXHAUSTED (grpc-js's 4 MiB when absent). */
  maxMessageBytes?: number;
  /** HeartbeatStream and Tasks streams one peer address may hold open (unlimited when absent). */
  maxStreamsPerPeer?: number;
  /** Sees every call (the audit log's token failures); none when absent. */
  interceptors?: ServerInterceptor[];
  onHeartbeatRefused?: RegistryServiceOptions['onHeartbeatRefused'];
  onHeartbeatFailed?: RegistryServiceOptions['onHeartbeatFailed'];
  onHeartbeatHandled?: RegistryServiceOptions['onHeartbeatHandled'];
}

export interface GrpcServer {
  /** The port bound. */
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => {
      if (error) reject(new Error(`gRPC server cannot listen on ${address}: ${bindProblem(error.message)}`));
      else resolve(port);
    });
  });
}

export async function startGrpcServer(options: GrpcServerOptions): Promise<GrpcServer> {
  const server = new Server({
    ...(options.maxMessageBytes !== undefined ? { 'grpc.max_receive_message_length': options.maxMessageBytes } : {}),
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
  });
  addRegistryService(server, options.registry, options.streams, {
    ...(options.maxStreamsPerPeer !== undefined ? { streamQuota: new StreamQuota(options.maxStreamsPerPeer) } : {}),
    ...(options.joinToken !== undefined ? { joinToken: options.joinToken } : {}),
    ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}),
    ...(options.protectReads ? { protectReads: true } : {}),
    ...(options.onAdminRefused ? { onAdminRefused: options.onAdminRefused } : {}),
    ...(options.onRegistrationRefused ? { onRegistrationRefused: options.onRegistrationRefused } : {}),
    ...(options.onHeartbeatRefused ? { onHeartbeatRefused: options.onHeartbeatRefused } : {}),
    ...(options.onHeartbeatFailed ? { onHeartbeatFailed: options.onHeartbeatFailed } : {}),
    ...(options.onHeartbeatHandled ? { onHeartbeatHandled: options.onHeartbeatHandled } : {}),
  });
  const address = `${options.host}:${options.port}`;
  let port: number;
  try {
    port = await bind(server, address, options.credentials ?? ServerCredentials.createInsecure());
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
  const graceMs = options.shutdownGraceMs ?? 1000;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      options.streams.close();
      const force = setTimeout(() => server.forceShutdown(), graceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    return closing;
  };
  return { port, server, close };
}
