// Two measures of a run over time, from its log: the heartbeat rate the serving registry saw
// (from its `heartbeats` samples) and the detection latency of each fault (from the fault's
// start on a lane to the registry's first `unhealthy`, or `failed`, of that lane's member
// while the fault lasts). A fault the registry never judged (healed first) has no point.
import type { LogEntry } from '../events/log-entry.ts';
import type { Window } from './fault-windows.ts';

export interface RatePoint {
  t: number;
  perSecond: number;
}

export interface DetectionPoint {
  /** When the fault began. */
  t: number;
  lane: string;
  /** The fault: `down` (a crash), `partition`, `latency`, … */
  fault: string;
  /** The state the registry judged: `unhealthy` or `failed`. */
  judged: string;
  latencyMs: number;
}

/** Accepted heartbeats per second between consecutive samples (a restarted registry counts from zero). */
export function heartbeatRates(entries: readonly LogEntry[]): RatePoint[] {
  const out: RatePoint[] = [];
  let last: { t: number; count: number } | null = null;
  for (const e of entries) {
    if (e.type !== 'heartbeats' || typeof e.count !== 'number') continue;
    if (last && e.t > last.t) {
      const added = e.count >= last.count ? e.count - last.count : e.count;
      out.push({ t: e.t, perSecond: (added * 1000) / (e.t - last.t) });
    }
    last = { t: e.t, count: e.count };
  }
  return out;
}

/** For each fault window on a lane, how long the registry took to judge that lane's member. */
export function detectionLatencies(entries: readonly LogEntry[], laneOfMember: ReadonlyMap<string, string>, byLane: ReadonlyMap<string, readonly Window[]>): DetectionPoint[] {
  const judged = new Map<string, { t: number; to: string }[]>();
  for (const e of entries) {
    if (e.type !== 'member' || typeof e.id !== 'string' || (e.to !== 'unhealthy' && e.to !== 'failed')) continue;
    const lane = laneOfMember.get(e.id) ?? e.id;
    judged.set(lane, [...(judged.get(lane) ?? []), { t: e.t, to: e.to }]);
  }
  const out: DetectionPoint[] = [];
  for (const [lane, windows] of byLane) {
    for (const w of windows) {
      for (const state of w.kind === 'down' ? ['unhealthy', 'failed'] : ['unhealthy']) {
        const first = (judged.get(lane) ?? []).find((j) => j.to === state && j.t >= w.from && j.t <= w.to);
        if (first) out.push({ t: w.from, lane, fault: w.kind, judged: state, latencyMs: first.t - w.from });
      }
    }
  }
  return out.sort((a, b) => a.t - b.t || a.lane.localeCompare(b.lane));
}
