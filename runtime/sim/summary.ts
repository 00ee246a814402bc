// What a run amounts to: members per state, worker states, how fast crashes were noticed,
// jobs by state (and any lost), traffic. Built from the world at the end and the kept log.
import type { MemberStateName, MemberSubstate } from '../../machines/member.machine.ts';
import { stateOf, substateOf, type MemberReadout } from '../../machines/registry/member-table.ts';
import type { Job, JobState } from '../../machines/registry/registry.types.ts';
import type { LogEntry } from '../events/log-entry.ts';
import type { NetworkStats } from './sim-network.ts';
import type { SimOptions, SimWorld } from './sim-world.ts';

export interface Spread {
  count: number;
  minMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SimSummary {
  seed: number;
  workers: number;
  durationMs: number;
  members: {
    total: number;
    byState: Record<MemberStateName, number>;
    bySubstate: Record<MemberSubstate, number>;
  };
  workerStates: Record<string, number>;
  transitions: number;
  detection: { crashes: number; toUnhealthy: Spread | null; toFailed: Spread | null };
  jobs: { total: number; byState: Record<JobState, number>; lost: number };
  heartbeats: number;
  network: NetworkStats;
  registry: { up: boolean; massFailureHeld: boolean };
  log: { lines: number; sha256: string };
}

export function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { count: sorted.length, minMs: sorted[0]!, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1]! };
}

/** Crash → unhealthy and crash → failed latencies, from the log's fault and member lines. */
export function detection(entries: readonly LogEntry[]): SimSummary['detection'] {
  const crashedAt = new Map<string, number>();
  const toUnhealthy: number[] = [];
  const toFailed: number[] = [];
  let crashes = 0;
  for (const e of entries) {
    if (e.type === 'fault.crash' && typeof e.id === 'string') {
      crashes++;
      crashedAt.set(e.id, e.t);
    } else if (e.type === 'member' && typeof e.id === 'string' && crashedAt.has(e.id)) {
      const since = crashedAt.get(e.id)!;
      if (e.to === 'unhealthy') toUnhealthy.push(e.t - since);
      if (e.to === 'failed') {
        toFailed.push(e.t - since);
        crashedAt.delete(e.id);
      }
      if (typeof e.to === 'string' && e.to.startsWith('active') && e.from !== 'unhealthy') crashedAt.delete(e.id);
    }
  }
  return { crashes, toUnhealthy: spread(toUnhealthy), toFailed: spread(toFailed) };
}

/** An acknowledged job is lost if it is gone, or stuck on a member that will never run it. */
export function lostJobs(jobs: Iterable<Job>, members: ReadonlyMap<string, MemberReadout>): Job[] {
  const lost: Job[] = [];
  for (const job of jobs) {
    if (job.state !== 'assigned') continue;
    const member = job.memberId ? members.get(job.memberId) : undefined;
    const state = member ? stateOf(member) : undefined;
    if (!member || !member.jobIds.includes(job.id) || (state !== 'active' && state !== 'unhealthy')) lost.push(job);
  }
  return lost;
}

export function summarize(world: SimWorld, options: SimOptions): Omit<SimSummary, 'log'> & { log: SimSummary['log'] } {
  const { registry, workers, log, store, network } = world;
  const snapshot = registry.up
    ? { members: [...registry.core.members()], jobs: [...registry.core.jobs()] }
    : store.load();
  const byState: Record<MemberStateName, number> = { registered: 0, active: 0, unhealthy: 0, failed: 0, inactive: 0 };
  const bySubstate: Record<MemberSubstate, number> = { idle: 0, busy: 0, draining: 0 };
  for (const m of snapshot.members) {
    byState[stateOf(m)]++;
    const sub = substateOf(m);
    if (sub) bySubstate[sub]++;
  }
  const workerStates: Record<string, number> = {};
  for (const w of workers) workerStates[w.state] = (workerStates[w.state] ?? 0) + 1;
  const jobStates: Record<JobState, number> = { queued: 0, assigned: 0, succeeded: 0, failed: 0 };
  for (const j of snapshot.jobs) jobStates[j.state]++;
  const members = new Map(snapshot.members.map((m) => [m.id, m]));
  return {
    seed: options.seed,
    workers: options.workers,
    durationMs: options.durationMs,
    members: { total: snapshot.members.length, byState, bySubstate },
    workerStates,
    transitions: log.entries.filter((e) => e.type === 'member').length,
    detection: detection(log.entries),
    jobs: { total: snapshot.jobs.length, byState: jobStates, lost: lostJobs(snapshot.jobs, members).length },
    heartbeats: registry.heartbeats,
    network: { ...network.stats },
    registry: { up: registry.up, massFailureHeld: registry.up && registry.core.guardHeld },
    log: { lines: log.lines, sha256: '' },
  };
}
