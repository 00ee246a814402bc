// Jobs: submitted, persisted, assigned to the least-loaded schedulable member (weighted by its
// load factor, capabilities matched), requeued when their member fails, and finished by a
// result that must name the current attempt and epoch (docs/behaviour.md §3).
import type { Effect, Job, JobSpec, JobState, Task } from './registry.types.ts';
import { stateOf, substateOf, type MemberReadout, type MemberRecord } from './member-table.ts';

export function isSchedulable(member: MemberReadout, now: number): boolean {
  const sub = substateOf(member);
  return (
    stateOf(member) === 'active' &&
    sub !== 'draining' &&
    member.jobIds.length < member.ctx.maxConcurrentJobs &&
    member.ctx.holdUntil <= now
  );
}

function matches(requires: Record<string, string>, capabilities: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(requires)) {
    if (capabilities[key] !== value) return false;
  }
  return true;
}

export function taskOf(job: Job): Task {
  return {
    jobId: job.id,
    attempt: job.attempt,
    epoch: job.epoch,
    kind: job.kind,
    payload: job.payload,
    timeoutMs: job.timeoutMs,
  };
}

/** The schedulable members in table order, found only as far as a search has needed them. */
class Candidates {
  readonly #found: MemberRecord[] = [];
  readonly #rest: Iterator<MemberRecord>;
  readonly #now: number;

  constructor(members: Iterable<MemberRecord>, now: number) {
    this.#rest = members[Symbol.iterator]();
    this.#now = now;
  }

  at(i: number): MemberRecord | undefined {
    while (this.#found.length <= i) {
      const next = this.#rest.next();
      if (next.done) return undefined;
      if (isSchedulable(next.value, this.#now)) this.#found.push(next.value);
    }
    return this.#found[i];
  }
}

/** The first of the least loaded members with room that can run the job; no member is loaded less than `floor`. */
function leastLoaded(candidates: Candidates, job: Job, floor: number): MemberRecord | undefined {
  let best: MemberRecord | undefined;
  let bestLoad = Infinity;
  for (let i = 0, m = candidates.at(0); m; m = candidates.at(++i)) {
    if (m.jobIds.length >= m.ctx.maxConcurrentJobs || !matches(job.requires, m.capabilities)) continue;
    const load = (m.jobIds.length + 1) / (m.ctx.maxConcurrentJobs * m.loadFactor);
    if (load < bestLoad) {
      best = m;
      bestLoad = load;
      if (load <= floor) break;
    }
  }
  return best;
}

export class JobBook {
  readonly jobs = new Map<string, Job>();
  /** Queued job IDs, oldest first. */
  #queue: string[] = [];
  readonly #effects: Effect[];
  #nextNumber = 1;

  constructor(effects: Effect[]) {
    this.#effects = effects;
  }

  get queued(): number {
    return this.#queue.length;
  }

  countByState(): Record<JobState, number> {
    const counts: Record<JobState, number> = { queued: 0, assigned: 0, succeeded: 0, failed: 0 };
    for (const job of this.jobs.values()) counts[job.state]++;
    return counts;
  }

  submit(spec: JobSpec, now: number): Job {
    const id = spec.jobId ?? `job-${this.#nextNumber++}`;
    const job: Job = {
      id,
      kind: spec.kind,
      payload: spec.payload ?? '',
      requires: spec.requires ?? {},
      timeoutMs: spec.timeoutMs ?? 60_000,
      state: 'queued',
      attempt: 0,
      memberId: null,
      epoch: 0,
      submittedAt: now,
      assignedAt: 0,
      finishedAt: 0,
      result: '',
    };
    this.jobs.set(id, job);
    this.#queue.push(id);
    this.#saved(job);
    return job;
  }

  /** Reloads a job from the store, queueing it again if it was waiting. */
  restore(job: Job): void {
    this.jobs.set(job.id, job);
    if (job.state === 'queued') this.#queue.push(job.id);
    const n = /^job-(\d+)$/.exec(job.id);
    if (n) this.#nextNumber = Math.max(this.#nextNumber, Number(n[1]) + 1);
  }

  /** Takes the named jobs off their member and queues them again (front of the queue). */
  requeue(member: MemberRecord, jobIds: readonly string[]): void {
    const back: string[] = [];
    for (const id of jobIds) {
      const job = this.jobs.get(id);
      member.jobIds = member.jobIds.filter((j) => j !== id);
      if (!job || job.state !== 'assigned' || job.memberId !== member.id) continue;
      job.state = 'queued';
      job.memberId = null;
      back.push(id);
      this.#saved(job);
    }
    this.#queue = [...back, ...this.#queue];
  }

  /**
   * Assigns queued jobs while some member has room. Returns the members that got jobs.
   * `roomiest`, the most room any member has, lets the search for a job stop at the first
   * member that is as unloaded as any can be, instead of looking at every member.
   */
  schedule(members: Iterable<MemberRecord>, now: number, roomiest = Infinity): Set<MemberRecord> {
    const assigned = new Set<MemberRecord>();
    if (this.#queue.length === 0) return assigned;
    const candidates = new Candidates(members, now);
    if (!candidates.at(0)) return assigned;
    const waiting: string[] = [];
    for (const id of this.#queue) {
      const job = this.jobs.get(id);
      if (!job || job.state !== 'queued') continue;
      const member = leastLoaded(candidates, job, 1 / roomiest);
      if (!member) {
        waiting.push(id);
        continue;
      }
      job.state = 'assigned';
      job.memberId = member.id;
      job.epoch = member.ctx.epoch;
      job.attempt += 1;
      job.assignedAt = now;
      member.jobIds.push(id);
      assigned.add(member);
      this.#saved(job);
      this.#effects.push({ kind: 'task.dispatched', memberId: member.id, task: taskOf(job) });
    }
    this.#queue = waiting;
    return assigned;
  }

  /** Records that a job changed, with its state as of now (the log shows each step). */
  #saved(job: Job, reporter: { by?: string; byEpoch?: number } = {}): void {
    this.#effects.push({ kind: 'job.saved', jobId: job.id, state: job.state, memberId: job.memberId, epoch: job.epoch, attempt: job.attempt, ...reporter });
  }

  /**
   * Accepts a result only from the member, epoch and attempt the job is assigned to now. The
   * finished job keeps its member and epoch: who ran it stays on record.
   */
  finish(member: MemberRecord, jobId: string, attempt: number, epoch: number, ok: boolean, result: string, now: number): string | undefined {
    const job = this.jobs.get(jobId);
    if (!job) return `job ${jobId} does not exist`;
    if (job.state !== 'assigned' || job.memberId !== member.id || job.epoch !== epoch || job.attempt !== attempt) {
      return `job ${jobId} is not assigned to ${member.id} at epoch ${epoch}, attempt ${attempt}`;
    }
    job.state = ok ? 'succeeded' : 'failed';
    job.finishedAt = now;
    job.result = result;
    member.jobIds = member.jobIds.filter((j) => j !== jobId);
    this.#saved(job, { by: member.id, byEpoch: epoch });
    return undefined;
  }
}
