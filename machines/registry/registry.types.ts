// Requests, replies and effects of the registry core. The same shapes serve the simulator's
// in-memory network and the gRPC/REST runtime, which map them onto their wire formats.
import type { BreakerState } from '../breaker.machine.ts';
import type { MemberStateName, MemberSubstate } from '../member.machine.ts';

export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'failed_precondition'
  | 'rate_limited'
  | 'unauthenticated'
  | 'permission_denied'
  | 'resource_exhausted'
  | 'superseded';

export interface FieldViolation {
  field: string;
  description: string;
}

export interface RegistryError {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: FieldViolation[];
  retryAfterMs?: number;
}

export type Outcome<T> = ({ ok: true } & T) | RegistryError;

export interface Resources {
  cpuCores?: number;
  memoryMb?: number;
  diskMb?: number;
}

export interface RegisterRequest {
  /** The network address the request came from (set by the API, never by the client): rate limits. */
  sourceAddress?: string;
  workerId?: string;
  workerSecret?: string;
  /**
   * Which process of the worker registers (random, new at every process start). Tells a worker's
   * own retried registration from another process holding the same ID and secret.
   */
  instance?: string;
  name: string;
  /**
   * `name` is one the worker made up (its host and agent port), not one it was given: it does
   * not replace a name the member was given (an operator's pre-registration, an earlier one).
   */
  defaultName?: boolean;
  address?: string;
  maxConcurrentJobs: number;
  loadFactor?: number;
  capabilities?: Record<string, string>;
  labels?: Record<string, string>;
  resources?: Resources;
  version?: string;
}

export interface RegisterReply {
  workerId: string;
  /** Issued on first registration only; the worker keeps it with its ID. */
  workerSecret?: string;
  epoch: number;
  sessionToken: string;
  reRegistered: boolean;
  /** The requested ID belonged to another live worker, so a fresh one was assigned. */
  idReassigned: boolean;
  registeredAt: number;
  heartbeatIntervalMs: number;
}

export interface HeartbeatRequest {
  workerId: string;
  epoch: number;
  sessionToken: string;
  currentJobs: number;
  activeJobIds?: string[];
  draining?: boolean;
  cpuPercent?: number;
  memoryUsedMb?: number;
  memoryTotalMb?: number;
  errorCount?: number;
  message?: string;
  /** The worker's circuit breaker, when it says (machines/breaker.machine.ts). */
  breakerState?: BreakerState;
}

export type Instruction = 'none' | 'reRegister' | 'drain';

export interface HeartbeatReply {
  instruction: Instruction;
  heartbeatIntervalMs: number;
}

export interface DeregisterRequest {
  workerId: string;
  epoch: number;
  sessionToken: string;
  force?: boolean;
  reason?: string;
}

export interface JobSpec {
  jobId?: string;
  kind: string;
  payload?: string;
  requires?: Record<string, string>;
  timeoutMs?: number;
}

export type JobState = 'queued' | 'assigned' | 'succeeded' | 'failed';

export interface Job {
  id: string;
  kind: string;
  payload: string;
  requires: Record<string, string>;
  timeoutMs: number;
  state: JobState;
  /** Bumped on every assignment; a result must name the current one. */
  attempt: number;
  /** The member it is assigned to, or the one that finished it; null while queued. */
  memberId: string | null;
  epoch: number;
  submittedAt: number;
  assignedAt: number;
  finishedAt: number;
  result: string;
}

export interface TaskReport {
  workerId: string;
  epoch: number;
  sessionToken: string;
  jobId: string;
  attempt: number;
  ok: boolean;
  result?: string;
}

export interface Task {
  jobId: string;
  attempt: number;
  epoch: number;
  kind: string;
  payload: string;
  timeoutMs: number;
}

/** What the worker last reported in a heartbeat of its current session (worker-report.ts). */
export interface ReportView {
  at: number;
  currentJobs: number;
  cpuPercent: number | null;
  memoryUsedMb: number | null;
  memoryTotalMb: number | null;
  errorCount: number | null;
  message: string;
  breakerState: BreakerState | null;
  /** Why the report disagrees with the registry (a failed health check), or null. */
  problem: string | null;
}

export interface MemberView {
  id: string;
  name: string;
  address: string;
  state: MemberStateName;
  substate: MemberSubstate | null;
  epoch: number;
  registeredAt: number;
  lastHeartbeatAt: number;
  maxConcurrentJobs: number;
  currentJobs: number;
  loadFactor: number;
  capabilities: Record<string, string>;
  labels: Record<string, string>;
  resources: Resources;
  report: ReportView | null;
}

export interface Stats {
  total: number;
  byState: Record<MemberStateName, number>;
  bySubstate: Record<MemberSubstate, number>;
  capacity: { total: number; used: number; available: number };
  healthPercent: number;
  massFailureHeld: boolean;
  /** Measured by the runtime over its last window; 0 where nothing measures it. */
  heartbeatsPerSecond: number;
}

export interface MemberHealth {
  id: string;
  state: MemberStateName;
  substate: MemberSubstate | null;
  healthy: boolean;
  lastHeartbeatAt: number;
  heartbeatAgeMs: number;
  consecutiveFailedChecks: number;
  reportProblem: string | null;
  schedulable: boolean;
}

/** What the runtime must do for the registry: persist before replying, dispatch, log. */
export type Effect =
  | { kind: 'member.saved'; memberId: string }
  | { kind: 'member.removed'; memberId: string }
  // `by` and `byEpoch`: on a finished job, the member and session whose result was accepted.
  | { kind: 'job.saved'; jobId: string; state: JobState; memberId: string | null; epoch: number; attempt: number; by?: string; byEpoch?: number }
  | { kind: 'task.dispatched'; memberId: string; task: Task }
  | {
      kind: 'member.transitioned';
      memberId: string;
      from: string;
      to: string;
      epoch: number;
      reason: string;
      /** On a transition the silence caused (unhealthy, then failed): the time since the member's last heartbeat. */
      silentMs?: number;
      /** On a session's opening: its capacity (maxConcurrentJobs), so a log can count its jobs against it. */
      capacity?: number;
    }
  /** A failed health check (docs/behaviour.md §1), so a log can count them in a row. */
  | { kind: 'check.failed'; memberId: string; epoch: number; problem: string }
  | { kind: 'guard.changed'; held: boolean; unhealthyFraction: number }
  /** A registration refused (so a log shows failed attempts and lock-outs). */
  | { kind: 'registration.refused'; workerId: string | null; source: string | null; code: string }
  /** A worker's own deregistration, with or without force, and the jobs it held. */
  | { kind: 'member.deregistering'; memberId: string; force: boolean; jobs: number };
