// Property-based chaos with a fixed budget: random fault schedules keep every invariant, and
// a failing schedule replays from its token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSchedule, describeSchedule, encodeSchedule } from '../../../../runtime/chaos/property/fault-schedule.ts';
import { faultSchedules } from '../../../../runtime/chaos/property/schedule-arbitraries.ts';
import { runCampaign, runSchedule } from '../../../../runtime/chaos/property/campaign.ts';
import { UNREACHABLE } from '../../../../runtime/chaos/property/campaign-coverage.ts';
import { propertyParams, propertySeed } from '../../../support/property.ts';

/** The campaign CI runs: small enough for a couple of minutes, big enough to reach every transition. */
const CI_CAMPAIGN_RUNS = 300;

/** Every action of the scenario API a campaign draws (and `replicas`: schedules on 3 replicas). */
const EVERY_ACTION = [
  'bandwidth', 'blackhole', 'clear', 'crash', 'db-cut', 'db-stall', 'db-stop', 'drain', 'heal', 'impostor', 'jobs', 'latency',
  'lose-replies', 'partition', 'pause', 'registry-crash', 'replica-crash', 'replica-pause', 'replicas', 'reset', 'restart', 'stop', 'unregister',
];

describe('property-based chaos', () => {
  it('random fault schedules keep every invariant, draw every action and reach every machine transition (the CI campaign)', async () => {
    const { seed, numRuns } = propertyParams(CI_CAMPAIGN_RUNS);
    const outcome = await runCampaign({ runs: numRuns, seed });
    console.log(outcome.coverage.format());
    expect(outcome.failure && `${outcome.failure.story}\n${outcome.failure.result.failures.map((f) => f.message).join('\n')}\n${outcome.failure.replay}`).toBeNull();
    expect(outcome.runs).toBe(numRuns);
    expect([...outcome.coverage.actions.keys()].sort()).toEqual(EVERY_ACTION);
    expect(outcome.coverage.missing()).toEqual([]);
    // What is listed as unreachable must stay so: a run through it would mean the reason is wrong.
    const reachedUnreachable = outcome.coverage.transitions().filter((t) => t.covered && `${t.machine} ${t.transition}` in UNREACHABLE);
    expect(reachedUnreachable).toEqual([]);
  }, 600_000);

  it('random fault schedules on registry replicas keep every invariant: leaders killed and stopped, the database stalled, down and cut off', async () => {
    const { seed, numRuns } = propertyParams(150);
    const outcome = await runCampaign({ runs: numRuns, seed, replicas: 3 });
    expect(outcome.failure && `${outcome.failure.story}\n${outcome.failure.result.failures.map((f) => f.message).join('\n')}\n${outcome.failure.replay}`).toBeNull();
    const [schedule] = fc.sample(faultSchedules(3), { seed, numRuns: 1 });
    expect(schedule!.replicas).toBe(3);
    expect(describeSchedule(schedule!)).toMatch(/^\d+ workers, 3 replicas, seed \d+: /);
    const kinds = new Set(fc.sample(faultSchedules(3), { seed, numRuns: 200 }).flatMap((s) => s.steps.map((step) => step.action.kind)));
    for (const kind of ['replica-crash', 'replica-pause', 'db-stall', 'db-stop', 'db-cut']) expect(kinds).toContain(kind);
    expect(kinds).not.toContain('registry-crash');
  });

  it('shards draw different schedules', () => {
    const [a] = fc.sample(faultSchedules(), { seed: propertySeed, numRuns: 1 });
    const [b] = fc.sample(faultSchedules(), { seed: propertySeed + 1, numRuns: 1 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('a schedule round-trips through its replay token and replays to the same log', async () => {
    const [schedule] = fc.sample(faultSchedules(), { seed: propertySeed, numRuns: 1 });
    const token = encodeSchedule(schedule!);
    expect(decodeSchedule(token)).toEqual(schedule);
    const first = await runSchedule(schedule!);
    const again = await runSchedule(decodeSchedule(token));
    expect(JSON.stringify(again.log)).toBe(JSON.stringify(first.log));
    expect(describeSchedule(schedule!)).toMatch(/^\d+ workers, seed \d+: /);
    expect(() => decodeSchedule('not a token')).toThrow(/not a schedule/);
  });
});
