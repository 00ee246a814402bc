// Everything the registry does because time passed: the deadline wheel (missed heartbeats),
// the health check, the cleanup sweep, the mass-failure guard, the restart grace, the
// reconnect monitor's choice of whom to dial, and reconciliation of lost job dispatches.
import { judge, scaled, type CoreParts } from './core-parts.ts';
import { updateGuard } from './guard.ts';
import { stateOf, type MemberReadout, type MemberRecord } from './member-table.ts';
import { unregister } from './member-commands.ts';
import { reportProblem } from './worker-report.ts';

/**
 * A mass event (every member stale after an outage) is judged a slice per tick: 5,000 members
 * take about 0.1 s, so the process never stalls for seconds (a replica would lose its lease).
 */
export const JUDGED_PER_TICK = 5_000;

/**
 * Looks at the members whose deadline bucket is due, at most JUDGED_PER_TICK of them; the rest
 * stay due for the next tick. Call it at least every deadlineResolution.
 */
export function tick(r: CoreParts, now: number): void {
  const due = r.wheel.due(now);
  if (due.length === 0) return;
  updateGuard(r, now);
  for (const [i, id] of due.entries()) {
    if (i >= JUDGED_PER_TICK) {
      r.wheel.schedule(id, now); // filed at or before now: the wheel's next bucket, the next tick
      continue;
    }
    const member = r.table.get(id);
    if (member) judgeDeadline(r, member, now);
  }
  updateGuard(r, now);
}

function judgeDeadline(r: CoreParts, member: MemberRecord, now: number): void {
  const guard = r.guard;
  if (now < guard.graceUntil) {
    r.wheel.schedule(member.id, guard.graceUntil);
    return;
  }
  const state = stateOf(member);
  if (state === 'active') {
    const deadline = member.lastHeartbeatAt + scaled(r, r.config.unhealthyAfterMs);
    if (now < deadline) return r.wheel.schedule(member.id, deadline);
    judge(r, member, { type: 'heartbeat.overdue', at: now }, `no heartbeat for ${now - member.lastHeartbeatAt} ms`, now);
    updateGuard(r, now);
  }
  if (stateOf(member) === 'unhealthy') {
    // Time spent unhealthy while the guard held does not count: when it lets go, the workers
    // it protected get a whole failedAfter to reach the registry again.
    const deadline = Math.max(member.ctx.since, guard.releasedAt) + scaled(r, r.config.failedAfterMs);
    if (now < deadline || guard.held) return r.wheel.schedule(member.id, Math.max(deadline, now)); // held: the next tick looks again
    judge(r, member, { type: 'unhealthy.expired', at: now }, `unhealthy for ${now - member.ctx.since} ms`, now);
  }
}

/**
 * The health check (docs/behaviour.md §1): freshness, and consistency of what the registry assigned with
 * the capacity and with what the worker last reported (worker-report.ts); N failed checks in a
 * row → failed.
 */
export function healthCheck(r: CoreParts, now: number): { checked: number; failed: number } {
  updateGuard(r, now);
  let checked = 0;
  let failed = 0;
  if (now < r.guard.graceUntil) return { checked, failed };
  // Judging a member never adds or removes one, so the scaled deadline holds for the sweep.
  const staleAfterMs = scaled(r, r.config.unhealthyAfterMs);
  for (const member of r.table.members.values()) {
    const state = stateOf(member);
    if (state !== 'active' && state !== 'unhealthy') continue;
    checked++;
    const problem = inconsistency(member, now, staleAfterMs);
    if (!problem) {
      if (member.ctx.checkFailures > 0) judge(r, member, { type: 'check.passed', at: now }, 'health check passed', now);
      continue;
    }
    if (r.guard.held && state === 'unhealthy') continue;
    failed++;
    r.effects.push({ kind: 'check.failed', memberId: member.id, epoch: member.ctx.epoch, problem });
    judge(r, member, { type: 'check.failed', at: now, stale: problem === STALE }, `health check failed: ${problem}`, now);
  }
  updateGuard(r, now);
  return { checked, failed };
}

const STALE = 'heartbeat is stale';

function inconsistency(member: MemberRecord, now: number, staleAfterMs: number): string | undefined {
  if (now - member.lastHeartbeatAt > staleAfterMs) return STALE;
  if (member.jobIds.length > member.ctx.maxConcurrentJobs) return 'more jobs than capacity';
  return reportProblem(member);
}

/** Cleanup (docs/behaviour.md §1): failed long enough → inactive; inactive long enough → removed. */
export function cleanup(r: CoreParts, now: number): { cleaned: number; removed: number } {
  let cleaned = 0;
  let removed = 0;
  for (const member of [...r.table.members.values()]) {
    const state = stateOf(member);
    const age = now - member.ctx.since;
    if (state === 'failed' && age >= r.config.cleanupAfterMs) {
      judge(r, member, { type: 'cleanup.due', at: now }, 'cleaned up after failure', now);
      cleaned++;
    } else if (state === 'inactive' && age >= r.config.removeAfterMs) {
      unregister(r, member.id, now);
      removed++;
    }
  }
  return { cleaned, removed };
}

/** Members the reconnect monitor should dial now (docs/behaviour.md §1, seed 000), oldest first. */
export function dialTargets(r: CoreParts, now: number): MemberReadout[] {
  const out: MemberReadout[] = [];
  for (const member of r.table.members.values()) {
    if (out.length >= r.config.reconnectConcurrency) break;
    // A member whose address another has registered with since would reach that one's agent.
    if (!member.address || member.addressTaken || member.nextDialAt > now) continue;
    const state = stateOf(member);
    const dialable = state === 'registered' || state === 'failed' || (state === 'inactive' && !member.ctx.leftGracefully);
    if (dialable) out.push(member);
  }
  return out;
}

/** Records a dial-in outcome; failures back off exponentially per member, up to a cap. */
export function dialed(r: CoreParts, member: MemberRecord, ok: boolean, now: number): void {
  if (ok) {
    member.dialFailures = 0;
    member.nextDialAt = now + r.config.reconnectIntervalMs;
    return;
  }
  member.dialFailures += 1;
  const backoff = r.config.reconnectIntervalMs * 2 ** Math.min(member.dialFailures - 1, 20);
  member.nextDialAt = now + Math.min(backoff, r.config.reconnectBackoffMaxMs);
}
