// `rollcall/chaos`: the chaos harness as a library: the scenario library, one scenario in one
// mode (simulated, or on real processes behind the fault proxy), and defining scenarios of
// one's own, and the invariants that judge a run's event log (docs/chaos.md). Fault schedules
// for property tests are in `rollcall/chaos/property`, which needs fast-check.
import '../package/node-guard.ts';

export { scenarios } from '../../scenarios/index.ts';
export { runScenario } from './run-scenario.ts';
export { defineScenario, type Mode, type Scenario, type ScenarioRun } from './scenario.ts';
export type { ScenarioResult } from './scenario-result.ts';
export { formatTable, formatFailures } from './format-results.ts';
export { renderTimeline } from '../report/index.ts';
export { checkInvariants, invariants } from '../invariants/invariants.ts';
export type { Bounds, Invariant, Violation } from '../invariants/invariant.ts';
