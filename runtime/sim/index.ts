// `rollcall/sim`: the deterministic simulator as a library. A run is synchronous and the same
// seed and options always write the same event log (docs/simulation.md).
import '../package/node-guard.ts';

export { runSimulation, type SimOptions, type SimResult } from './simulation.ts';
export { parseFaults, emptyFaultPlan, FAULT_SYNTAX } from './fault-plan.ts';
export { checkRun } from './check-run.ts';
export { formatSummary } from './format-summary.ts';
