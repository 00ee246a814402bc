// Property-based chaos (docs/behaviour.md §7): a random fault schedule as data — timed steps on a small
// cluster — turned into a scenario with a safety phase (the faults) and a liveness phase (every
// fault healed, every crashed process back: the cluster must converge). Schedules are plain
// JSON, so a failing one shrinks with fast-check and replays from one command-line token; they
// are drawn in schedule-arbitraries.ts.
import { applyWorkerAction, detailOf, served, type WorkerAction } from './campaign-actions.ts';
import type { Scenario, ScenarioRun } from '../scenario.ts';

export type FaultAction =
  | { kind: 'crash'; worker: number }
  | { kind: 'restart'; worker: number }
  | { kind: 'partition'; workers: number[] }
  | { kind: 'heal'; workers: number[] }
  | { kind: 'latency'; workers: number[]; ms: number }
  | { kind: 'reset'; workers: number[] }
  | { kind: 'clear'; workers: number[] }
  | { kind: 'registry-crash'; downMs: number }
  | { kind: 'jobs'; count: number; runMs: number }
  | { kind: 'drain'; worker: number }
  // With replicas (issue #9): a replica killed or stopped for a while, the database stalled,
  // down, or cut off from one replica for a while.
  | { kind: 'replica-crash'; replica: number; downMs: number }
  | { kind: 'replica-pause'; replica: number; forMs: number }
  | { kind: 'db-stall'; forMs: number }
  | { kind: 'db-stop'; forMs: number }
  | { kind: 'db-cut'; replica: number; forMs: number }
  | WorkerAction;

export interface FaultStep {
  atMs: number;
  action: FaultAction;
}

export interface FaultSchedule {
  workers: number;
  /** Registry replicas on one database (absent: a single registry). */
  replicas?: number;
  seed: number;
  steps: FaultStep[];
}

/** The leader lease and takeover grace of a schedule with replicas (production durations). */
const REPLICA_LEASE = { ttl: '10s', renew: '2s' };
const REPLICA_GRACE_MS = 30_000;

const MINUTE = 60_000;

/**
 * Settings that let a campaign's runs of about half an hour reach every rule (docs/behaviour.md
 * §1, §2): lock-outs that end, failed members cleaned up, and a drain shorter than a heartbeat
 * interval, so a stopped worker may leave before its drain is heard.
 */
const CAMPAIGN_REGISTRY = { registrationLockoutMs: 5 * MINUTE, cleanupIntervalMs: MINUTE, cleanupAfterMs: 5 * MINUTE };
const CAMPAIGN_WORKER = { drainTimeoutMs: 10_000 };

function names(schedule: FaultSchedule): string[] {
  return Array.from({ length: schedule.workers }, (_, i) => `w${i + 1}`);
}

/** A one-line story of a schedule (what fast-check prints for a counterexample). */
export function describeSchedule(schedule: FaultSchedule): string {
  const w = (i: number) => `w${i + 1}`;
  const r = (i: number) => `r${i + 1}`;
  const s = (ms: number) => `${Math.round(ms / 1000)}s`;
  const steps = [...schedule.steps]
    .sort((a, b) => a.atMs - b.atMs)
    .map(({ atMs, action: a }) => {
      const at = `${Math.round(atMs / 1000)}s`;
      const detail = a.kind === 'latency' ? ` ${a.ms}ms` : detailOf(a as WorkerAction);
      if ('workers' in a) return `${at} ${a.kind} ${a.workers.map(w).join('+')}${detail}`;
      if ('worker' in a) return `${at} ${a.kind} ${w(a.worker)}${detail}`;
      switch (a.kind) {
        case 'registry-crash':
          return `${at} registry down ${s(a.downMs)}`;
        case 'jobs':
          return `${at} ${a.count} jobs of ${s(a.runMs)}`;
        case 'replica-crash':
          return `${at} ${r(a.replica)} down ${s(a.downMs)}`;
        case 'replica-pause':
          return `${at} ${r(a.replica)} stopped ${s(a.forMs)}`;
        case 'db-stall':
          return `${at} database stalled ${s(a.forMs)}`;
        case 'db-stop':
          return `${at} database down ${s(a.forMs)}`;
        case 'db-cut':
          return `${at} ${r(a.replica)} cut from the database ${s(a.forMs)}`;
      }
    });
  const cluster = schedule.replicas ? `${schedule.workers} workers, ${schedule.replicas} replicas` : `${schedule.workers} workers`;
  return `${cluster}, seed ${schedule.seed}: ${steps.join('; ') || 'no faults'}`;
}

/** A fault that lasts a while: on, the wait, off. */
async function during(run: ScenarioRun, forMs: number, on: () => Promise<void>, off: () => Promise<void>): Promise<void> {
  await on();
  await run.wait(forMs);
  await off();
}

async function apply(run: ScenarioRun, action: FaultAction, all: string[], crashed: Set<string>, drained: Set<string>): Promise<void> {
  const pick = (list: number[]) => list.map((i) => all[i]!);
  const replica = (i: number) => run.replicas[i]!;
  switch (action.kind) {
    case 'crash':
      crashed.add(all[action.worker]!);
      return run.crash(all[action.worker]!);
    case 'restart':
      crashed.delete(all[action.worker]!);
      return run.restart(all[action.worker]!);
    case 'partition':
      return run.partition(...pick(action.workers));
    case 'heal':
      return run.heal(...pick(action.workers));
    case 'latency':
      return run.latency(pick(action.workers), action.ms);
    case 'reset':
      return run.resetPeer(...pick(action.workers));
    case 'clear':
      return run.clearFaults(...pick(action.workers));
    case 'registry-crash':
      return during(run, action.downMs, () => run.crashRegistry(), () => run.restartRegistry());
    case 'replica-crash':
      return during(run, action.downMs, () => run.crashReplica(replica(action.replica)), () => run.restartReplica(replica(action.replica)));
    case 'replica-pause':
      return during(run, action.forMs, () => run.pauseReplica(replica(action.replica)), () => run.resumeReplica(replica(action.replica)));
    case 'db-stall':
      return during(run, action.forMs, () => run.stallDatabase(), () => run.resumeDatabase());
    case 'db-stop':
      return during(run, action.forMs, () => run.stopDatabase(), () => run.resumeDatabase());
    case 'db-cut':
      return during(run, action.forMs, () => run.cutFromDatabase(replica(action.replica)), () => run.healDatabase(replica(action.replica)));
    case 'jobs':
      await served(run, 'to take jobs');
      await run.submitJobs(action.count, action.runMs);
      return;
    case 'drain':
      // An operator drain: the worker finishes its jobs, deregisters and stops (unless a crash
      // and re-registration overtake it).
      if (!(await run.member(all[action.worker]!))?.state.startsWith('active')) return;
      drained.add(all[action.worker]!);
      return run.drain(all[action.worker]!);
    default:
      return applyWorkerAction(run, action, all, { drained });
  }
}

/** The scenario a schedule describes: faults in order, then everything healed and restarted. */
export function scheduleScenario(schedule: FaultSchedule): Scenario {
  return {
    name: 'fault-schedule',
    summary: describeSchedule(schedule),
    // Two slots each, so that jobs fill workers (busy) and a SIGTERM may find them full.
    workers: names(schedule).map((name) => ({ name, capacity: 2 })),
    ...(schedule.replicas ? { replicas: schedule.replicas, lease: REPLICA_LEASE } : {}),
    registry: { ...CAMPAIGN_REGISTRY, ...(schedule.replicas ? { restartGraceMs: REPLICA_GRACE_MS } : {}) },
    worker: CAMPAIGN_WORKER,
    async script(run) {
      const all = names(schedule);
      const crashed = new Set<string>();
      const drained = new Set<string>();
      await run.start(...all);
      for (const step of [...schedule.steps].sort((a, b) => a.atMs - b.atMs)) {
        if (step.atMs > run.elapsed()) await run.wait(step.atMs - run.elapsed());
        await apply(run, step.action, all, crashed, drained);
      }
      // Liveness: heal every link, bring back every crashed worker; the cluster must converge:
      // every worker active again, or — if an operator drained it — stopped and inactive.
      await run.clearFaults(...all);
      if (crashed.size > 0) await run.restart(...crashed);
      const settled = async (w: string) => {
        const process = await run.workerState(w);
        const member = (await run.member(w))?.state ?? 'unknown';
        if (process === 'active') return member.startsWith('active');
        // Drained and stopped: deregistered (inactive), or — when its deregistration could not
        // reach a registry — failed by the sweeps for going silent, or purged by an operator.
        return drained.has(w) && process === 'stopped' && (member === 'inactive' || member === 'failed' || member === 'unknown');
      };
      for (const w of all) await run.until(() => settled(w), '15m', `${w} to be active again (or drained and gone) after the faults healed`);
      // Steady state: with nothing wrong, nothing may happen (no suspicion, no eviction).
      await run.wait('5m');
    },
  };
}

/** A schedule as one command-line token, and back. */
export function encodeSchedule(schedule: FaultSchedule): string {
  return Buffer.from(JSON.stringify(schedule)).toString('base64url');
}

export function decodeSchedule(token: string): FaultSchedule {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new RangeError('the replay token is not a schedule (expected what a failing run printed)');
  }
  const s = value as FaultSchedule;
  const replicasOk = s?.replicas === undefined || (Number.isInteger(s.replicas) && s.replicas >= 2);
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.workers) || s.workers < 1 || !Array.isArray(s.steps) || !Number.isInteger(s.seed) || !replicasOk) {
    throw new RangeError('the replay token is not a schedule (expected what a failing run printed)');
  }
  return s;
}
