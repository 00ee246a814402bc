// What a member's own session and the operator do to it once it exists: heartbeats,
// deregistration (the worker's, or forced), the operator's purge and drain. Each runs on the
// core's parts (core-parts.ts); transitions go through `settle`/`judge`, which carry out the
// actions the member machine names.
import { counted, fail } from './error-codes.ts';
import { heartbeatIntervalMs, judge, offer, scaled, schedule, settle, type CoreParts } from './core-parts.ts';
import { stateOf, substateOf, type MemberRecord } from './member-table.ts';
import type { DeregisterRequest, HeartbeatReply, HeartbeatRequest, Outcome } from './registry.types.ts';
import { reconcileJobs } from './job-commands.ts';
import { updateGuard } from './guard.ts';
import { session } from './sessions.ts';
import { keepReport, reportProblem } from './worker-report.ts';

export function heartbeat(c: CoreParts, request: HeartbeatRequest, now: number): Outcome<HeartbeatReply> {
  const member = session(c.table, request.workerId, request.epoch, request.sessionToken);
  if ('ok' in member) return counted(c.counters.heartbeatFailures, member);
  member.lastHeartbeatAt = now;
  c.counters.heartbeats++;
  c.heartbeatsToWrite.add(member.id);
  let recovered = false;
  if (stateOf(member) === 'unhealthy') {
    const event = { type: 'heartbeat.received' as const, at: now, currentJobs: member.jobIds.length };
    recovered = settle(c, member, event, 'heartbeat resumed');
    c.wheel.schedule(member.id, now + scaled(c, c.config.unhealthyAfterMs));
    // A recovery may end a mass failure: release the guard now, not at the next sweep.
    updateGuard(c, now);
  }
  // The worker's own drain is taken before anything is scheduled, so it gets no new job.
  const draining = substateOf(member) === 'draining';
  if (request.draining && !draining && stateOf(member) === 'active') {
    settle(c, member, { type: 'drain.requested', at: now }, 'worker draining');
  }
  if (recovered) schedule(c, now);
  if (request.activeJobIds) reconcileJobs(c, member, request.activeJobIds, now);
  keepReport(member, request, member.jobIds.length); // a fresh heartbeat passes the health check unless its report disagrees
  if (member.ctx.checkFailures > 0 && !reportProblem(member)) settle(c, member, { type: 'check.passed', at: now }, 'heartbeat');
  offer(c, member, now);
  return {
    ok: true,
    instruction: draining && !request.draining ? 'drain' : 'none',
    heartbeatIntervalMs: heartbeatIntervalMs(c),
  };
}

export function deregister(c: CoreParts, request: DeregisterRequest, now: number): Outcome<{ requeued: number }> {
  const member = session(c.table, request.workerId, request.epoch, request.sessionToken);
  if ('ok' in member) return member;
  const count = member.jobIds.length;
  c.effects.push({ kind: 'member.deregistering', memberId: member.id, force: request.force === true, jobs: count });
  if (count > 0 && !request.force) {
    return fail('failed_precondition', `worker ${member.id} has ${count} active job(s); deregister with force to requeue them`);
  }
  return leave(c, member, request.reason || 'deregistered', now);
}

/**
 * Operator force-deregistration: inactive now, session revoked, jobs requeued (a failed member
 * is unregistered instead). The operator's `reason`, when given, is kept in the transition.
 */
export function forceDeregister(c: CoreParts, workerId: string, now: number, reason = ''): Outcome<{ requeued: number }> {
  const member = c.table.get(workerId);
  if (!member) return fail('not_found', `worker ${workerId} does not exist`);
  if (stateOf(member) === 'failed') return fail('failed_precondition', `worker ${workerId} has failed; unregister it to remove it`);
  const why = reason ? `deregistered by an operator: ${reason}` : 'deregistered by an operator';
  return stateOf(member) === 'inactive' ? { ok: true, requeued: 0 } : leave(c, member, why, now);
}

/** The member leaves: the machine's `inactive` revokes its session and gives its jobs back. */
function leave(c: CoreParts, member: MemberRecord, reason: string, now: number): Outcome<{ requeued: number }> {
  const count = member.jobIds.length;
  judge(c, member, { type: 'member.deregistered', at: now }, reason, now);
  c.wheel.cancel(member.id);
  return { ok: true, requeued: count };
}

/** Operator purge: the member is deleted and no longer dialled. */
export function unregister(c: CoreParts, workerId: string, now: number): Outcome<{ requeued: number }> {
  const member = c.table.get(workerId);
  if (!member) return fail('not_found', `worker ${workerId} does not exist`);
  const count = member.jobIds.length;
  c.jobs.requeue(member, member.jobIds);
  c.table.delete(member);
  c.wheel.cancel(member.id);
  c.effects.push({ kind: 'member.removed', memberId: member.id });
  schedule(c, now);
  return { ok: true, requeued: count };
}

export function drain(c: CoreParts, workerId: string, now: number): Outcome<object> {
  const member = c.table.get(workerId);
  if (!member) return fail('not_found', `worker ${workerId} does not exist`);
  if (stateOf(member) !== 'active') return fail('failed_precondition', `worker ${workerId} is ${stateOf(member)}, not active`);
  settle(c, member, { type: 'drain.requested', at: now }, 'drain requested');
  return { ok: true };
}
