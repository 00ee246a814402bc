// A property-based chaos campaign: fast-check draws fault schedules, each runs in the simulator
// with every invariant checked, and a failure is shrunk to a minimal schedule, reported with
// its seed and the one command that replays it.
import fc from 'fast-check';
import { CampaignCoverage } from './campaign-coverage.ts';
import { describeSchedule, encodeSchedule, scheduleScenario, type FaultSchedule } from './fault-schedule.ts';
import { campaignSchedules } from './schedule-arbitraries.ts';
import type { ScenarioResult } from '../scenario-result.ts';
import { runSimScenario } from '../sim/run-sim-scenario.ts';

export interface CampaignOptions {
  runs: number;
  seed: number;
  /** Registry replicas on one database (1: a single registry; default: a mix of both). */
  replicas?: number;
  /** Run part `index` (0-based) of `count` equal parts, so a campaign splits across machines. */
  shard?: { index: number; count: number };
  onCase?: (done: number) => void;
}

export interface CampaignFailure {
  seed: number;
  path: string;
  schedule: FaultSchedule;
  story: string;
  result: ScenarioResult;
  replay: string;
  shrinks: number;
}

export interface CampaignOutcome {
  runs: number;
  seed: number;
  failure: CampaignFailure | null;
  /** The actions drawn and the machine transitions the runs went through. */
  coverage: CampaignCoverage;
}

export function replayCommand(schedule: FaultSchedule): string {
  return `npx rollcall chaos --replay ${encodeSchedule(schedule)}`;
}

export async function runSchedule(schedule: FaultSchedule): Promise<ScenarioResult> {
  return { ...(await runSimScenario(scheduleScenario(schedule), { seed: schedule.seed })), replay: replayCommand(schedule) };
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignOutcome> {
  const shard = options.shard ?? { index: 0, count: 1 };
  // Each shard explores its own seed, so the parts of a campaign draw different schedules.
  const seed = options.seed + shard.index;
  const runs = Math.ceil(options.runs / shard.count);
  let done = 0;
  const coverage = new CampaignCoverage();
  const property = fc.asyncProperty(campaignSchedules(options.replicas), async (schedule) => {
    const result = await runSchedule(schedule);
    // The campaign's own draws; a failure's shrinking runs smaller variants of one of them.
    if (done < runs) coverage.drew([...schedule.steps.map((step) => step.action.kind), ...(schedule.replicas ? ['replicas'] : [])]);
    if (done < runs) coverage.read(result.log);
    done++;
    options.onCase?.(done);
    return result.passed;
  });
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { runs: details.numRuns, seed, failure: null, coverage };
  const schedule = details.counterexample[0];
  const result = await runSchedule(schedule);
  return {
    runs: details.numRuns,
    seed,
    coverage,
    failure: {
      seed,
      path: details.counterexamplePath ?? '',
      schedule,
      story: describeSchedule(schedule),
      result,
      replay: replayCommand(schedule),
      shrinks: details.numShrinks,
    },
  };
}
