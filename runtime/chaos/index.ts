// `rollcall/chaos`: the chaos harness as a library: the scenario library, one scenario in one
// mode (simulated, or on real processes behind the fault proxy), and defining scenarios of
// one's own (docs/chaos.md). Property campaigns need fast-check installed (rollcall chaos --property).
import '../package/node-guard.ts';

export { scenarios } from '../../scenarios/index.ts';
export { runScenario } from './run-scenario.ts';
export { defineScenario, type Mode, type Scenario, type ScenarioRun } from './scenario.ts';
export type { ScenarioResult } from './scenario-result.ts';
export { formatTable, formatFailures } from './format-results.ts';
export { renderTimeline } from '../report/index.ts';
