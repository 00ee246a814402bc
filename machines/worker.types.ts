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
  /** Wait before the first heartbeat in `active`: a random stagger after registering, the interval after a probe. */
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

/**
 * Input of the `heartbeats` actor, the steady heartbeat loop that `active` and `draining`
 * invoke (`id: 'heartbeats'`). The machine's default does nothing; a runtime provides the real
 * loop with `workerMachine.provide({ actors: { heartbeats: fromCallback(...) } })`. Its duties:
 * - wait `firstDelayMs`, then send a heartbeat for this session; count each next interval from
 *   the ack of the previous heartbeat;
 * - on an ack, `sendBack({ type: 'heartbeat.acked', instruction, heartbeatIntervalMs })` only if
 *   the instruction is not `'none'`, or the interval changed, or `reportAcks` is still on (it
 *   stays on until the loop receives `acks.quiet`); adopt a changed interval itself;
 * - on a failure (its own timeout is DEADLINE_EXCEEDED), `sendBack({ type: 'heartbeat.failed',
 *   code, message, retryAfterMs? })`; in mode `'active'` then stop sending (the machine is about
 *   to leave the state), in mode `'draining'` keep beating every interval;
 * - when stopped, cancel its timer and ignore any reply still in flight.
 * A steady ack thus costs the machine nothing: no event, no transition. The input is fixed when
 * the loop starts: what a beat reports about running jobs, the runtime reads from the worker
 * actor's snapshot at send time.
 */
export interface HeartbeatLoopInput {
  workerId: string;
  epoch: number;
  sessionToken: string;
  firstDelayMs: number;
  intervalMs: number;
  mode: 'active' | 'draining';
  /** Report every ack (the breaker is not closed yet and counts them) until `acks.quiet`. */
  reportAcks: boolean;
}

/** Events the machine sends to the `heartbeats` loop. */
export type HeartbeatLoopEvent = { type: 'acks.quiet' };

export type WorkerEvent =
  | { type: 'worker.start' }
  /**
   * A registry dialled in and asked this worker to register with it at `endpoint`.
   * `sameRegistry`: the worker already talks to that registry (the runtime knows its
   * connection). Such a dial-in is a hint to check the session, never a reason to open a second
   * one: a dial started while the worker was away may land after it came back on its own.
   */
  | { type: 'worker.attached'; endpoint: string; sameRegistry: boolean }
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
  // `reason`: the registry's error code; `superseded` means another process took this worker's session.
  | { type: 'heartbeat.failed'; code: RpcCode; message: string; retryAfterMs?: number; reason?: string }
  | { type: 'deregister.succeeded' }
  | { type: 'deregister.failed'; code: RpcCode; message: string; retryAfterMs?: number }
  | { type: 'task.assigned'; jobId: string }
  | { type: 'task.finished'; jobId: string; ok: boolean }
  | BreakerChangedEvent;

/** The failure events, which all carry a code and may carry a retry-after. */
export type RpcFailedEvent = Extract<WorkerEvent, { type: 'register.failed' | 'heartbeat.failed' | 'deregister.failed' }>;
