// What a worker needs from the registry over the wire: the Registry service's worker-facing
// calls, each ending in a value or a coded failure the worker machine understands. The gRPC
// implementation lives beside this file; tests may supply their own.
import type { RpcCode } from '../../machines/rpc-code.ts';
import type {
  DeregisterRequest,
  FieldViolation,
  HeartbeatReply,
  HeartbeatRequest,
  RegisterReply,
  RegisterRequest,
  Task,
  TaskReport,
} from '../../machines/registry/registry.types.ts';

export type RpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: RpcCode; message: string; retryAfterMs?: number; details?: FieldViolation[]; reason?: string };

export interface SessionRef {
  workerId: string;
  epoch: number;
  sessionToken: string;
}

/** A bidirectional heartbeat stream: one reply per heartbeat sent, in order. */
export interface HeartbeatStream {
  send(request: HeartbeatRequest): void;
  close(): void;
}

/**
 * Whether a failed call moves the worker on to its next registry endpoint: the endpoint refused
 * (a standby replica, a dead process) or, when there is another to try, did not answer in time
 * (a hung or paused replica, a partition on its side).
 */
export function movesOn(code: RpcCode, endpoints: number): boolean {
  return code === 'UNAVAILABLE' || (code === 'DEADLINE_EXCEEDED' && endpoints > 1);
}

export interface RegistryConnection {
  /** The endpoint ("host:port") this connection currently talks to. */
  readonly endpoint: string;
  /** How many endpoints it fails over across. */
  readonly endpointCount: number;
  register(request: RegisterRequest): Promise<RpcResult<RegisterReply>>;
  heartbeat(request: HeartbeatRequest): Promise<RpcResult<HeartbeatReply>>;
  /** Opens a HeartbeatStream; `onReply` gets each reply, or one failure when the stream breaks. */
  openHeartbeatStream(onReply: (result: RpcResult<HeartbeatReply>) => void): HeartbeatStream;
  deregister(request: DeregisterRequest): Promise<RpcResult<{ requeued: number }>>;
  reportTask(report: TaskReport): Promise<RpcResult<object>>;
  /** Opens the Tasks server stream for a session; `onEnd` runs once when it ends for any reason. */
  tasks(session: SessionRef, onTask: (task: Task) => void, onEnd: (failure?: RpcResult<never>) => void): { close(): void };
  /** Moves to the next endpoint of the list (after a failure), returning it. */
  failover(): string;
  close(): void;
}
