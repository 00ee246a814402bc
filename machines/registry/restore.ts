// Loading the registry's members and jobs back from the store after a restart (docs/behaviour.md §5). The
// jobs are the authority on who runs what: each member's assignments are rebuilt from them.
// The load runs in steps of at most `slice` records, so a runtime can let its event loop run
// between them (a lease's renewals, docs/scale-out.md); any slicing gives the same core.
import type { DeadlineWheel } from './deadline-wheel.ts';
import type { JobBook } from './job-book.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { Job } from './registry.types.ts';

export interface RegistrySnapshot {
  members: MemberRecord[];
  jobs: Job[];
}

/** Where a snapshot is loaded into. */
export interface RestoreTarget {
  table: MemberTable;
  jobs: JobBook;
  wheel: DeadlineWheel;
}

/** Only a live member's current session can still be running a job. */
function holds(member: MemberRecord, job: Job): boolean {
  const state = stateOf(member);
  return (state === 'active' || state === 'unhealthy') && member.ctx.epoch === job.epoch;
}

/** Members `from`..`to` of `members`; returns the highest `w-N` among them. */
function restoreMembers(members: readonly MemberRecord[], from: number, to: number, into: RestoreTarget, graceUntil: number): number {
  let idNumber = 0;
  const ids: string[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    const member = members[i]!;
    member.jobIds = [];
    into.table.add(member);
    ids[i - from] = member.id;
    const n = /^w-(\d+)$/.exec(member.id);
    if (n) idNumber = Math.max(idNumber, Number(n[1]));
  }
  into.wheel.scheduleAll(ids, graceUntil);
  return idNumber;
}

function restoreJob(job: Job, into: RestoreTarget): void {
  const member = job.state === 'assigned' && job.memberId ? into.table.get(job.memberId) : undefined;
  if (job.state === 'assigned' && !(member && holds(member, job))) {
    job.state = 'queued';
    job.memberId = null;
  }
  if (job.state === 'assigned') member?.jobIds.push(job.id);
  into.jobs.restore(job);
}

/**
 * Loads `snapshot` in steps of at most `slice` members or jobs, pausing (yielding) after each
 * but the last; every member is first judged at `graceUntil`. Returns the highest `w-N` seen.
 */
export function* restoreSteps(snapshot: RegistrySnapshot, into: RestoreTarget, graceUntil: number, slice: number): Generator<void, number, void> {
  const { members, jobs } = snapshot;
  let idNumber = 0;
  for (let from = 0; from < members.length; from += slice) {
    if (from > 0) yield;
    idNumber = Math.max(idNumber, restoreMembers(members, from, Math.min(members.length, from + slice), into, graceUntil));
  }
  for (let from = 0; from < jobs.length; from += slice) {
    if (from > 0 || members.length > 0) yield;
    for (let i = from; i < Math.min(jobs.length, from + slice); i++) restoreJob(jobs[i]!, into);
  }
  return idNumber;
}

/** Loads `snapshot` in one go (see `restoreSteps`). */
export function restoreSnapshot(snapshot: RegistrySnapshot, into: RestoreTarget, graceUntil: number): number {
  const steps = restoreSteps(snapshot, into, graceUntil, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
