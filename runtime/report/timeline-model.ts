// What one result's timeline shows, computed from its log before anything is drawn: lanes with
// member and worker bands, fault windows, crash instants, job marks; registry-wide windows; and
// where each violated invariant first broke.
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import type { LogEntry } from '../events/log-entry.ts';
import { faultWindows, type Instant, type Window } from './fault-windows.ts';
import { jobAssignments, jobsByLane, type LaneJobs } from './job-marks.ts';
import { indexLanes, lanesOfEntry, type LaneIndex } from './lane-names.ts';
import { bandsOf, foldBrief, type Segment, type StateChange } from './state-bands.ts';

export interface Lane {
  name: string;
  /** Member IDs seen on this lane. */
  members: string[];
  member: Segment[];
  worker: Segment[];
  faults: Window[];
  crashes: Instant[];
  jobs: LaneJobs;
}

export interface ViolationMark {
  invariant: string;
  message: string;
  t: number;
  /** The lane of the violating entry; null for registry-wide entries. */
  lane: string | null;
  entryType: string;
}

export interface Timeline {
  endMs: number;
  lanes: Lane[];
  registryDown: Window[];
  guard: Window[];
  violations: ViolationMark[];
  /** Changes folded into neighbours because they were shorter than this. */
  foldBelowMs: number;
  jobMarksPerLaneMax: number;
}

export interface ModelOptions {
  /** Plot width in SVG units: changes shorter than half a unit are folded. */
  plotWidth: number;
  /** Job marks drawn per result, spread over its lanes. */
  jobMarksMax: number;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stateChanges(entries: readonly LogEntry[], index: LaneIndex) {
  const member = new Map<string, StateChange[]>();
  const worker = new Map<string, StateChange[]>();
  const ids = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.type === 'member' && typeof e.id === 'string' && typeof e.to === 'string') {
      const lane = index.laneOfMember.get(e.id) ?? e.id;
      push(member, lane, { t: e.t, state: e.to, reason: `${e.id}: ${String(e.from)} → ${e.to}${typeof e.reason === 'string' ? ` (${e.reason})` : ''}, epoch ${String(e.epoch)}` });
      if (!ids.has(lane)) ids.set(lane, new Set());
      ids.get(lane)!.add(e.id);
    } else if (e.type === 'member.removed' && typeof e.id === 'string') {
      push(member, index.laneOfMember.get(e.id) ?? e.id, { t: e.t, state: 'removed', reason: `${e.id} removed` });
    } else if (e.type === 'worker' && typeof e.node === 'string' && typeof e.to === 'string') {
      push(worker, e.node, { t: e.t, state: e.to, reason: `${String(e.from)} → ${e.to}` });
    }
  }
  return { member, worker, ids };
}

export function violationMarks(result: ScenarioResult, index: LaneIndex): ViolationMark[] {
  const out: ViolationMark[] = [];
  for (const failure of result.failures) {
    const entry = failure.entry;
    if (failure.kind !== 'invariant' || !entry) continue;
    const lane = lanesOfEntry(entry, index)[0] ?? null;
    out.push({ invariant: failure.invariant ?? 'invariant', message: failure.message, t: entry.t, lane, entryType: entry.type });
  }
  return out;
}

export function timelineOf(result: ScenarioResult, options: ModelOptions): Timeline {
  // An entry without a finite time cannot be placed; a real log has none.
  const entries = result.log.filter((e) => Number.isFinite(e.t));
  const lastT = entries.reduce((max, e) => Math.max(max, e.t), 0);
  const endMs = Math.max(1, result.scenarioMs, lastT);
  const index = indexLanes(entries);
  const foldBelowMs = endMs / options.plotWidth / 2;
  const changes = stateChanges(entries, index);
  const faults = faultWindows(entries, endMs);
  const perLaneMax = Math.max(10, Math.floor(options.jobMarksMax / Math.max(1, index.names.length)));
  const jobs = jobsByLane(jobAssignments(entries, endMs), index, perLaneMax);
  const lanes = index.names.map((name) => ({
    name,
    members: [...(changes.ids.get(name) ?? [])].sort(),
    member: foldBrief(bandsOf(changes.member.get(name) ?? [], endMs), foldBelowMs),
    worker: foldBrief(bandsOf(changes.worker.get(name) ?? [], endMs), foldBelowMs),
    faults: faults.byLane.get(name) ?? [],
    crashes: faults.crashes.get(name) ?? [],
    jobs: jobs.get(name) ?? { marks: [], omitted: 0 },
  }));
  return {
    endMs,
    lanes,
    registryDown: faults.registryDown,
    guard: faults.guard,
    violations: violationMarks(result, index),
    foldBelowMs,
    jobMarksPerLaneMax: perLaneMax,
  };
}
