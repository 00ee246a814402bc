// Jobs as the core's commands: a submission, a worker's result, and the requeue of dispatches
// a worker never received (docs/behaviour.md §3).
import { fail } from './error-codes.ts';
import { heartbeatIntervalMs, jobCountChanged, judge, schedule, type CoreParts } from './core-parts.ts';
import type { MemberRecord } from './member-table.ts';
import type { JobSpec, Outcome, TaskReport } from './registry.types.ts';
import { session } from './sessions.ts';

export function reportTask(c: CoreParts, report: TaskReport, now: number): Outcome<object> {
  const member = session(c.table, report.workerId, report.epoch, report.sessionToken);
  if ('ok' in member) return member;
  const problem = c.jobs.finish(member, report.jobId, report.attempt, report.epoch, report.ok, report.result ?? '', now);
  if (problem) return fail('failed_precondition', problem);
  jobCountChanged(c, member, now);
  schedule(c, now);
  return { ok: true };
}

export function submitJob(c: CoreParts, spec: JobSpec, now: number): Outcome<{ jobId: string; created: boolean }> {
  if (spec.jobId !== undefined && c.jobs.jobs.has(spec.jobId)) return { ok: true, jobId: spec.jobId, created: false };
  if (c.jobs.queued >= c.config.jobQueueMax) {
    return fail('resource_exhausted', `the job queue is full (${c.config.jobQueueMax} queued)`);
  }
  const job = c.jobs.submit(spec, now);
  schedule(c, now);
  return { ok: true, jobId: job.id, created: true };
}

/** Jobs assigned a while ago that the worker does not report were never delivered: requeue. */
export function reconcileJobs(r: CoreParts, member: MemberRecord, reported: readonly string[], now: number): void {
  const patience = 2 * heartbeatIntervalMs(r);
  const running = new Set(reported);
  const lost = member.jobIds.filter((id) => {
    const job = r.jobs.jobs.get(id);
    return job !== undefined && !running.has(id) && now - job.assignedAt > patience;
  });
  if (lost.length === 0) return;
  r.jobs.requeue(member, lost);
  judge(r, member, { type: 'jobs.changed', at: now, currentJobs: member.jobIds.length }, 'lost dispatches requeued', now);
  schedule(r, now);
}

