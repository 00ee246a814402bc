// Input, context and events of the worker agent machine (`worker.machine.ts`).
import type { BreakerChangedEvent, BreakerState } from './breaker.machine.ts';
import type { RandomState } from './random.ts';
import type { RpcCode } from './rpc-code.ts';
import type { WorkerConfig } from './worker.config.ts';

export type { WorkerConfig } from './worker.config.ts';

export interface WorkerInput {
  name: string;
  workerId?: string;
  workerSecret?: string;
  maxConcurrentJobs: number;
  /** The registry's address is known (`--registry`); otherwise wait for `worker.attached`. */
  registryKnown: boolean;
  seed: number;
  config?: Partial<WorkerConfig>;
}

export interface WorkerError {
  code: RpcCode;
  message: string;
}

export interface WorkerContext {
  name: string;
  workerId?: string;
  workerSecret?: string;
  /** Session epoch from the last registration; 0 before the first. */
  epoch: number;
  sessionToken?: string;
  /** Registry endpoint from `worker.attached`, if a registry dialled in. */
  endpoint?: string;
  registryKnown: boolean;
  maxConcurrentJobs: number;
  /** Current heartbeat period: the config's, then the registry's. */
  heartbeatIntervalMs: number;
  /** Wait before the next heartbeat: a random stagger after registering, then the interval. */
  nextHeartbeatDelayMs: number;
  /** Consecutive failures of the RPC being retried (register, probe or deregister). */
  attempt: number;
  /** Backoff before the next retry, computed when the failure arrived. */
  retryDelayMs: number;
  runningJobs: string[];
  rngState: RandomState;
  config: WorkerConfig;
  /** Mirror of the breaker child's state, updated by `breaker.changed`. */
  breakerState: BreakerState;
  /** The error that stopped the worker (fatal registration or failed deregistration). */
  error?: WorkerError;
}

export type HeartbeatInstruction = 'none' | 'reRegister' | 'drain';

export type WorkerEvent =
  | { type: 'worker.start' }
  | { type: 'worker.attached'; endpoint: string }
  | { type: 'worker.stop' }
  | {
      type: 'register.succeeded';
      workerId: string;
      workerSecret?: string;
      epoch: number;
      sessionToken: string;
      heartbeatIntervalMs: number;
      reRegistered: boolean;
    }
  | { type: 'register.failed'; code: RpcCode; message: string; retryAfterMs?: number }
  | { type: 'heartbeat.acked'; instruction: HeartbeatInstruction; heartbeatIntervalMs: number }
  | { type: 'heartbeat.failed'; code: RpcCode; message: string; retryAfterMs?: number }
  | { type: 'deregister.succeeded' }
  | { type: 'deregister.failed'; code: RpcCode; message: string; retryAfterMs?: number }
  | { type: 'task.assigned'; jobId: string }
  | { type: 'task.finished'; jobId: string; ok: boolean }
  | BreakerChangedEvent;

/** The failure events, which all carry a code and may carry a retry-after. */
export type RpcFailedEvent = Extract<WorkerEvent, { type: 'register.failed' | 'heartbeat.failed' | 'deregister.failed' }>;
