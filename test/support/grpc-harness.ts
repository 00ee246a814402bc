// Real gRPC over loopback for the runtime/grpc tests: a RegistryHost on a MemoryStore behind a
// server on port 0, a worker-side connection to it, and a raw client for calls the worker
// contract does not make (admin calls, malformed bytes).
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { SeededChance } from '../../machines/random.ts';
import { defaultRegistryConfig, type RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { RegisterRequest } from '../../machines/registry/registry.types.ts';
import { SystemClock, type Clock } from '../../runtime/clock/clock.ts';
import { startGrpcServer, type GrpcServer } from '../../runtime/grpc/grpc-server.ts';
import { methodOf, registryMethods } from '../../runtime/grpc/load-proto.ts';
import { GrpcRegistryConnection } from '../../runtime/grpc/registry-client.ts';
import type { RpcResult } from '../../runtime/grpc/registry-connection.ts';
import { TaskStreams } from '../../runtime/grpc/task-streams.ts';
import { RegistryHost } from '../../runtime/registry/registry-host.ts';
import { MemoryStore } from '../../runtime/store/memory-store.ts';

export interface RegistryUnderTest {
  host: RegistryHost;
  streams: TaskStreams;
  server: GrpcServer;
  endpoint: string;
  connection: GrpcRegistryConnection;
  raw: RawClient;
  events: { type: string; fields: Record<string, unknown> }[];
  dialed: string[];
  stop(): Promise<void>;
}

export interface RegistryOptions {
  config?: Partial<RegistryConfig>;
  clock?: Clock;
  joinToken?: string;
  adminToken?: string;
  protectReads?: boolean;
  /** Answers of the dial port (default: every dial fails). */
  dial?: (member: MemberReadout) => boolean;
  /** The dial port itself, for tests that dial real agents (overrides `dial`). */
  dialPort?: (member: MemberReadout, done: (ok: boolean) => void) => void;
  /** Told of heartbeats refused before the core saw them. */
  onHeartbeatFailed?: (code: string) => void;
}

export async function startTestRegistry(options: RegistryOptions = {}): Promise<RegistryUnderTest> {
  const streams = new TaskStreams();
  const events: RegistryUnderTest['events'] = [];
  const dialed: string[] = [];
  const host = new RegistryHost({ ...defaultRegistryConfig, ...options.config }, {
    clock: options.clock ?? new SystemClock(),
    store: new MemoryStore(),
    events: { write: (_t, type, fields = {}) => events.push({ type, fields }) },
    chance: (incarnation) => new SeededChance(incarnation),
    dispatch: (member, task) => streams.dispatch(member, task),
    dial: (member, done) => {
      dialed.push(member.id);
      if (options.dialPort) options.dialPort(member, done);
      else done(options.dial?.(member) ?? false);
    },
  });
  host.start();
  const server = await startGrpcServer({
    host: '127.0.0.1', port: 0, registry: host, streams, shutdownGraceMs: 200,
    ...(options.joinToken !== undefined ? { joinToken: options.joinToken } : {}),
    ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}),
    ...(options.protectReads ? { protectReads: true } : {}),
    ...(options.onHeartbeatFailed ? { onHeartbeatFailed: options.onHeartbeatFailed } : {}),
  });
  const endpoint = `127.0.0.1:${server.port}`;
  const connection = new GrpcRegistryConnection([endpoint], {
    rpcTimeoutMs: 2000, ...(options.joinToken !== undefined ? { joinToken: options.joinToken } : {}),
  });
  const raw = new RawClient(endpoint);
  return {
    host, streams, server, endpoint, connection, raw, events, dialed,
    async stop() {
      connection.close();
      raw.close();
      await server.close();
      if (host.up) host.stop();
    },
  };
}

export type RawReply<T> = { ok: true; reply: T } | { ok: false; error: ServiceError };

/** Calls any Registry method with a plain object, or with raw bytes. */
export class RawClient {
  readonly #client: Client;

  constructor(endpoint: string) {
    this.#client = new Client(endpoint, credentials.createInsecure());
  }

  /** `authorization`: sent as the `authorization` metadata ("Bearer <token>"). */
  call<T = Record<string, unknown>>(name: string, request: object, authorization?: string): Promise<RawReply<T>> {
    const method = methodOf<object, T>(registryMethods, name);
    return this.#send(method.path, method.requestSerialize, method.responseDeserialize, request, authorization);
  }

  /** Sends `bytes` as the request of `name`, bypassing the proto encoder. */
  callBytes<T = Record<string, unknown>>(name: string, bytes: Buffer): Promise<RawReply<T>> {
    const method = methodOf<object, T>(registryMethods, name);
    return this.#send(method.path, (b: Buffer) => b, method.responseDeserialize, bytes);
  }

  #send<Req, T>(path: string, serialize: (r: Req) => Buffer, deserialize: (b: Buffer) => T, request: Req, authorization?: string): Promise<RawReply<T>> {
    return new Promise((resolve) => {
      const deadline = Date.now() + 2000;
      const metadata = new Metadata();
      if (authorization !== undefined) metadata.set('authorization', authorization);
      this.#client.makeUnaryRequest(path, serialize, deserialize, request, metadata, { deadline }, (error, reply) => {
        resolve(error ? { ok: false, error } : { ok: true, reply: reply as T });
      });
    });
  }

  close(): void {
    this.#client.close();
  }
}

let agentPort = 9000;
export function registration(extra: Partial<RegisterRequest> = {}): RegisterRequest {
  return { name: 'worker', address: `10.1.0.1:${agentPort++}`, maxConcurrentJobs: 2, ...extra };
}

export function value<T>(result: RpcResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${result.code}: ${result.message}`);
  return result.value;
}

export function failure<T>(result: RpcResult<T>): Extract<RpcResult<T>, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result;
}

export function rawValue<T>(reply: RawReply<T>): T {
  if (!reply.ok) throw new Error(`expected a reply, got ${reply.error.code}: ${reply.error.details}`);
  return reply.reply;
}

export function rawError<T>(reply: RawReply<T>): ServiceError {
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.reply)}`);
  return reply.error;
}

/** Waits until `check` holds, polling every 5 ms, for at most `limitMs`. */
export async function until(check: () => boolean, limitMs = 2000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
