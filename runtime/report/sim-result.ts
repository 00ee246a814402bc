// A simulator run as a ScenarioResult, so `rollcall sim` runs (and this module's tests and
// sample) can be drawn by the same report as chaos scenarios.
import type { Figure, ScenarioResult } from '../chaos/scenario-result.ts';
import { failuresOf } from '../chaos/scenario-result.ts';
import { checkRun } from '../sim/check-run.ts';
import { runSimulation, type SimOptions, type SimResult } from '../sim/simulation.ts';

function figuresOf(run: SimResult): Record<string, Figure> {
  const { summary } = run;
  const figures: Record<string, Figure> = {
    workers: { value: summary.workers, unit: 'count' },
    crashes: { value: summary.detection.crashes, unit: 'count' },
    jobs: { value: summary.jobs.total, unit: 'count' },
    'jobs lost': { value: summary.jobs.lost, unit: 'count' },
  };
  if (summary.detection.toUnhealthy) figures['crash → unhealthy p50'] = { value: summary.detection.toUnhealthy.p50Ms, unit: 'ms' };
  if (summary.detection.toFailed) figures['crash → failed p50'] = { value: summary.detection.toFailed.p50Ms, unit: 'ms' };
  return figures;
}

/** The result of a finished run, invariants checked; `wallMs` is the caller's measurement. */
export function resultOfRun(scenario: string, run: SimResult, wallMs = 0): ScenarioResult {
  const failures = failuresOf(checkRun(run));
  return {
    scenario,
    mode: 'sim',
    seed: run.options.seed,
    passed: failures.length === 0,
    failures,
    figures: figuresOf(run),
    wallMs,
    scenarioMs: run.options.durationMs,
    log: run.log.entries,
  };
}

/** Runs the simulator and returns its result (wall time left at 0, so output is deterministic). */
export function simulateResult(scenario: string, options: SimOptions): ScenarioResult {
  return resultOfRun(scenario, runSimulation(options));
}
