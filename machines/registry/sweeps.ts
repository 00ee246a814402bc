// Everything the registry does because time passed: the deadline wheel (missed heartbeats),
// the health check, the cleanup sweep, the mass-failure guard, the restart grace, the
// reconnect monitor's choice of whom to dial, and reconciliation of lost job dispatches.
import { stateOf, type MemberRecord } from './member-table.ts';
import type { Registry } from './registry.ts';
import { reportProblem } from './worker-report.ts';

/**
 * A mass event (every member stale after an outage) is judged a slice per tick: 5,000 members
 * take about 0.1 s, so the process never stalls for seconds (a replica would lose its lease).
 */
export const JUDGED_PER_TICK = 5_000;

export class Sweeps {
  readonly #registry: Registry;
  readonly graceUntil: number;
  #held = false;
  /** When the guard last let go. */
  #releasedAt = -Infinity;

  constructor(registry: Registry, graceUntil: number) {
    this.#registry = registry;
    this.graceUntil = graceUntil;
  }

  get held(): boolean {
    return this.#held;
  }

  /**
   * Looks at the members whose deadline bucket is due, at most JUDGED_PER_TICK of them; the rest
   * stay due for the next tick. Call it at least every deadlineResolution.
   */
  tick(now: number): void {
    const r = this.#registry;
    const due = r.wheel.due(now);
    if (due.length === 0) return;
    this.updateGuard(now);
    for (const [i, id] of due.entries()) {
      if (i >= JUDGED_PER_TICK) {
        r.wheel.schedule(id, now + r.config.deadlineResolution);
        continue;
      }
      const member = r.table.get(id);
      if (member) this.#judgeDeadline(member, now);
    }
    this.updateGuard(now);
  }

  #judgeDeadline(member: MemberRecord, now: number): void {
    const r = this.#registry;
    if (now < this.graceUntil) {
      r.wheel.schedule(member.id, this.graceUntil);
      return;
    }
    const state = stateOf(member);
    if (state === 'active') {
      const deadline = member.lastHeartbeatAt + r.scaled(r.config.unhealthyAfter);
      if (now < deadline) return r.wheel.schedule(member.id, deadline);
      r.judge(member, { type: 'heartbeat.overdue', at: now }, `no heartbeat for ${now - member.lastHeartbeatAt} ms`, now);
      this.updateGuard(now);
    }
    if (stateOf(member) === 'unhealthy') {
      // Time spent unhealthy while the guard held does not count: when it lets go, the workers
      // it protected get a whole failedAfter to reach the registry again.
      const deadline = Math.max(member.ctx.since, this.#releasedAt) + r.scaled(r.config.failedAfter);
      if (now < deadline || this.#held) return r.wheel.schedule(member.id, Math.max(deadline, now + r.config.deadlineResolution));
      r.judge(member, { type: 'unhealthy.expired', at: now }, `unhealthy for ${now - member.ctx.since} ms`, now);
    }
  }

  /** The mass-failure guard: too many unhealthy at once means the registry is the one cut off. */
  /** Re-evaluates the guard from the current state counts (cheap: O(1)). */
  updateGuard(now: number): void {
    const r = this.#registry;
    const unhealthy = r.table.counts.unhealthy;
    const live = r.table.counts.active + unhealthy;
    const fraction = live === 0 ? 0 : unhealthy / live;
    const held = live >= r.config.massFailureMinMembers && fraction > r.config.massFailureFraction;
    if (held === this.#held) return;
    this.#held = held;
    if (!held) this.#releasedAt = now;
    r.effects.push({ kind: 'guard.changed', held, unhealthyFraction: fraction });
  }

  /**
   * The health check (docs/behaviour.md §1): freshness, and consistency of what the registry assigned with
   * the capacity and with what the worker last reported (worker-report.ts); N failed checks in a
   * row → failed.
   */
  healthCheck(now: number): { checked: number; failed: number } {
    const r = this.#registry;
    this.updateGuard(now);
    let checked = 0;
    let failed = 0;
    if (now < this.graceUntil) return { checked, failed };
    // Judging a member never adds or removes one, so the scaled deadline holds for the sweep.
    const staleAfter = r.scaled(r.config.unhealthyAfter);
    for (const member of r.table.members.values()) {
      const state = stateOf(member);
      if (state !== 'active' && state !== 'unhealthy') continue;
      checked++;
      const problem = this.#inconsistency(member, now, staleAfter);
      if (!problem) {
        if (member.ctx.checkFailures > 0) r.judge(member, { type: 'check.passed', at: now }, 'health check passed', now);
        continue;
      }
      if (this.#held && state === 'unhealthy') continue;
      failed++;
      r.judge(member, { type: 'check.failed', at: now }, `health check failed: ${problem}`, now);
    }
    this.updateGuard(now);
    return { checked, failed };
  }

  #inconsistency(member: MemberRecord, now: number, staleAfter: number): string | undefined {
    if (now - member.lastHeartbeatAt > staleAfter) return 'heartbeat is stale';
    if (member.jobIds.length > member.ctx.maxConcurrentJobs) return 'more jobs than capacity';
    return reportProblem(member);
  }

  /** Cleanup (docs/behaviour.md §1): failed long enough → inactive; inactive long enough → removed. */
  cleanup(now: number): { cleaned: number; removed: number } {
    const r = this.#registry;
    let cleaned = 0;
    let removed = 0;
    for (const member of [...r.table.members.values()]) {
      const state = stateOf(member);
      const age = now - member.ctx.since;
      if (state === 'failed' && age >= r.config.cleanupAfter) {
        r.judge(member, { type: 'cleanup.due', at: now }, 'cleaned up after failure', now);
        cleaned++;
      } else if (state === 'inactive' && age >= r.config.removeAfter) {
        r.unregister(member.id, now);
        removed++;
      }
    }
    return { cleaned, removed };
  }

  /** Jobs assigned a while ago that the worker does not report were never delivered: requeue. */
  reconcileJobs(member: MemberRecord, reported: readonly string[], now: number): void {
    const r = this.#registry;
    const patience = 2 * r.heartbeatIntervalMs();
    const running = new Set(reported);
    const lost = member.jobIds.filter((id) => {
      const job = r.jobs.jobs.get(id);
      return job !== undefined && !running.has(id) && now - job.assignedAt > patience;
    });
    if (lost.length === 0) return;
    r.jobs.requeue(member, lost);
    r.judge(member, { type: 'jobs.changed', at: now, currentJobs: member.jobIds.length }, 'lost dispatches requeued', now);
    r.schedule(now);
  }

  /** Members the reconnect monitor should dial now (docs/behaviour.md §1, seed 000), oldest first. */
  dialTargets(now: number): MemberRecord[] {
    const r = this.#registry;
    const out: MemberRecord[] = [];
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
  dialed(member: MemberRecord, ok: boolean, now: number): void {
    const r = this.#registry;
    if (ok) {
      member.dialFailures = 0;
      member.nextDialAt = now + r.config.reconnectInterval;
      return;
    }
    member.dialFailures += 1;
    const backoff = r.config.reconnectInterval * 2 ** Math.min(member.dialFailures - 1, 20);
    member.nextDialAt = now + Math.min(backoff, r.config.reconnectBackoffMax);
  }
}
