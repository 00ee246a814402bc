// Loading the registry's members and jobs back from the store after a restart (docs/behaviour.md §5). The
// jobs are the authority on who runs what: each member's assignments are rebuilt from them.
import type { DeadlineWheel } from './deadline-wheel.ts';
import type { JobBook } from './job-book.ts';
import { stateOf, type MemberRecord, type MemberTable } from './member-table.ts';
import type { Job } from './registry.types.ts';

export interface RegistrySnapshot {
  members: MemberRecord[];
  jobs: Job[];
}

/** Only a live member's current session can still be running a job. */
function holds(member: MemberRecord, job: Job): boolean {
  const state = stateOf(member);
  return (state === 'active' || state === 'unhealthy') && member.ctx.epoch === job.epoch;
}

/** Loads `snapshot`; every member is first judged at `graceUntil`. Returns the highest `w-N` seen. */
export function restoreSnapshot(snapshot: RegistrySnapshot, table: MemberTable, jobs: JobBook, wheel: DeadlineWheel, graceUntil: number): number {
  let idNumber = 0;
  const ids: string[] = new Array(snapshot.members.length);
  for (let i = 0; i < snapshot.members.length; i++) {
    const member = snapshot.members[i]!;
    member.jobIds = [];
    table.add(member);
    ids[i] = member.id;
    const n = /^w-(\d+)$/.exec(member.id);
    if (n) idNumber = Math.max(idNumber, Number(n[1]));
  }
  wheel.scheduleAll(ids, graceUntil);
  for (const job of snapshot.jobs) {
    const member = job.state === 'assigned' && job.memberId ? table.get(job.memberId) : undefined;
    if (job.state === 'assigned' && !(member && holds(member, job))) {
      job.state = 'queued';
      job.memberId = null;
    }
    if (job.state === 'assigned') member?.jobIds.push(job.id);
    jobs.restore(job);
  }
  return idNumber;
}
