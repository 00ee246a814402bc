// Property-based chaos (SPEC §7): a random fault schedule as data — timed steps on a small
// cluster — turned into a scenario with a safety phase (the faults) and a liveness phase (every
// fault healed, every crashed process back: the cluster must converge). Schedules are plain
// JSON, so a failing one shrinks with fast-check and replays from one command-line token.
import fc from 'fast-check';
import type { Scenario, ScenarioRun } from './scenario.ts';

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
  | { kind: 'drain'; worker: number };

export interface FaultStep {
  atMs: number;
  action: FaultAction;
}

export interface FaultSchedule {
  workers: number;
  seed: number;
  steps: FaultStep[];
}

const MINUTE = 60_000;

function scheduleArbitrary(maxWorkers = 8): fc.Arbitrary<FaultSchedule> {
  return fc.integer({ min: 3, max: maxWorkers }).chain((workers) => {
    const one = fc.integer({ min: 0, max: workers - 1 });
    const some = fc.uniqueArray(one, { minLength: 1, maxLength: workers });
    const action: fc.Arbitrary<FaultAction> = fc.oneof(
      fc.record({ kind: fc.constant('crash' as const), worker: one }),
      fc.record({ kind: fc.constant('restart' as const), worker: one }),
      fc.record({ kind: fc.constant('partition' as const), workers: some }),
      fc.record({ kind: fc.constant('heal' as const), workers: some }),
      fc.record({ kind: fc.constant('latency' as const), workers: some, ms: fc.integer({ min: 1, max: 10_000 }) }),
      fc.record({ kind: fc.constant('reset' as const), workers: some }),
      fc.record({ kind: fc.constant('clear' as const), workers: some }),
      fc.record({ kind: fc.constant('registry-crash' as const), downMs: fc.integer({ min: 1000, max: 3 * MINUTE }) }),
      fc.record({ kind: fc.constant('jobs' as const), count: fc.integer({ min: 1, max: 10 }), runMs: fc.integer({ min: 1000, max: 10 * MINUTE }) }),
      fc.record({ kind: fc.constant('drain' as const), worker: one }),
    );
    return fc.record({
      workers: fc.constant(workers),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      steps: fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 20 * MINUTE }), action }), { maxLength: 10 }),
    });
  });
}

export const faultSchedules = scheduleArbitrary;

function names(schedule: FaultSchedule): string[] {
  return Array.from({ length: schedule.workers }, (_, i) => `w${i + 1}`);
}

/** A one-line story of a schedule (what fast-check prints for a counterexample). */
export function describeSchedule(schedule: FaultSchedule): string {
  const w = (i: number) => `w${i + 1}`;
  const steps = [...schedule.steps]
    .sort((a, b) => a.atMs - b.atMs)
    .map(({ atMs, action: a }) => {
      const at = `${Math.round(atMs / 1000)}s`;
      if ('workers' in a) return `${at} ${a.kind} ${a.workers.map(w).join('+')}${a.kind === 'latency' ? ` ${a.ms}ms` : ''}`;
      if ('worker' in a) return `${at} ${a.kind} ${w(a.worker)}`;
      if (a.kind === 'registry-crash') return `${at} registry down ${Math.round(a.downMs / 1000)}s`;
      return `${at} ${a.count} jobs of ${Math.round(a.runMs / 1000)}s`;
    });
  return `${schedule.workers} workers, seed ${schedule.seed}: ${steps.join('; ') || 'no faults'}`;
}

async function apply(run: ScenarioRun, action: FaultAction, all: string[], crashed: Set<string>, drained: Set<string>): Promise<void> {
  const pick = (list: number[]) => list.map((i) => all[i]!);
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
      await run.crashRegistry();
      await run.wait(action.downMs);
      return run.restartRegistry();
    case 'jobs':
      await run.submitJobs(action.count, action.runMs);
      return;
    case 'drain':
      // An operator drain: the worker finishes its jobs, deregisters and stops (unless a crash
      // and re-registration overtake it).
      if (!(await run.member(all[action.worker]!))?.state.startsWith('active')) return;
      drained.add(all[action.worker]!);
      return run.drain(all[action.worker]!);
  }
}

/** The scenario a schedule describes: faults in order, then everything healed and restarted. */
export function scheduleScenario(schedule: FaultSchedule): Scenario {
  return {
    name: 'fault-schedule',
    summary: describeSchedule(schedule),
    workers: schedule.workers,
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
        return drained.has(w) && process === 'stopped' && member === 'inactive';
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
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.workers) || s.workers < 1 || !Array.isArray(s.steps) || !Number.isInteger(s.seed)) {
    throw new RangeError('the replay token is not a schedule (expected what a failing run printed)');
  }
  return s;
}
