// worker-leaves-after-its-jobs (docs/behaviour.md §1 Deregistration): a draining worker lets the
// jobs it runs finish before it deregisters; the registry's count of assigned jobs alone does
// not say what the worker had, and the simulator logs what it had as it began to drain.
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../../scenarios/index.ts';
import { runSimScenario } from '../../../runtime/chaos/sim/run-sim-scenario.ts';
import { leavesAfterJobs } from '../../../runtime/invariants/leaves-after-jobs.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const BOUNDS = { drainTimeoutMs: 30_000 } as Bounds;
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;
const assigned = (t: number, id = 'job-1') => at(t, 'job', { id, state: 'assigned', member: 'w1', epoch: 1, attempt: 1 });
const worker = (t: number, from: string, to: string, running?: string[]) => at(t, 'worker', { node: 'n1', id: 'w1', from, to, ...(running ? { running } : {}) });
const leaving = (t: number, jobs: number) => at(t, 'member.deregistering', { id: 'w1', force: true, jobs });

describe('worker-leaves-after-its-jobs', () => {
  it('passes a worker that leaves with no job, or after drainTimeout', () => {
    expect(leavesAfterJobs.check([worker(0, 'active', 'draining'), worker(10, 'draining', 'deregistering'), leaving(11, 0)], BOUNDS)).toBeNull();
    expect(leavesAfterJobs.check([worker(0, 'active', 'draining'), worker(30_000, 'draining', 'deregistering'), leaving(30_001, 2)], BOUNDS)).toBeNull();
  });

  it('flags a worker that leaves its jobs before drainTimeout, or without draining', () => {
    expect(leavesAfterJobs.check([assigned(0), worker(5000, 'active', 'draining'), worker(5010, 'draining', 'deregistering'), leaving(5011, 1)], BOUNDS)?.message).toBe(
      'w1 deregistered at 5011 ms holding 1 job(s) it had before it began to drain, 11 ms before: it must let them finish for drainTimeout (30000 ms)',
    );
    expect(leavesAfterJobs.check([assigned(0), worker(5000, 'active', 'deregistering'), leaving(5001, 1)], BOUNDS)).not.toBeNull();
    // A job dispatched as the drain began may never have reached the worker.
    expect(leavesAfterJobs.check([worker(0, 'active', 'draining'), assigned(1), leaving(5, 1)], BOUNDS)).toBeNull();
  });

  it('counts only the jobs the worker said it was running when it began to drain', () => {
    // Assigned before the drain but never delivered: the worker ran nothing, so it may leave.
    expect(leavesAfterJobs.check([assigned(0), worker(5000, 'active', 'deregistering', []), leaving(5001, 1)], BOUNDS)).toBeNull();
    // It ran job-1 and left it; job-2 never reached it.
    const found = leavesAfterJobs.check([assigned(0), assigned(1, 'job-2'), worker(5000, 'active', 'draining', ['job-1']), worker(5010, 'draining', 'deregistering', []), leaving(5011, 2)], BOUNDS);
    expect(found?.message).toBe('w1 deregistered at 5011 ms holding 1 job(s) it had before it began to drain, 11 ms before: it must let them finish for drainTimeout (30000 ms)');
  });

  it('the simulator logs the jobs a worker runs as it begins to drain, and none as it leaves', async () => {
    const scenario = scenarios.find((s) => s.name === 'graceful-drain-with-jobs')!;
    const { log, passed } = await runSimScenario(scenario, { seed: 2 });
    expect(passed).toBe(true);
    const drained = log.find((e) => e.type === 'worker' && e.to === 'draining');
    expect(drained?.running).toHaveLength(2);
    const left = log.find((e) => e.type === 'worker' && e.from === 'draining' && e.to === 'deregistering');
    expect(left?.running).toEqual([]);
    expect(log.filter((e) => e.type === 'worker' && e.to === 'active').every((e) => !('running' in e))).toBe(true);
  });
});
