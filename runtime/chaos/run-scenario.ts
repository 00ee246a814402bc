// Runs one scenario in one mode.
import type { Mode, Scenario } from './scenario.ts';
import type { ScenarioResult } from './scenario-result.ts';
import { runRealScenario } from './real-run.ts';
import { runSimScenario } from './sim-run.ts';

export async function runScenario(scenario: Scenario, mode: Mode, options: { seed: number; scale: number }): Promise<ScenarioResult> {
  if (mode === 'sim') return runSimScenario(scenario, { seed: options.seed });
  return runRealScenario(scenario, { seed: options.seed, scale: options.scale });
}
