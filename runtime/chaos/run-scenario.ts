// Runs one scenario in one mode. The real mode's harness (child processes, the fault proxy,
// PostgreSQL for replica scenarios) is loaded only when a real run is asked for.
import type { Mode, Scenario } from './scenario.ts';
import type { ScenarioResult } from './scenario-result.ts';
import { runSimScenario } from './sim-run.ts';

export async function runScenario(scenario: Scenario, mode: Mode, options: { seed: number; scale: number }): Promise<ScenarioResult> {
  if (mode === 'sim') return runSimScenario(scenario, { seed: options.seed });
  const { runRealScenario } = await import('./real-run.ts');
  return runRealScenario(scenario, { seed: options.seed, scale: options.scale });
}
