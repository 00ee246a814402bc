// The worker's connection to the registry over gRPC (the RegistryConnection contract): a list
// of endpoints it fails over across, a deadline on every unary call, and every failure as the
// RpcCode the worker machine decides on (a connection that cannot be made is UNAVAILABLE).
import { Client, credentials as grpcCredentials, Metadata, status as Status, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type {
  DeregisterRequest, HeartbeatReply, HeartbeatRequest, RegisterReply, RegisterRequest, Task, TaskReport,
} from '../../machines/registry/registry.types.ts';
import { openClientHeartbeatStream } from './client-heartbeat-stream.ts';
import { methodOf, registryMethods } from './load-proto.ts';
import type { WireDeregisterReply, WireHeartbeatAck, WireRegisterReply, WireTask, WireTasksRequest } from './proto/messages.ts';
import type { HeartbeatStream, RegistryConnection, RpcResult, SessionRef } from './registry-connection.ts';
import { failureOfStatus, type RpcFailure } from './rpc-status.ts';
import {
  deregisterToWire, heartbeatReplyFromWire, heartbeatRequestToWire, registerReplyFromWire, registerRequestToWire, taskFromWire,
  taskReportToWire,
} from './wire-map.ts';

export interface GrpcRegistryConnectionOptions {
  /** Deadline of each unary call, and of each ack on the heartbeat stream. */
  rpcTimeoutMs: number;
  /** The cluster join token sent with registrations. */
  joinToken?: string;
  /** TLS or mTLS; insecure when absent. */
  credentials?: ChannelCredentials;
  channelOptions?: ChannelOptions;
  /**
   * Send the heartbeat stream to endpoint `beatOffset` (mod the list) rather than wherever the
   * other calls go, moving on along the list when it is unavailable: with registry replicas,
   * standbys answer heartbeats and the leader the rest (docs/scale-out.md). Absent: one endpoint for all.
   */
  beatOffset?: number;
}

function failureOfThrown(error: unknown): RpcFailure {
  return { ok: false, code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error) };
}

export class GrpcRegistryConnection implements RegistryConnection {
  readonly #endpoints: readonly string[];
  readonly #options: GrpcRegistryConnectionOptions;
  #index = 0;
  #client: Client | null = null;
  /** Where the heartbeat stream goes; null: with everything else. */
  #beatIndex: number | null;
  #beatClient: Client | null = null;
  #closed = false;
  /** Learnt from the last registration, so heartbeats can report status and spare capacity. */
  #maxConcurrentJobs: number | undefined;

  constructor(endpoints: readonly string[], options: GrpcRegistryConnectionOptions) {
    if (endpoints.length === 0 || endpoints.some((e) => e.trim() === '')) throw new Error('a registry connection needs at least one HOST:PORT endpoint');
    if (!(options.rpcTimeoutMs > 0)) throw new Error(`rpcTimeoutMs must be positive, got ${options.rpcTimeoutMs}`);
    this.#endpoints = [...endpoints];
    this.#options = options;
    this.#beatIndex = options.beatOffset === undefined ? null : Math.abs(Math.trunc(options.beatOffset)) % endpoints.length;
  }

  get endpoint(): string {
    return this.#endpoints[this.#index]!;
  }

  get endpointCount(): number {
    return this.#endpoints.length;
  }

  #channel(): Client {
    if (this.#closed) throw new Error('the registry connection is closed');
    this.#client ??= new Client(this.endpoint, this.#options.credentials ?? grpcCredentials.createInsecure(), this.#options.channelOptions);
    return this.#client;
  }

  #unary<Req, Res, T>(name: string, request: Req, toValue: (reply: Res) => T): Promise<RpcResult<T>> {
    const method = methodOf<Req, Res>(registryMethods, name);
    return new Promise((resolve) => {
      try {
        const deadline = Date.now() + this.#options.rpcTimeoutMs;
        this.#channel().makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), { deadline }, (error, reply) => {
          if (error) resolve(failureOfStatus(error));
          else if (reply === undefined) resolve({ ok: false, code: 'INTERNAL', message: `${name}: empty reply` });
          else resolve({ ok: true, value: toValue(reply) });
        });
      } catch (error) {
        resolve(failureOfThrown(error));
      }
    });
  }

  register(request: RegisterRequest): Promise<RpcResult<RegisterReply>> {
    this.#maxConcurrentJobs = request.maxConcurrentJobs;
    return this.#unary('Register', registerRequestToWire(request, this.#options.joinToken ?? ''), (r: WireRegisterReply) => registerReplyFromWire(r));
  }

  heartbeat(request: HeartbeatRequest): Promise<RpcResult<HeartbeatReply>> {
    return this.#unary('Heartbeat', heartbeatRequestToWire(request, this.#maxConcurrentJobs), (r: WireHeartbeatAck) => heartbeatReplyFromWire(r));
  }

  /** The channel for the heartbeat stream: its own endpoint when spreading, else the common one. */
  #beatChannel(): Client {
    if (this.#beatIndex === null || this.#beatIndex === this.#index) return this.#channel();
    if (this.#closed) throw new Error('the registry connection is closed');
    this.#beatClient ??= new Client(this.#endpoints[this.#beatIndex]!, this.#options.credentials ?? grpcCredentials.createInsecure(), this.#options.channelOptions);
    return this.#beatClient;
  }

  /** The heartbeat endpoint could not take a heartbeat: the next stream tries the next one. */
  #nextBeatEndpoint(): void {
    if (this.#beatIndex === null) return;
    this.#beatClient?.close();
    this.#beatClient = null;
    this.#beatIndex = (this.#beatIndex + 1) % this.#endpoints.length;
  }

  openHeartbeatStream(onReply: (result: RpcResult<HeartbeatReply>) => void): HeartbeatStream {
    try {
      const options = { replyTimeoutMs: this.#options.rpcTimeoutMs, ...(this.#maxConcurrentJobs !== undefined ? { maxConcurrentJobs: this.#maxConcurrentJobs } : {}) };
      if (this.#beatIndex === null) return openClientHeartbeatStream(this.#channel(), options, onReply);
      let moved = false;
      return openClientHeartbeatStream(this.#beatChannel(), options, (result) => {
        if (!result.ok && result.code === 'UNAVAILABLE' && !moved) {
          moved = true;
          this.#nextBeatEndpoint();
        }
        onReply(result);
      });
    } catch (error) {
      let closed = false;
      queueMicrotask(() => closed || onReply(failureOfThrown(error)));
      return { send() {}, close: () => void (closed = true) };
    }
  }

  deregister(request: DeregisterRequest): Promise<RpcResult<{ requeued: number }>> {
    return this.#unary('Deregister', deregisterToWire(request), (r: WireDeregisterReply) => ({ requeued: r.requeued }));
  }

  reportTask(report: TaskReport): Promise<RpcResult<object>> {
    return this.#unary('ReportTask', taskReportToWire(report), () => ({}));
  }

  tasks(session: SessionRef, onTask: (task: Task) => void, onEnd: (failure?: RpcResult<never>) => void): { close(): void } {
    let ended = false;
    const end = (failure?: RpcFailure) => {
      if (ended) return;
      ended = true;
      onEnd(failure);
    };
    const method = methodOf<WireTasksRequest, WireTask>(registryMethods, 'Tasks');
    const request: WireTasksRequest = { workerId: session.workerId, epoch: session.epoch, sessionToken: session.sessionToken };
    try {
      const call = this.#channel().makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), {});
      call.on('data', (task: WireTask) => ended || onTask(taskFromWire(task)));
      call.on('error', () => {}); // reported through 'status'
      call.on('status', (status) => end(status.code === Status.OK ? undefined : failureOfStatus(status)));
      return {
        close: () => {
          if (ended) return;
          end();
          call.cancel();
        },
      };
    } catch (error) {
      queueMicrotask(() => end(failureOfThrown(error)));
      return { close: () => end() };
    }
  }

  failover(): string {
    this.#client?.close();
    this.#client = null;
    this.#index = (this.#index + 1) % this.#endpoints.length;
    return this.endpoint;
  }

  close(): void {
    this.#closed = true;
    this.#client?.close();
    this.#client = null;
    this.#beatClient?.close();
    this.#beatClient = null;
  }
}
