// What an embedding service holds on a running registry (the library's startRegistry), besides
// its ports and tokens: submit a job, read members and jobs, follow their changes. Reads and
// submissions go through the same core calls, checks and durability wait as the REST API's.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { MemberStateName } from '../../machines/member.machine.ts';
import { listMembers, viewOf } from '../../machines/registry/queries.ts';
import type { Job, JobSpec, JobState, MemberView } from '../../machines/registry/registry.types.ts';
import { onCore, unwrap } from '../http/core-call.ts';
import { jobSpecOf } from '../http/jobs.routes.ts';
import type { LogFields } from '../events/log-entry.ts';
import type { RegistryHost } from './registry-host.ts';

/** A member changed state, or was removed from the registry (`to: 'removed'`). */
export interface MemberChange {
  /** When, in ms since the epoch. */
  at: number;
  id: string;
  /** The state before and after, with the substate as the event log writes them ("active.idle"). */
  from: string | null;
  to: string;
  epoch: number | null;
  reason: string | null;
}

/** A job was submitted, assigned, requeued or finished: its state after the change. */
export interface JobChange {
  at: number;
  id: string;
  state: JobState;
  /** The worker it is assigned to; null while queued and once finished. */
  workerId: string | null;
  epoch: number;
  attempt: number;
}

export interface RegistryHandle {
  /**
   * Submits a job, checked as `POST /api/jobs` checks it; resolves once it is durable, assigned
   * to a worker with room or queued. Rejects with an ApiError (`code`: invalid_argument,
   * resource_exhausted when the queue is full, unavailable on a standby replica).
   */
  submitJob(spec: JobSpec): Promise<{ job: Job; created: boolean }>;
  /** The members, or those in one state (throws an ApiError `unavailable` on a standby). */
  members(state?: MemberStateName): MemberView[];
  member(id: string): MemberView | undefined;
  job(id: string): Job | undefined;
  /** Calls `listener` on each change; returns the function that unsubscribes it. */
  on(event: 'member', listener: (change: MemberChange) => void): () => void;
  on(event: 'job', listener: (change: JobChange) => void): () => void;
}

type ChangeListener = ((change: MemberChange) => void) | ((change: JobChange) => void);

/** The registry's events as member and job changes, for the handle's subscribers. */
export class RegistryChanges {
  readonly #emitter = new EventEmitter();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** One registry event (the event sink's `write`). */
  observe(at: number, type: string, fields: LogFields): void {
    const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
    const count = (key: string) => (typeof fields[key] === 'number' ? (fields[key] as number) : null);
    if (type === 'member') this.#emit('member', { at, id: text('id') ?? '', from: text('from'), to: text('to') ?? '', epoch: count('epoch'), reason: text('reason') });
    else if (type === 'member.removed') this.#emit('member', { at, id: text('id') ?? '', from: null, to: 'removed', epoch: null, reason: null });
    else if (type === 'job') this.#emit('job', { at, id: text('id') ?? '', state: text('state') as JobState, workerId: text('member'), epoch: count('epoch') ?? 0, attempt: count('attempt') ?? 0 });
  }

  on(event: 'member' | 'job', listener: ChangeListener): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  /** A listener that throws is logged and skipped: it must not break the registry's flush. */
  #emit(event: 'member' | 'job', change: MemberChange | JobChange): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as (change: MemberChange | JobChange) => void)(change);
      } catch (error) {
        this.#logger.error({ err: error, event }, `a ${event} change listener threw`);
      }
    }
  }
}

export function registryHandle(host: RegistryHost, changes: RegistryChanges): RegistryHandle {
  return {
    async submitJob(spec) {
      const checked = jobSpecOf(spec);
      const done = onCore(host, (core, now) => {
        const outcome = core.run({ kind: 'submitJob', spec: checked }, now);
        return { outcome, job: outcome.ok ? core.job(outcome.jobId) : undefined };
      });
      const { created } = unwrap(done.outcome);
      await host.settled();
      return { job: structuredClone(done.job!), created };
    },
    members: (state) => onCore(host, (core) => listMembers(core, state)),
    member(id) {
      const member = onCore(host, (core) => core.member(id));
      return member && viewOf(member);
    },
    job(id) {
      const job = onCore(host, (core) => core.job(id));
      return job && structuredClone(job);
    },
    on: (event: 'member' | 'job', listener: ChangeListener) => changes.on(event, listener),
  };
}
