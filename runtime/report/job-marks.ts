// Job marks: each assignment of a job to a member, from `assigned` to the job's next entry
// (finished, failed, or requeued), on the lane of the member's worker. A lane keeps at most
// `perLaneMax` marks — failures and requeues first, then the others sampled evenly over the
// run, so the marks still span it — and counts the rest.
import type { LogEntry } from '../events/log-entry.ts';
import type { LaneIndex } from './lane-names.ts';

export interface JobMark {
  id: string;
  member: string;
  attempt: number;
  from: number;
  to: number;
  outcome: 'succeeded' | 'failed' | 'requeued' | 'running';
}

export interface LaneJobs {
  marks: JobMark[];
  /** Assignments on this lane that were not drawn. */
  omitted: number;
}

function outcomeOf(state: unknown): JobMark['outcome'] {
  if (state === 'succeeded' || state === 'failed') return state;
  return 'requeued';
}

export function jobAssignments(entries: readonly LogEntry[], endMs: number): JobMark[] {
  const open = new Map<string, JobMark>();
  const out: JobMark[] = [];
  for (const e of entries) {
    if (e.type !== 'job' || typeof e.id !== 'string') continue;
    const current = open.get(e.id);
    if (current) {
      current.to = e.t;
      current.outcome = outcomeOf(e.state);
      open.delete(e.id);
    }
    if (e.state === 'assigned' && typeof e.member === 'string') {
      const mark: JobMark = { id: e.id, member: e.member, attempt: Number(e.attempt) || 0, from: e.t, to: endMs, outcome: 'running' };
      out.push(mark);
      open.set(e.id, mark);
    }
  }
  return out;
}

/** `count` of `items`, evenly spaced, first and last included. */
export function sampleEvenly<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  if (count <= 0) return [];
  if (count === 1) return [items[0]!];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}

/** Marks to keep of one lane's (time-ordered) list: troubles first, the rest sampled. */
export function keptMarks(list: readonly JobMark[], max: number): JobMark[] {
  const troubled = list.filter((m) => m.outcome === 'failed' || m.outcome === 'requeued');
  const keep = new Set(troubled.slice(0, max));
  for (const mark of sampleEvenly(list.filter((m) => !keep.has(m)), max - keep.size)) keep.add(mark);
  return list.filter((m) => keep.has(m));
}

export function jobsByLane(marks: readonly JobMark[], index: LaneIndex, perLaneMax: number): Map<string, LaneJobs> {
  const all = new Map<string, JobMark[]>();
  for (const mark of marks) {
    const lane = index.laneOfMember.get(mark.member) ?? mark.member;
    const list = all.get(lane);
    if (list) list.push(mark);
    else all.set(lane, [mark]);
  }
  const out = new Map<string, LaneJobs>();
  for (const [lane, list] of all) {
    const kept = keptMarks(list, perLaneMax);
    out.set(lane, { marks: kept, omitted: list.length - kept.length });
  }
  return out;
}
