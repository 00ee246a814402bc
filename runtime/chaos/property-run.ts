// A property-based chaos campaign: fast-check draws fault schedules, each runs in the simulator
// with every invariant checked, and a failure is shrunk to a minimal schedule, reported with
// its seed and the one command that replays it.
import fc from 'fast-check';
import { describeSchedule, encodeSchedule, faultSchedules, scheduleScenario, type FaultSchedule } from './fault-schedule.ts';
import type { ScenarioResult } from './scenario-result.ts';
import { runSimScenario } from './sim-run.ts';

export interface CampaignOptions {
  runs: number;
  seed: number;
  /** Registry replicas on one database (default 1: a single registry). */
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
  const property = fc.asyncProperty(faultSchedules(options.replicas ?? 1), async (schedule) => {
    const result = await runSchedule(schedule);
    done++;
    options.onCase?.(done);
    return result.passed;
  });
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { runs: details.numRuns, seed, failure: null };
  const schedule = details.counterexample[0];
  const result = await runSchedule(schedule);
  return {
    runs: details.numRuns,
    seed,
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
