// The REST API's JSON shapes (docs/behaviour.md §4 "REST shapes") and the conversions from the core's
// views: times become ISO-8601 strings, and a time that has not happened yet becomes null.
import type { MemberStateName, MemberSubstate } from '../../machines/member.machine.ts';
import type { Job, JobState, MemberHealth, MemberView, ReportView, Resources } from '../../machines/registry/registry.types.ts';

export type Iso = string;

/** An ISO-8601 time, or null for "never" (the core keeps 0 there). */
export function isoOrNull(ms: number): Iso | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}

export interface WorkerJson {
  id: string;
  name: string;
  address: string;
  state: MemberStateName;
  substate: MemberSubstate | null;
  epoch: number;
  registeredAt: Iso;
  lastHeartbeatAt: Iso | null;
  maxConcurrentJobs: number;
  currentJobs: number;
  loadFactor: number;
  capabilities: Record<string, string>;
  labels: Record<string, string>;
  resources: Resources;
  /** What the worker last reported about itself (its current session's last heartbeat), or null. */
  report: ReportJson | null;
}

export type ReportJson = Omit<ReportView, 'at'> & { at: Iso };

export function workerJson(view: MemberView): WorkerJson {
  return {
    id: view.id,
    name: view.name,
    address: view.address,
    state: view.state,
    substate: view.substate,
    epoch: view.epoch,
    registeredAt: new Date(view.registeredAt).toISOString(),
    lastHeartbeatAt: isoOrNull(view.lastHeartbeatAt),
    maxConcurrentJobs: view.maxConcurrentJobs,
    currentJobs: view.currentJobs,
    loadFactor: view.loadFactor,
    capabilities: view.capabilities,
    labels: view.labels,
    resources: view.resources,
    report: view.report && { ...view.report, at: new Date(view.report.at).toISOString() },
  };
}

export interface WorkerHealthJson {
  id: string;
  state: MemberStateName;
  substate: MemberSubstate | null;
  healthy: boolean;
  schedulable: boolean;
  lastHeartbeatAt: Iso | null;
  heartbeatAgeMs: number | null;
  consecutiveFailedChecks: number;
  /** Why the worker's last report disagrees with the registry (it fails the health check), or null. */
  reportProblem: string | null;
}

export function healthJson(health: MemberHealth): WorkerHealthJson {
  return {
    id: health.id,
    state: health.state,
    substate: health.substate,
    healthy: health.healthy,
    schedulable: health.schedulable,
    lastHeartbeatAt: isoOrNull(health.lastHeartbeatAt),
    heartbeatAgeMs: health.heartbeatAgeMs < 0 ? null : health.heartbeatAgeMs,
    consecutiveFailedChecks: health.consecutiveFailedChecks,
    reportProblem: health.reportProblem,
  };
}

export interface JobJson {
  id: string;
  kind: string;
  payload: string;
  requires: Record<string, string>;
  timeoutMs: number;
  state: JobState;
  attempt: number;
  workerId: string | null;
  epoch: number;
  submittedAt: Iso;
  assignedAt: Iso | null;
  finishedAt: Iso | null;
  result: string;
}

export function jobJson(job: Job): JobJson {
  return {
    id: job.id,
    kind: job.kind,
    payload: job.payload,
    requires: job.requires,
    timeoutMs: job.timeoutMs,
    state: job.state,
    attempt: job.attempt,
    workerId: job.memberId,
    epoch: job.epoch,
    submittedAt: new Date(job.submittedAt).toISOString(),
    assignedAt: isoOrNull(job.assignedAt),
    finishedAt: isoOrNull(job.finishedAt),
    result: job.result,
  };
}

export const MEMBER_STATES: readonly MemberStateName[] = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];
export const JOB_STATES: readonly JobState[] = ['queued', 'assigned', 'succeeded', 'failed'];
