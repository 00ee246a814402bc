// What can be asked of the registry core, as data: each command names one thing that happens
// at a time (the core's `execute` takes it with `now`), and the reply it gets. Reads are not
// commands: they are the core's read-only queries (registry.ts).
import type {
  DeregisterRequest, Effect, HeartbeatReply, HeartbeatRequest, JobSpec, Outcome, RegisterReply, RegisterRequest, TaskReport,
} from './registry.types.ts';

export type Command =
  | { kind: 'register'; request: RegisterRequest }
  /** Batch registration (docs/behaviour.md §1): each request on its own, one result per item. */
  | { kind: 'registerBatch'; requests: readonly RegisterRequest[] }
  | { kind: 'heartbeat'; request: HeartbeatRequest }
  | { kind: 'deregister'; request: DeregisterRequest }
  /** Operator force-deregistration; the operator's `reason`, when given, is kept in the transition. */
  | { kind: 'forceDeregister'; workerId: string; reason?: string }
  /** Operator purge: the member is deleted and no longer dialled. */
  | { kind: 'unregister'; workerId: string }
  /** Operator pre-registration of a worker that is not up yet (seed 000). */
  | { kind: 'preRegister'; request: { name: string; address: string; workerId?: string } }
  | { kind: 'drain'; workerId: string }
  | { kind: 'reportTask'; report: TaskReport }
  | { kind: 'submitJob'; spec: JobSpec }
  /** The health check sweep (docs/behaviour.md §1), on its interval or when an operator asks. */
  | { kind: 'checkHealth' }
  /** The cleanup sweep (docs/behaviour.md §1): failed long enough → inactive; inactive long enough → removed. */
  | { kind: 'cleanup' }
  /** A dial-in of the reconnect monitor answered (`ok`) or not; failures back off per member. */
  | { kind: 'dialed'; memberId: string; ok: boolean };

type Requeued = Outcome<{ requeued: number }>;

/** The reply to each kind of command. */
export interface Replies {
  register: Outcome<RegisterReply>;
  registerBatch: Outcome<RegisterReply>[];
  heartbeat: Outcome<HeartbeatReply>;
  deregister: Requeued;
  forceDeregister: Requeued;
  unregister: Requeued;
  preRegister: Outcome<{ workerId: string; created: boolean }>;
  drain: Outcome<object>;
  reportTask: Outcome<object>;
  submitJob: Outcome<{ jobId: string; created: boolean }>;
  checkHealth: { checked: number; failed: number };
  cleanup: { cleaned: number; removed: number };
  dialed: void;
}

export type CommandKind = Command['kind'];
export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

/** What a command did: its reply, and the effects the runtime must carry out, in order. */
export interface Executed<R> {
  reply: R;
  effects: readonly Effect[];
}
