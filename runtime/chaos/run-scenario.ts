// Runs one scenario in one mode, and says how to run it again. The real mode's harness (child
// processes, the fault proxy, PostgreSQL for replica scenarios) is loaded only for a real run.
import type { Mode, Scenario } from './scenario.ts';
import type { ScenarioResult } from './scenario-result.ts';
import { runSimScenario } from './sim/run-sim-scenario.ts';
import { scenarioReplay } from './replay-command.ts';

export interface RunOptions {
  seed: number;
  /** Real mode's time scale. */
  scale: number;
  /** Real mode: the user's worker command, run instead of `rollcall worker`. */
  workerCommand?: string;
}

/** Runs it and notes the command that replays it. */
export async function runScenario(scenario: Scenario, mode: Mode, options: RunOptions): Promise<ScenarioResult> {
  const own = options.workerCommand === undefined ? {} : { workerCommand: options.workerCommand };
  const result =
    mode === 'sim'
      ? await runSimScenario(scenario, { seed: options.seed })
      : await (await import('./real/run-real-scenario.ts')).runRealScenario(scenario, { seed: options.seed, scale: options.scale, ...own });
  return { ...result, replay: scenarioReplay(scenario.name, mode, options) };
}
