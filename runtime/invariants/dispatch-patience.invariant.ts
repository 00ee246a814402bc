// A dispatch is judged lost only after two heartbeat intervals (docs/behaviour.md §3): a job
// its worker does not report yet may still be on its way, so the registry requeues it from a
// live session only once it was assigned more than `2 × heartbeatInterval` ago. A requeue has
// other causes, all logged at the same instant: the member's session ends (it turns `failed` or
// `inactive`, opens a new epoch, or is removed) or the registry (re)starts and restores its jobs.
// A requeue with none of those, sooner than the patience, took a job from a worker that may be
// running it: the job runs twice. The patience is judged less the slack (real mode's clocks).
import type { LogEntry } from '../events/log-entry.ts';
import { violation, type Invariant } from './invariant.ts';

interface Requeue {
  entry: LogEntry;
  member: string;
  epoch: unknown;
  assignedAt: number;
}

/** Whether `e`, at the instant of a requeue, ends `member`'s session `epoch` or restores the registry. */
function endsSession(e: LogEntry, member: string, epoch: unknown): boolean {
  if (e.type === 'registry.started' || e.type === 'registry.restarted') return true;
  if (e.id !== member) return false;
  if (e.type === 'member.removed') return true;
  return e.type === 'member' && (e.to === 'failed' || e.to === 'inactive' || e.epoch !== epoch);
}

/** Every requeue of an assigned job, with the assignment it undid. */
function requeues(entries: readonly LogEntry[]): Requeue[] {
  const assigned = new Map<string, LogEntry>();
  const out: Requeue[] = [];
  for (const e of entries) {
    if (e.type !== 'job' || typeof e.id !== 'string') continue;
    const holder = assigned.get(e.id);
    assigned.delete(e.id);
    if (e.state === 'assigned') assigned.set(e.id, e);
    else if (e.state === 'queued' && holder && typeof holder.member === 'string') out.push({ entry: e, member: holder.member, epoch: holder.epoch, assignedAt: holder.t });
  }
  return out;
}

export const dispatchPatience: Invariant = {
  name: 'lost-dispatch-patience',
  check(entries, bounds) {
    const patience = 2 * bounds.heartbeatIntervalMs - bounds.slackMs;
    const found = requeues(entries);
    if (found.length === 0) return null;
    const byInstant = new Map<number, LogEntry[]>();
    for (const e of entries) {
      const same = byInstant.get(e.t);
      if (same) same.push(e);
      else byInstant.set(e.t, [e]);
    }
    for (const r of found) {
      const waited = r.entry.t - r.assignedAt;
      if (waited >= patience || byInstant.get(r.entry.t)!.some((e) => endsSession(e, r.member, r.epoch))) continue;
      return violation(this.name, `job ${r.entry.id} was taken back from ${r.member} (epoch ${r.epoch}) as a lost dispatch ${waited} ms after it was assigned, sooner than two heartbeat intervals (${2 * bounds.heartbeatIntervalMs} ms)`, r.entry);
    }
    return null;
  },
};
