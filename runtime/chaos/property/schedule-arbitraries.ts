// The fast-check arbitraries that draw fault schedules (fault-schedule.ts): which faults, how
// often, on how many workers and replicas, and the gaps between steps.
import fc from 'fast-check';
import { workerActions } from './campaign-actions.ts';
import type { FaultAction, FaultSchedule, FaultStep } from './fault-schedule.ts';
import { shrinkingSteps } from './step-shrinks.ts';

const MINUTE = 60_000;

/** Schedules on a single registry, or (`replicas` ≥ 2) on that many replicas of one database. */
function scheduleArbitrary(replicas = 1, maxWorkers = 8): fc.Arbitrary<FaultSchedule> {
  return fc.integer({ min: 3, max: maxWorkers }).chain((workers) => {
    const one = fc.integer({ min: 0, max: workers - 1 });
    const some = fc.uniqueArray(one, { minLength: 1, maxLength: workers });
    const replica = fc.integer({ min: 0, max: replicas - 1 });
    // Registry outages up to 6 minutes: past unhealthyAfter (2m) and failedAfter (3m) more.
    const span = fc.integer({ min: 1000, max: 6 * MINUTE });
    const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
    const registryFaults: fc.WeightedArbitrary<FaultAction>[] =
      replicas >= 2
        ? [
            w(2, fc.record({ kind: fc.constant('replica-crash' as const), replica, downMs: span })),
            w(2, fc.record({ kind: fc.constant('replica-pause' as const), replica, forMs: span })),
            w(1, fc.record({ kind: fc.constant('db-stall' as const), forMs: span })),
            w(1, fc.record({ kind: fc.constant('db-stop' as const), forMs: span })),
            w(1, fc.record({ kind: fc.constant('db-cut' as const), replica, forMs: span })),
          ]
        : [w(3, fc.record({ kind: fc.constant('registry-crash' as const), downMs: span }))];
    const action: fc.Arbitrary<FaultAction> = fc.oneof(
      w(3, fc.record({ kind: fc.constant('crash' as const), worker: one })),
      w(3, fc.record({ kind: fc.constant('restart' as const), worker: one })),
      w(3, fc.record({ kind: fc.constant('partition' as const), workers: some })),
      w(2, fc.record({ kind: fc.constant('heal' as const), workers: some })),
      w(2, fc.record({ kind: fc.constant('latency' as const), workers: some, ms: fc.integer({ min: 1, max: 10_000 }) })),
      w(1, fc.record({ kind: fc.constant('reset' as const), workers: some })),
      w(2, fc.record({ kind: fc.constant('clear' as const), workers: some })),
      ...registryFaults,
      w(4, fc.record({ kind: fc.constant('jobs' as const), count: fc.integer({ min: 1, max: 10 }), runMs: fc.integer({ min: 1000, max: 10 * MINUTE }) })),
      w(2, fc.record({ kind: fc.constant('drain' as const), worker: one })),
      ...workerActions(one, some),
    );
    return fc.record({
      workers: fc.constant(workers),
      ...(replicas >= 2 ? { replicas: fc.constant(replicas) } : {}),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      steps: stepsOf(action),
    });
  });
}

/**
 * Up to 14 steps within about 20 minutes, each after a gap from the one before: mostly under a
 * heartbeat or two, so that actions meet (a drain and then a restart, a partition and then a
 * SIGTERM), sometimes minutes, so that deadlines pass in between. A failure's steps shrink
 * as step-shrinks.ts says.
 */
function stepsOf(action: fc.Arbitrary<FaultAction>): fc.Arbitrary<FaultStep[]> {
  const gap = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 45_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 * MINUTE }) });
  const drawn = fc.array(fc.record({ gap, action }), { maxLength: 14, size: 'medium' }).map((steps) => {
    let atMs = 0;
    return steps.map(({ gap: ms, action: a }) => ({ atMs: Math.min((atMs += ms), 20 * MINUTE), action: a }));
  });
  return shrinkingSteps(drawn, action);
}

export const faultSchedules = scheduleArbitrary;

/** A campaign's schedules: on `replicas` registries, or (without) mostly a single registry and some on 3 replicas. */
export function campaignSchedules(replicas?: number): fc.Arbitrary<FaultSchedule> {
  if (replicas !== undefined) return scheduleArbitrary(replicas);
  return fc.oneof({ weight: 3, arbitrary: scheduleArbitrary(1) }, { weight: 1, arbitrary: scheduleArbitrary(3) });
}
