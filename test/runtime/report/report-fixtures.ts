// Real simulator runs for the report tests, each run once per test file.
import type { ScenarioResult } from '../../../runtime/chaos/scenario-result.ts';
import { simulateResult } from '../../../runtime/report/sim-result.ts';
import { parseFaults } from '../../../runtime/sim/fault-plan.ts';

let chaos: ScenarioResult | undefined;

/** 8 workers, 20 virtual minutes: two crashes (restarted after 6 min), a partition, a registry crash. */
export function chaosRun(): ScenarioResult {
  chaos ??= simulateResult('crash, partition & registry restart', {
    workers: 8,
    durationMs: 20 * 60_000,
    seed: 3,
    jobsPerMinute: 8,
    faults: parseFaults('crash=25%+6m,partition=25%@4m+4m,registry-crash=14m+1m'),
  });
  return chaos;
}

let guard: ScenarioResult | undefined;

/** 10 workers, 15 virtual minutes: 70 % partitioned for 6 minutes, so the mass-failure guard holds. */
export function guardRun(): ScenarioResult {
  guard ??= simulateResult('mass partition', {
    workers: 10,
    durationMs: 15 * 60_000,
    seed: 11,
    jobsPerMinute: 10,
    faults: parseFaults('partition=70%@3m+6m,crash=10%'),
  });
  return guard;
}
