// Read-only views of the registry for the APIs: members, stats, one member's health, jobs.
import { isSchedulable } from './job-book.ts';
import { stateOf, substateOf, type MemberReadout } from './member-table.ts';
import type { MemberStateName } from '../member.machine.ts';
import type { RegistryReads } from './registry.ts';
import { reportProblem, reportView } from './worker-report.ts';
import type { Job, JobState, MemberHealth, MemberView, Stats } from './registry.types.ts';

/** A member as the APIs show it: a copy, apart from its maps (capabilities, labels, resources). */
export function viewOf(member: MemberReadout): MemberView {
  return {
    id: member.id,
    name: member.name,
    address: member.address,
    state: stateOf(member),
    substate: substateOf(member),
    epoch: member.ctx.epoch,
    registeredAt: member.registeredAt,
    lastHeartbeatAt: member.lastHeartbeatAt,
    maxConcurrentJobs: member.ctx.maxConcurrentJobs,
    currentJobs: member.jobIds.length,
    loadFactor: member.loadFactor,
    capabilities: member.capabilities,
    labels: member.labels,
    resources: member.resources,
    report: reportView(member),
  };
}

export function listMembers(registry: RegistryReads, state?: MemberStateName): MemberView[] {
  const out: MemberView[] = [];
  for (const member of registry.members()) {
    if (state === undefined || stateOf(member) === state) out.push(viewOf(member));
  }
  return out;
}

/** Members that can take work now: active and not draining. */
export function healthyMembers(registry: RegistryReads): MemberView[] {
  return listMembers(registry, 'active').filter((m) => m.substate !== 'draining');
}

export function memberHealth(registry: RegistryReads, id: string, now: number): MemberHealth | undefined {
  const member = registry.member(id);
  if (!member) return undefined;
  const state = stateOf(member);
  return {
    id,
    state,
    substate: substateOf(member),
    healthy: state === 'active',
    lastHeartbeatAt: member.lastHeartbeatAt,
    heartbeatAgeMs: member.lastHeartbeatAt > 0 ? now - member.lastHeartbeatAt : -1,
    consecutiveFailedChecks: member.ctx.checkFailures,
    reportProblem: reportProblem(member) ?? null,
    schedulable: isSchedulable(member, now),
  };
}

export function stats(registry: RegistryReads, heartbeatsPerSecond = 0): Stats {
  const counts = registry.counts();
  const bySubstate = { idle: 0, busy: 0, draining: 0 };
  let capacity = 0;
  let used = 0;
  for (const member of registry.members()) {
    const sub = substateOf(member);
    if (!sub) continue;
    bySubstate[sub]++;
    capacity += member.ctx.maxConcurrentJobs;
    used += member.jobIds.length;
  }
  const total = registry.memberCount;
  return {
    total,
    byState: { ...counts },
    bySubstate,
    capacity: { total: capacity, used, available: Math.max(0, capacity - used) },
    healthPercent: total === 0 ? 100 : Math.round(((total - counts.failed) / total) * 10_000) / 100,
    massFailureHeld: registry.guardHeld,
    heartbeatsPerSecond,
  };
}

export function listJobs(registry: RegistryReads, state?: JobState): Job[] {
  const out: Job[] = [];
  for (const job of registry.jobs()) if (state === undefined || job.state === state) out.push(job);
  return out;
}
